package org.omnireward.data;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.util.Json;

/**
 * Prepares the training data of the shipped reward model in one call: reads every preference file
 * under {@code <sharedData>/text-preferences} (or {@code sharedData} itself when it is that folder),
 * splits by group, builds the length-balanced training mix and an unbalanced validation mix with
 * {@link TrainingMix}, and writes {@code train.jsonl}, {@code valid.jsonl} (unified format) and
 * {@code stats.json}. Ties are counted and left out of both files. Files that look like benchmark
 * test sets are never read ({@link TestSetGuard}).
 */
public final class DataPreparation {

    /** Version of the layout of {@code stats.json}. */
    public static final int STATS_FORMAT_VERSION = 1;

    /**
     * What was written.
     *
     * @param stats the content of {@code stats.json}
     */
    public record Report(
            Path train,
            Path valid,
            Path statsFile,
            int trainPairs,
            int validPairs,
            MixSummary trainMix,
            MixSummary validMix,
            Splits.Stats split,
            ObjectNode stats) {}

    private static final class Tally {
        int files;
        final List<PreferencePair> pairs = new ArrayList<>();
        final ReadResult counts;

        Tally(PreferenceFormat f) {
            counts = new ReadResult(f.id());
        }
    }

    private DataPreparation() {}

    /** {@link #prepare(Path, Path, long, double, TrainingMix.Options)} with default mix options. */
    public static Report prepare(Path sharedData, Path outDir, long seed, double validFraction) {
        return prepare(sharedData, outDir, seed, validFraction, TrainingMix.Options.defaults(seed));
    }

