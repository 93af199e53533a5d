package org.omnireward.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code omni-reward data …}: preference data for training. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Prepare preference data for training.",
        subcommands = {DataPrepareCommand.class, DataPrepareRmCommand.class, DataEvaluateCommand.class})
public final class DataCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
