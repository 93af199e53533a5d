package org.omnireward.data.mix;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.util.Json;
import org.omnireward.core.util.Progress;
import org.omnireward.data.mix.MixManifest.Output;
import org.omnireward.data.mix.MixManifest.Side;
import org.omnireward.data.mix.Recipe.Balance;
import org.omnireward.data.mix.Recipe.Step;

/**
 * {@code data prepare} and {@code data prepare-rm}: thin aliases that run a shipped recipe
 * ({@code recipes/bt.yaml}, {@code recipes/rm.yaml}) through {@link DataMix} on the shared data and
 * write, beside the mix's own files, the {@code stats.json} each command has always written.
 */
public final class PreparedData {

    /** Version of the layout of {@code data prepare}'s {@code stats.json} (2: made by the mix engine). */
    public static final int STATS_FORMAT_VERSION = 2;

    /** What {@code data prepare} wrote. */
    public record Prepared(Path train, Path valid, Path statsFile, DataMix.Result mix, BtStats stats) {}

    /** {@code data prepare}'s {@code stats.json}: the keys docs/preference-format.md lists. */
    public record BtStats(
            @JsonProperty("format_version") int formatVersion,
            String data,
            String recipe,
            long seed,
            @JsonProperty("valid_fraction") double validFraction,
            @JsonProperty("mix_options") MixOptions mixOptions,
            Map<String, ReadStats> read,
            @JsonProperty("ignored_files") List<String> ignoredFiles,
            SplitStats split,
            SideStats train,
            SideStats valid) {}

    /** The recipe's settings as {@code data prepare} has always reported them. */
    public record MixOptions(
            @JsonProperty("alpaca_eval_length_balanced") boolean alpacaEvalLengthBalanced,
            @JsonProperty("length_synthesis_rate") Double lengthSynthesisRate,
            @JsonProperty("format_synthesis_rate") Double formatSynthesisRate,
            @JsonProperty("refusal_synthesis_rate") Double refusalSynthesisRate,
            @JsonProperty("length_ratio") double lengthRatio) {}

    /** What one source (one format) gave. */
    public record ReadStats(
            long files,
            long pairs,
            long ties,
            long decisive,
            @JsonProperty("chosen_longer_fraction") Double chosenLongerFraction,
            @JsonProperty("chosen_shorter") long chosenShorter,
            Map<String, Long> skipped,
            List<String> notes) {}

    /** The split of the pairs read. */
    public record SplitStats(
            @JsonProperty("train_groups") long trainGroups,
            @JsonProperty("valid_groups") long validGroups,
            @JsonProperty("train_pairs_read") long trainPairsRead,
            @JsonProperty("valid_pairs_read") long validPairsRead,
            @JsonProperty("valid_pair_fraction") Double validPairFraction) {}

    /** One source (or synthetic category) on one side. */
    public record SourceStats(
            long pairs,
            @JsonProperty("chosen_longer") long chosenLonger,
            @JsonProperty("chosen_shorter") long chosenShorter,
            @JsonProperty("same_length") long sameLength,
            @JsonProperty("ties_excluded") long tiesExcluded,
            @JsonProperty("dropped_for_length_balance") long droppedForLengthBalance,
            @JsonProperty("duplicates_dropped") long duplicatesDropped,
            @JsonProperty("not_sampled") long notSampled,
            @JsonProperty("chosen_longer_fraction") Double chosenLongerFraction) {}

    /** One side of the split: totals, per source, and the natural (non-synthetic) pairs. */
    public record SideStats(
            long total,
            @JsonProperty("chosen_longer") long chosenLonger,
            @JsonProperty("chosen_shorter") long chosenShorter,
            Map<String, SourceStats> sources,
            @JsonProperty("chosen_longer_fraction") Double chosenLongerFraction,
            @JsonProperty("natural_pairs") long naturalPairs,
            @JsonProperty("natural_length_balanced_pairs") long naturalLengthBalancedPairs,
            @JsonProperty("natural_chosen_longer_fraction") Double naturalChosenLongerFraction,
            @JsonProperty("mean_chars_chosen") double meanCharsChosen,
            @JsonProperty("mean_chars_rejected") double meanCharsRejected) {}

