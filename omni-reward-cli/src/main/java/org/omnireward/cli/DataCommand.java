package org.omnireward.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code omni-reward data …}: preference data for training. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Preference data for training: prepare, convert, export.",
        subcommands = {DataPrepareCommand.class, DataConvertCommand.class, DataSynthesizeCommand.class, DataMixCommand.class, DataStatsCommand.class, DataExportCommand.class})
public final class DataCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