    /**
     * Reads, splits, mixes and writes.
     *
     * @throws InvalidInputException when the folder holds no preference data or no usable pairs
     */
    public static Report prepare(
            Path sharedData, Path outDir, long seed, double validFraction, TrainingMix.Options mixOptions) {
        Splits.side("", seed, validFraction); // validates the fraction before any work
        Path root = Files.isDirectory(sharedData.resolve("text-preferences"))
                ? sharedData.resolve("text-preferences")
                : sharedData;
        if (!Files.isDirectory(root)) {
            throw new InvalidInputException("preference data folder not found: " + root);
        }
        PreferenceSource top = PreferenceReaders.open(root);
        List<PreferenceSource> sources = top instanceof FolderSource fs ? fs.sources() : List.of(top);
        List<SkippedRecord> ignored = top instanceof FolderSource fs ? fs.ignored() : List.of();

        Map<PreferenceFormat, Tally> tallies = new EnumMap<>(PreferenceFormat.class);
        List<XsTestReader.Completion> completions = new ArrayList<>();
        for (PreferenceSource s : sources) {
            Tally t = tallies.computeIfAbsent(s.format(), Tally::new);
            ReadResult r = new ReadResult(s.description());
            if (s instanceof XsTestReader x) {
                List<XsTestReader.Completion> cs = x.readCompletions(r);
                XsTestReader.safetyPairs(cs, r);
                completions.addAll(cs);
            } else {
                s.read(r);
            }
            t.files += s.files().size();
            t.pairs.addAll(r.pairs());
            r.pairs().forEach(t.counts::pair);
            r.skipped().forEach(t.counts::skipped);
            r.notes().forEach(t.counts::note);
        }
        List<PreferencePair> all = new ArrayList<>();
        tallies.values().forEach(t -> all.addAll(t.pairs));
        if (all.stream().noneMatch(p -> !p.tie())) {
            throw new InvalidInputException(
                    "no usable preference pairs under " + root + " (read " + sources.size() + " sources)");
        }
        Splits.Split split = Splits.split(all, seed, validFraction);

        TrainingMix train = TrainingMix.builder(mixOptions);
        TrainingMix valid = TrainingMix.builder(mixOptions);
        for (Map.Entry<PreferenceFormat, Tally> e : tallies.entrySet()) {
            PreferenceFormat f = e.getKey();
            List<PreferencePair> trainPairs = new ArrayList<>();
            List<PreferencePair> validPairs = new ArrayList<>();
            for (PreferencePair p : e.getValue().pairs) {
                (Splits.side(p.group(), seed, validFraction) == Splits.Side.VALID ? validPairs : trainPairs).add(p);
            }
            if (f == PreferenceFormat.XSTEST) {
                List<XsTestReader.Completion> trainC = new ArrayList<>();
                List<XsTestReader.Completion> validC = new ArrayList<>();
                for (XsTestReader.Completion c : completions) {
                    (Splits.side(Groups.ofPrompt(c.prompt()), seed, validFraction) == Splits.Side.VALID
                                    ? validC
                                    : trainC)
                            .add(c);
                }
                train.addSafety(f.id(), trainPairs, trainC);
                valid.addSafety(f.id(), validPairs, validC);
            } else {
                train.addGeneral(f.id(), trainPairs, f == PreferenceFormat.ALPACA_EVAL);
                valid.addGeneral(f.id(), validPairs, false);
            }
        }
        TrainingMix.Result trainMix = train.build();
        TrainingMix.Result validMix = valid.build();
        requireDisjointGroups(trainMix.pairs(), validMix.pairs());

        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + outDir + ": " + e.getMessage(), e);
        }
        Path trainFile = outDir.resolve("train.jsonl");
        Path validFile = outDir.resolve("valid.jsonl");
        Path statsFile = outDir.resolve("stats.json");
        writeAtomically(trainFile, tmp -> UnifiedJsonlWriter.writeAll(tmp, trainMix.pairs()));
        writeAtomically(validFile, tmp -> UnifiedJsonlWriter.writeAll(tmp, validMix.pairs()));

        ObjectNode stats =
                stats(root, seed, validFraction, mixOptions, tallies, ignored, split.stats(), trainMix, validMix);
        writeAtomically(statsFile, tmp -> {
            try {
                Json.pretty().writeValue(tmp.toFile(), stats);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + statsFile + ": " + e.getMessage(), e);
            }
        });
        return new Report(
                trainFile,
                validFile,
                statsFile,
                trainMix.pairs().size(),
                validMix.pairs().size(),
                trainMix.summary(),
                validMix.summary(),
                split.stats(),
                stats);
    }

    private static ObjectNode stats(
            Path root,
            long seed,
            double validFraction,
            TrainingMix.Options mix,
            Map<PreferenceFormat, Tally> tallies,
            List<SkippedRecord> ignored,
            Splits.Stats split,
            TrainingMix.Result train,
            TrainingMix.Result valid) {
        ObjectNode s = Json.mapper().createObjectNode();
        s.put("format_version", STATS_FORMAT_VERSION);
        s.put("data", root.toAbsolutePath().normalize().toString());
        s.put("seed", seed);
        s.put("valid_fraction", validFraction);
        ObjectNode opts = s.putObject("mix_options");
        opts.put("alpaca_eval_length_balanced", true);
        opts.put("length_synthesis_rate", mix.lengthRate());
        opts.put("format_synthesis_rate", mix.formatRate());
        opts.put("refusal_synthesis_rate", mix.refusalRate());
        opts.put("length_ratio", CriterionSynthesis.LENGTH_RATIO);
        ObjectNode read = s.putObject("read");
        for (Map.Entry<PreferenceFormat, Tally> e : tallies.entrySet()) {
            Tally t = e.getValue();
            ObjectNode r = read.putObject(e.getKey().id());
            r.put("files", t.files);
            r.put("pairs", t.pairs.size());
            r.put("ties", t.counts.ties());
            List<PreferencePair> decisive = t.counts.decisivePairs();
            r.put("decisive", decisive.size());
            putFraction(r, "chosen_longer_fraction", LengthBalance.chosenLongerFraction(decisive));
            r.put(
                    "chosen_shorter",
                    decisive.stream().filter(LengthBalance::isLengthBalanced).count());
            ObjectNode sk = r.putObject("skipped");
            t.counts.skippedByReason().forEach((reason, n) -> sk.put(reason.key(), n));
            ArrayNode notes = r.putArray("notes");
            t.counts.notes().forEach(notes::add);
        }
        ArrayNode ign = s.putArray("ignored_files");
        ignored.forEach(i -> ign.add(i.toString()));
        ObjectNode sp = s.putObject("split");
        sp.put("train_groups", split.trainGroups());
        sp.put("valid_groups", split.validGroups());
        sp.put("train_pairs_read", split.trainPairs());
        sp.put("valid_pairs_read", split.validPairs());
        putFraction(sp, "valid_pair_fraction", split.validPairFraction());
        s.set("train", mixJson(train));
        s.set("valid", mixJson(valid));
        return s;
    }

    private static ObjectNode mixJson(TrainingMix.Result mix) {
        ObjectNode m = Json.mapper().valueToTree(mix.summary());
        List<PreferencePair> natural =
                mix.pairs().stream().filter(p -> !Sources.isSynthetic(p)).toList();
        m.put("natural_pairs", natural.size());
        m.put(
                "natural_length_balanced_pairs",
                natural.stream().filter(LengthBalance::isLengthBalanced).count());
        putFraction(m, "natural_chosen_longer_fraction", LengthBalance.chosenLongerFraction(natural));
        m.put("mean_chars_chosen", mean(mix.pairs(), true));
        m.put("mean_chars_rejected", mean(mix.pairs(), false));
        return m;
    }

    private static double mean(Collection<PreferencePair> pairs, boolean chosen) {
        return pairs.stream()
                .mapToInt(p -> Math.max(0, LengthBalance.length(chosen ? p.chosen() : p.rejected())))
                .average()
                .orElse(0);
    }

    private static void putFraction(ObjectNode o, String field, double v) {
        if (Double.isNaN(v)) {
            o.putNull(field);
        } else {
            o.put(field, v);
        }
    }

    private static void requireDisjointGroups(List<PreferencePair> train, List<PreferencePair> valid) {
        Set<String> trainGroups = new HashSet<>();
        train.forEach(p -> trainGroups.add(p.group()));
        for (PreferencePair p : valid) {
            if (trainGroups.contains(p.group())) {
                throw new IllegalStateException(
                        "group " + p.group() + " is on both sides of the split (" + p.id() + ")");
            }
        }
    }

    private interface FileWriting {
        void write(Path tmp);
    }

    private static void writeAtomically(Path target, FileWriting writing) {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        writing.write(tmp);
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace " + target + ": " + e.getMessage(), e);
        }
    }
}
