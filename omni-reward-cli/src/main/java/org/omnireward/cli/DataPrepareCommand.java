package org.omnireward.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.omnireward.data.DataPreparation;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code omni-reward data prepare}: reads every preference source under the shared data folder,
 * splits by instruction, balances length, adds criterion-conditioned pairs, and writes the unified
 * {@code train.jsonl}, {@code valid.jsonl} and {@code stats.json}.
 */
@Command(
        name = "prepare",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Build train.jsonl / valid.jsonl (unified preference format) from the preference data in a folder: "
                    + "AlpacaEval annotations, XSTest, LLaMA-Factory ranking and chosen/rejected message files.",
            "Splits by instruction, length-balances the general pairs and adds criterion-conditioned pairs "
                    + "(concise/detailed, list/prose, declines/complies). Benchmark test splits are refused."
        })
public final class DataPrepareCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--shared",
            defaultValue = "../shared/data",
            paramLabel = "DIR",
            description = "The folder with the preference data (default: ${DEFAULT-VALUE}).")
    Path shared;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "Where train.jsonl, valid.jsonl and stats.json go.")
    Path out;

    @Option(
            names = "--seed",
            defaultValue = "42",
            paramLabel = "N",
            description = "Seed of the split and sampling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--valid-fraction",
            defaultValue = "0.1",
            paramLabel = "F",
            description = "Fraction of instructions held out for validation (default: ${DEFAULT-VALUE}).")
    double validFraction;

    @Override
    public Integer call() {
        DataPreparation.Report r = DataPreparation.prepare(shared, out, seed, validFraction);
        PrintWriter w = spec.commandLine().getOut();
        w.printf(
                Locale.ROOT,
                "train: %s (%,d pairs; the longer response chosen in %.1f%%)%n",
                r.train(),
                r.trainPairs(),
                100 * r.trainMix().chosenLongerFraction());
        w.printf(
                Locale.ROOT,
                "valid: %s (%,d pairs; the longer response chosen in %.1f%%)%n",
                r.valid(),
                r.validPairs(),
                100 * r.validMix().chosenLongerFraction());
        w.printf("stats: %s%n", r.statsFile());
        w.flush();
        return 0;
    }
}