    /** {@code data prepare-rm}'s {@code stats.json}: pairs per category on each side. */
    public record RmStats(
            long seed,
            @JsonProperty("train_per_category") int trainPerCategory,
            @JsonProperty("valid_per_category") int validPerCategory,
            Map<String, Long> train,
            Map<String, Long> valid) {}

    /** What {@code data prepare-rm} wrote. */
    public record PreparedRm(Path train, Path valid, Path statsFile, DataMix.Result mix, RmStats stats) {}

    private PreparedData() {}

    /** {@code <shared>/text-preferences}, or {@code shared} itself when it is that folder. */
    static Path textPreferences(Path shared) {
        Path tp = shared.resolve("text-preferences");
        return Files.isDirectory(tp) ? tp : shared;
    }

    /**
     * {@code data prepare}: the {@code bt} recipe on {@code shared} with {@code seed} and
     * {@code validFraction}; writes the mix and {@code stats.json} into {@code out}.
     *
     * @throws InvalidInputException when the folder is missing or holds none of the recipe's sources
     */
    public static Prepared prepare(Path shared, Path out, long seed, double validFraction, Progress progress) {
        Path root = textPreferences(shared);
        if (!Files.isDirectory(root)) {
            throw new InvalidInputException("preference data folder not found: " + root);
        }
        Recipe recipe = Recipe.shipped("bt", root).withSplit(seed, validFraction);
        if (recipe.sources().stream().flatMap(s -> s.paths().stream()).noneMatch(Files::exists)) {
            throw new InvalidInputException("no usable preference pairs under " + root + " (none of the bt recipe's"
                    + " sources is there: "
                    + String.join(
                            ", ",
                            recipe.sources().stream()
                                    .map(s -> root.relativize(s.path()).toString())
                                    .toList())
                    + ")");
        }
        DataMix.Result mix = DataMix.run(recipe, out, progress);
        BtStats stats = btStats(recipe, mix.manifestContent(), ignoredFiles(recipe));
        Path statsFile = mix.out().resolve("stats.json");
        write(statsFile, stats);
        return new Prepared(mix.train(), mix.valid(), statsFile, mix, stats);
    }

    /**
     * {@code data prepare-rm}: the {@code rm} recipe on {@code shared} with {@code seed}, every output
     * capped at {@code trainPerCategory} training and {@code validPerCategory} validation pairs.
     */
    public static PreparedRm prepareRm(
            Path shared, Path out, long seed, int trainPerCategory, int validPerCategory, Progress progress) {
        Path root = textPreferences(shared);
        if (!Files.isDirectory(root.resolve("xstest"))) {
            throw new InvalidInputException(
                    shared + " is not the shared data folder (no text-preferences/xstest in it)");
        }
        if (trainPerCategory < 1 || validPerCategory < 1) {
            throw new InvalidInputException("per-category caps must be at least 1");
        }
        Recipe shipped = Recipe.shipped("rm", root);
        Recipe recipe = shipped.withSplit(seed, shipped.validFraction())
                .withCaps(c -> Recipe.Cap.perSide(trainPerCategory, validPerCategory));
        DataMix.Result mix = DataMix.run(recipe, out, progress);
        Map<String, Long> train = new TreeMap<>();
        Map<String, Long> valid = new TreeMap<>();
        mix.manifestContent().sources().forEach((name, o) -> {
            if (o.train() > 0) {
                train.put(name, o.train());
            }
            if (o.valid() > 0) {
                valid.put(name, o.valid());
            }
        });
        RmStats stats = new RmStats(seed, trainPerCategory, validPerCategory, train, valid);
        Path statsFile = mix.out().resolve("stats.json");
        write(statsFile, stats);
        return new PreparedRm(mix.train(), mix.valid(), statsFile, mix, stats);
    }

