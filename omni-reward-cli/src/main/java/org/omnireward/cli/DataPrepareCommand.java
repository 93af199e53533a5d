package org.omnireward.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.omnireward.data.mix.PreparedData;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code omni-reward data prepare}: an alias of {@code data mix} with the shipped recipe
 * {@code recipes/bt.yaml} on the shared data folder (AlpacaEval, XSTest, the LLaMA-Factory demos; split
 * by instruction, AlpacaEval length-balanced on the train side, criterion-conditioned pairs), writing the
 * unified {@code train.jsonl}, {@code valid.jsonl}, {@code stats.json} and the mix's {@code manifest.json}.
 */
@Command(
        name = "prepare",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Build train.jsonl / valid.jsonl (unified preference format) from the preference data in a folder: "
                    + "AlpacaEval annotations, XSTest, LLaMA-Factory ranking and chosen/rejected message files.",
            "Splits by instruction, length-balances the general pairs and adds criterion-conditioned pairs "
                    + "(concise/detailed, list/prose, declines/complies). Benchmark test splits are refused.",
            "Runs the shipped recipe recipes/bt.yaml through `data mix` (also writes manifest.json and skipped.jsonl)."
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
        PreparedData.Prepared r;
        try (TerminalProgress progress = new TerminalProgress(System.err, "prepare")) {
            r = PreparedData.prepare(shared, out, seed, validFraction, progress);
        }
        PrintWriter w = spec.commandLine().getOut();
        w.printf(
                Locale.ROOT,
                "train: %s (%,d pairs; the longer response chosen in %.1f%%)%n",
                r.train(),
                r.mix().trainRecords(),
                100 * orNaN(r.stats().train().chosenLongerFraction()));
        w.printf(
                Locale.ROOT,
                "valid: %s (%,d pairs; the longer response chosen in %.1f%%)%n",
                r.valid(),
                r.mix().validRecords(),
                100 * orNaN(r.stats().valid().chosenLongerFraction()));
        w.printf("stats: %s%n", r.statsFile());
        w.flush();
        return 0;
    }

    private static double orNaN(Double d) {
        return d == null ? Double.NaN : d;
    }
}
