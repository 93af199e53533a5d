package org.omnireward.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code omni-reward data …}: preference data for training. */
@Command(
        name = "data",
        mixinStandardHelpOptions = true,
        description =
                "Preference data: prepare, convert, synthesize, mix, stats, export; evaluate a scalar model on pairs.",
        subcommands = {
            DataPrepareCommand.class,
            DataPrepareRmCommand.class,
            DataConvertCommand.class,
            DataSynthesizeCommand.class,
            DataMixCommand.class,
            DataStatsCommand.class,
            DataExportCommand.class,
            DataEvaluateCommand.class
        })
public final class DataCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
