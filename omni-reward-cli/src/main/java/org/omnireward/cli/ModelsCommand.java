package org.omnireward.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code omni-reward models}: lists the model providers on the class path with their kinds and options. */
@Command(
        name = "models",
        mixinStandardHelpOptions = true,
        description = {
            "List the reward-model providers that --model can name: name, kind (scalar: scores each response;"
                    + " pairwise: names the better of two), what it is, and the options each accepts with their type"
                    + " (or choices), default, bounds and meaning."
        })
public final class ModelsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        ModelHelp.lines().forEach(out::println);
        out.flush();
    }
}
