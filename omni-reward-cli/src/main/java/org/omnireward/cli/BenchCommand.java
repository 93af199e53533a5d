package org.omnireward.cli;

import picocli.CommandLine.Command;

/** {@code omni-reward bench …}: everything about Omni-RewardBench. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Validate, run and report on Omni-RewardBench.",
        subcommands = {BenchValidateCommand.class, BenchRunCommand.class, BenchReportCommand.class})
public final class BenchCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
