package org.omnireward.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code omni-reward train …}: training reward models. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = "Train reward models.",
        subcommands = {TrainBtCommand.class, TrainRmCommand.class})
public final class TrainCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
