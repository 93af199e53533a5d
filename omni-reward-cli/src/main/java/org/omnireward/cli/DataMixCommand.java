package org.omnireward.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.omnireward.core.util.ProgressDisplay;
import org.omnireward.data.mix.DataMix;
import org.omnireward.data.mix.Recipe;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code omni-reward data mix}: a training mixture from a recipe. */
@Command(
        name = "mix",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Build a training mixture from a recipe (YAML): per-source caps and weights, exact and "
                    + "near-duplicate removal, a seeded shuffle, a train/valid split by prompt group.",
            "Writes OUT/train.jsonl, OUT/valid.jsonl, OUT/manifest.json, OUT/skipped.jsonl and OUT/media/."
        })
public final class DataMixCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--recipe", required = true, paramLabel = "FILE", description = "The recipe (YAML).")
    Path recipe;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The folder to write.")
    Path out;

    @Override
    public Integer call() {
        Recipe r = Recipe.load(recipe);
        DataMix.Result res;
        try (ProgressDisplay progress = new ProgressDisplay(System.err, "mix")) {
            res = DataMix.run(r, out, progress);
        }
        PrintWriter w = spec.commandLine().getOut();
        w.printf(
                Locale.ROOT,
                "%-20s %10s %9s %9s %9s %9s %9s %9s%n",
                "source",
                "read",
                "skipped",
                "exact dup",
                "near dup",
                "capped",
                "train",
                "valid");
        for (Map.Entry<String, DataMix.SourceCounts> e : res.sources().entrySet()) {
            DataMix.SourceCounts c = e.getValue();
            long tr = c.tasks().values().stream().mapToLong(a -> a[0]).sum();
            long va = c.tasks().values().stream().mapToLong(a -> a[1]).sum();
            w.printf(
                    Locale.ROOT,
                    "%-20s %,10d %,9d %,9d %,9d %,9d %,9d %,9d%n",
                    e.getKey(),
                    c.read(),
                    c.skippedCount(),
                    c.exactDuplicates(),
                    c.nearDuplicates(),
                    c.cappedOut(),
                    tr,
                    va);
        }
        w.printf(
                Locale.ROOT,
                "train: %s (%,d records)%nvalid: %s (%,d records)%nmanifest: %s%n",
                res.train(),
                res.trainRecords(),
                res.valid(),
                res.validRecords(),
                res.manifest());
        w.flush();
        return 0;
    }
}
