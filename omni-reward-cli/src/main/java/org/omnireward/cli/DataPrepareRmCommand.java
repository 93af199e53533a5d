package org.omnireward.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.omnireward.rm.RmDataPreparation;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code omni-reward data prepare-rm}: the training and validation files of {@code train rm} ({@link RmDataPreparation}). */
@Command(
        name = "prepare-rm",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Build train.jsonl and valid.jsonl for `train rm` from the shared preference data: real pairs of "
                + "six sources, pairs that separate quality from length, and criterion flips, split by prompt.")
public final class DataPrepareRmCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--shared",
            required = true,
            paramLabel = "DIR",
            description = "The shared data folder (../shared/data).")
    Path shared;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write the files.")
    Path out;

    @Option(
            names = "--seed",
            defaultValue = "42",
            paramLabel = "N",
            description = "Seed of the split and the caps (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--train-per-category",
            defaultValue = "400",
            paramLabel = "N",
            description = "Most training pairs per source category (default: ${DEFAULT-VALUE}).")
    int trainPerCategory;

    @Option(
            names = "--valid-per-category",
            defaultValue = "40",
            paramLabel = "N",
            description = "Most validation pairs per source category (default: ${DEFAULT-VALUE}).")
    int validPerCategory;

    @Override
    public Integer call() {
        var w = spec.commandLine().getOut();
        new RmDataPreparation(shared, seed, trainPerCategory, validPerCategory).write(out, line -> {
            w.println(line);
            w.flush();
        });
        return 0;
    }
}