    static BtStats btStats(Recipe recipe, MixManifest m, List<String> ignored) {
        Map<String, ReadStats> read = new LinkedHashMap<>();
        for (Recipe.Source src : recipe.sources()) {
            Output o = m.sources().get(src.name());
            if (o.files() == 0) {
                continue; // an optional source that is not there
            }
            MixManifest.ReadPairs r = o.readPairs();
            read.put(
                    src.format().id(),
                    new ReadStats(
                            o.files(),
                            r.pairs(),
                            r.ties(),
                            r.decisive(),
                            fraction(r.chosenLonger(), r.chosenShorter()),
                            r.chosenShorter(),
                            o.skipped(),
                            o.notes()));
        }
        MixManifest.Split sp = m.split();
        long readAll = sp.trainPairsRead() + sp.validPairsRead();
        SplitStats split = new SplitStats(
                sp.trainGroups(),
                sp.validGroups(),
                sp.trainPairsRead(),
                sp.validPairsRead(),
                readAll == 0 ? null : (double) sp.validPairsRead() / readAll);
        return new BtStats(
                STATS_FORMAT_VERSION,
                recipe.root().toString(),
                recipe.file().toString(),
                recipe.seed(),
                recipe.validFraction(),
                mixOptions(recipe),
                read,
                ignored,
                split,
                side(recipe, m, "train"),
                side(recipe, m, "valid"));
    }

    private static MixOptions mixOptions(Recipe recipe) {
        Map<String, Double> rates = new LinkedHashMap<>();
        for (Step s : recipe.steps()) {
            if (s.kind() == Recipe.StepKind.CRITERION_PAIRS) {
                rates.put(s.criterionKind(), s.rate());
            }
        }
        boolean alpacaBalanced =
                recipe.sources().stream().anyMatch(s -> s.name().equals("alpaca-eval") && s.balance() != Balance.NONE);
        return new MixOptions(
                alpacaBalanced,
                rates.get(CriterionSynthesis.LENGTH),
                rates.get(CriterionSynthesis.FORMAT),
                rates.get(CriterionSynthesis.REFUSAL),
                CriterionSynthesis.LENGTH_RATIO);
    }

    private static SideStats side(Recipe recipe, MixManifest m, String side) {
        Map<String, SourceStats> sources = new LinkedHashMap<>();
        long[] all = new long[3];
        long[] natural = new long[3];
        double chars[] = new double[2];
        for (Map.Entry<String, Output> e : m.sources().entrySet()) {
            Side s = e.getValue().sides().get(side);
            boolean isSource = recipe.source(e.getKey()).isPresent();
            if (isSource && !recipe.source(e.getKey()).get().write()) {
                continue;
            }
            sources.put(
                    e.getKey(),
                    new SourceStats(
                            s.pairs(),
                            s.chosenLonger(),
                            s.chosenShorter(),
                            s.sameLength(),
                            s.tiesExcluded(),
                            s.droppedForLengthBalance(),
                            s.duplicates(),
                            s.notSampled(),
                            fraction(s.chosenLonger(), s.chosenShorter())));
            for (long[] acc : isSource ? new long[][] {all, natural} : new long[][] {all}) {
                acc[0] += s.pairs();
                acc[1] += s.chosenLonger();
                acc[2] += s.chosenShorter();
            }
            chars[0] += s.meanCharsChosen() * s.pairs();
            chars[1] += s.meanCharsRejected() * s.pairs();
        }
        return new SideStats(
                all[0],
                all[1],
                all[2],
                sources,
                fraction(all[1], all[2]),
                natural[0],
                natural[2],
                fraction(natural[1], natural[2]),
                all[0] == 0 ? 0 : chars[0] / all[0],
                all[0] == 0 ? 0 : chars[1] / all[0]);
    }

    /** Files under the recipe's root that none of its sources reads (what {@code data prepare} left out). */
    static List<String> ignoredFiles(Recipe recipe) {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(recipe.root())) {
            s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> recipe.sources().stream()
                            .flatMap(src -> src.paths().stream())
                            .noneMatch(p::startsWith))
                    .sorted()
                    .forEach(p -> out.add(p.toString() + ": not read by the recipe"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + recipe.root() + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static Double fraction(long longer, long shorter) {
        return longer + shorter == 0 ? null : (double) longer / (longer + shorter);
    }

    private static void write(Path file, Object content) {
        try {
            Files.writeString(file, Json.pretty().writeValueAsString(content) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
