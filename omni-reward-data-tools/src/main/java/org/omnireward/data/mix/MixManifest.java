package org.omnireward.data.mix;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.omnireward.data.mix.DataMix.SideCounts;
import org.omnireward.data.mix.DataMix.SourceCounts;
import org.omnireward.data.mix.Recipe.Cap;

/**
 * {@code manifest.json} of a mix: the recipe's settings, the files, and per output (a source, or a
 * category a step makes) what was read, skipped, dropped at each step of the selection, and written
 * per task and side.
 *
 * @param tasks records written per task: {@code {"t2t": {"train": 9, "valid": 1}}}
 * @param sources per output, in recipe order (sources first, then the steps' outputs)
 * @param split pairs and prompt groups the sources gave on each side, before the selection
 */
public record MixManifest(
        String recipe,
        long seed,
        @JsonProperty("valid_fraction") double validFraction,
        @JsonProperty("near_duplicates") boolean nearDuplicates,
        @JsonProperty("drop_ties") boolean dropTies,
        String root,
        Files files,
        @JsonProperty("train_records") long trainRecords,
        @JsonProperty("valid_records") long validRecords,
        Map<String, TaskCounts> tasks,
        Map<String, Output> sources,
        Split split) {

    /** The files of the mix folder. */
    public record Files(String train, String valid, String skipped) {}

    /** Records of one task on each side. */
    public record TaskCounts(long train, long valid) {}

    /**
     * Groups and pairs the sources gave on each side of the split (before ties, duplicates, balancing and caps).
     */
    public record Split(
            @JsonProperty("train_groups") long trainGroups,
            @JsonProperty("valid_groups") long validGroups,
            @JsonProperty("train_pairs_read") long trainPairsRead,
            @JsonProperty("valid_pairs_read") long validPairsRead) {}

    /**
     * The pairs a source gave, before the selection.
     *
     * @param chosenLonger decisive pairs whose chosen response is longer
     * @param chosenShorter decisive pairs whose chosen response is shorter
     */
    public record ReadPairs(
            long pairs,
            long ties,
            long decisive,
            @JsonProperty("chosen_longer") long chosenLonger,
            @JsonProperty("chosen_shorter") long chosenShorter) {}

    /**
     * One side of one output.
     *
     * @param pairs written
     * @param duplicates dropped as exact or near duplicates
     * @param sameResponses criterion pairs not made a second time from another base pair of the same prompt
     *     and the same two responses
     * @param meanCharsChosen mean length (code points) of the written chosen responses
     */
    public record Side(
            long pairs,
            @JsonProperty("chosen_longer") long chosenLonger,
            @JsonProperty("chosen_shorter") long chosenShorter,
            @JsonProperty("same_length") long sameLength,
            @JsonProperty("ties_excluded") long tiesExcluded,
            long duplicates,
            @JsonProperty("same_responses") long sameResponses,
            @JsonProperty("dropped_for_length_balance") long droppedForLengthBalance,
            @JsonProperty("not_sampled") long notSampled,
            @JsonProperty("capped_out") long cappedOut,
            @JsonProperty("mean_chars_chosen") double meanCharsChosen,
            @JsonProperty("mean_chars_rejected") double meanCharsRejected) {

        static Side of(SideCounts c) {
            return new Side(
                    c.written,
                    c.longer,
                    c.shorter,
                    c.written - c.longer - c.shorter,
                    c.ties,
                    c.duplicates,
                    c.sameResponses,
                    c.balance,
                    c.notSampled,
                    c.capped,
                    c.written == 0 ? 0 : (double) c.charsChosen / c.written,
                    c.written == 0 ? 0 : (double) c.charsRejected / c.written);
        }
    }

    /**
     * One output: a recipe source ({@code path}, {@code format}, {@code weight}, {@code read_pairs}) or
     * a category a step makes ({@code step}, {@code from}).
     *
     * @param cap a number (both sides together), {@code {"train": N, "valid": M}}, or null
     * @param read records read (for a step: pairs made)
     * @param derivedFromDropped a {@code use: kept} step's pairs whose base pair was dropped
     */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    public record Output(
            String path,
            List<String> paths,
            String format,
            String step,
            List<String> from,
            Double weight,
            @JsonInclude(JsonInclude.Include.ALWAYS) Object cap,
            long files,
            long read,
            Map<String, Long> skipped,
            List<String> notes,
            @JsonProperty("read_pairs") ReadPairs readPairs,
            @JsonProperty("exact_duplicates") long exactDuplicates,
            @JsonProperty("near_duplicates") long nearDuplicates,
            @JsonProperty("ties_excluded") long tiesExcluded,
            @JsonProperty("dropped_for_length_balance") long droppedForLengthBalance,
            @JsonProperty("derived_from_dropped") long derivedFromDropped,
            @JsonProperty("not_sampled") long notSampled,
            @JsonProperty("copies_after_weight") long copiesAfterWeight,
            @JsonProperty("capped_out") long cappedOut,
            Map<String, TaskCounts> tasks,
            long train,
            long valid,
            Map<String, Side> sides) {}

    /** The manifest of a finished mix. */
    static MixManifest of(Recipe recipe, Map<String, SourceCounts> counts, long[] written, Split split) {
        Map<String, Output> outputs = new LinkedHashMap<>();
        Map<String, long[]> perTask = new TreeMap<>();
        counts.forEach((name, sc) -> {
            outputs.put(name, output(recipe, name, sc));
            sc.tasks.forEach((t, n) -> {
                long[] all = perTask.computeIfAbsent(t, k -> new long[2]);
                all[0] += n[0];
                all[1] += n[1];
            });
        });
        Map<String, TaskCounts> tasks = new LinkedHashMap<>();
        perTask.forEach((t, n) -> tasks.put(t, new TaskCounts(n[0], n[1])));
        return new MixManifest(
                recipe.file().toString(),
                recipe.seed(),
                recipe.validFraction(),
                recipe.nearDuplicates(),
                recipe.dropTies(),
                recipe.root().toString(),
                new Files("train.jsonl", "valid.jsonl", "skipped.jsonl"),
                written[0],
                written[1],
                tasks,
                outputs,
                split);
    }

    private static Output output(Recipe recipe, String name, SourceCounts sc) {
        Map<String, TaskCounts> tasks = new LinkedHashMap<>();
        sc.tasks.forEach((t, n) -> tasks.put(t, new TaskCounts(n[0], n[1])));
        Map<String, Long> skipped = new LinkedHashMap<>();
        sc.skipped.forEach((k, v) -> skipped.put(k.key(), v));
        Map<String, Side> sides = new LinkedHashMap<>();
        sides.put("train", Side.of(sc.sides[0]));
        sides.put("valid", Side.of(sc.sides[1]));
        Recipe.Source src = recipe.source(name).orElse(null);
        Recipe.Step step = src != null
                ? null
                : recipe.steps().stream()
                        .filter(s -> s.outputs().contains(name))
                        .findFirst()
                        .orElseThrow();
        return new Output(
                src == null ? null : src.path().toString(),
                src == null || src.paths().size() < 2
                        ? null
                        : src.paths().stream().map(Object::toString).toList(),
                src == null ? null : src.format().id(),
                step == null ? null : step.describe(),
                step == null ? null : step.from(),
                src == null ? null : src.weight(),
                capJson(src != null ? src.cap() : step.cap()),
                sc.files,
                sc.read,
                skipped,
                List.copyOf(sc.notes),
                src == null ? null : sc.readPairs(),
                sc.exactDuplicates,
                sc.nearDuplicates,
                sc.sides[0].ties + sc.sides[1].ties,
                sc.sides[0].balance + sc.sides[1].balance,
                sc.derivedFromDropped,
                sc.sides[0].notSampled + sc.sides[1].notSampled,
                sc.afterWeights,
                sc.cappedOut,
                tasks,
                sc.sides[0].written,
                sc.sides[1].written,
                sides);
    }

    private static Object capJson(Cap cap) {
        if (cap.total().isPresent()) {
            return cap.total().getAsLong();
        }
        if (cap.train().isEmpty() && cap.valid().isEmpty()) {
            return null;
        }
        Map<String, Long> m = new LinkedHashMap<>();
        cap.train().ifPresent(v -> m.put("train", v));
        cap.valid().ifPresent(v -> m.put("valid", v));
        return m;
    }
}
