package org.omnireward.training;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.omnireward.core.PairwiseRequest;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.ScoringRequest;
import org.omnireward.core.Side;
import org.omnireward.core.util.Json;
import org.omnireward.data.LengthBalance;
import org.omnireward.data.Sources;
import org.omnireward.runtime.baseline.LengthBaselineModel;
import org.omnireward.runtime.baseline.RandomBaselineModel;

/**
 * The validation report of a trained reward model (the BT head, the cross-encoder): its pairwise accuracy beside the {@code length} and
 * {@code random} baselines on the same pairs, overall and on the subsets that tell a
 * criterion-following model from a length detector: the real (non-synthetic) pairs, the
 * length-balanced real pairs (the preferred answer is the shorter one), and each source category
 * (e.g. {@code alpaca-eval}, {@code synthetic:concise}).
 *
 * <p>The baselines are the real models of {@code omni-reward-runtime}, asked through the SPI as the
 * benchmark harness asks them: {@link LengthBaselineModel} scores both responses, {@link
 * RandomBaselineModel} (seeded with the training seed) judges each pair with the chosen response
 * shown as A and no ties allowed (its draw depends on the request's content, not on the order of
 * the two responses, nor on the pair's id). As in the trainer's accuracy, an equal score (equal
 * lengths, or a zero score difference of the model) counts as half right.
 */
public final class ValidationReport {

    /** Name of the subset of every pair. */
    public static final String ALL_PAIRS = "all pairs";

    /**
     * Accuracy of the model and the two baselines on one subset; as JSON ({@code evaluation.json}, a checkpoint) an
     * object with these keys in this order.
     *
     * @param subset the subset's name, e.g. {@code all pairs}, {@code real, length-balanced}, {@code alpaca-eval}
     * @param pairs how many pairs it has
     * @param model the trained model's accuracy
     * @param length the length baseline's accuracy
     * @param random the random baseline's accuracy
     */
    public record Row(String subset, int pairs, double model, double length, double random) {}

    private ValidationReport() {}

    /**
     * The report rows; subsets without pairs are left out.
     *
     * @param pairs the validation pairs (ties are left out of every subset)
     * @param differences r(chosen) − r(rejected) of the trained model, one per pair
     * @param seed the seed of the random baseline and of its response order
     * @throws IllegalArgumentException when {@code differences} does not have one value per pair
     */
    public static List<Row> evaluate(List<PreferencePair> pairs, double[] differences, long seed) {
        if (differences.length != pairs.size()) {
            throw new IllegalArgumentException(
                    differences.length + " score differences for " + pairs.size() + " pairs");
        }
        double[] model = new double[pairs.size()];
        for (int i = 0; i < model.length; i++) {
            model[i] = credit(differences[i]);
        }
        double[] length = lengthBaseline(pairs);
        double[] random = randomBaseline(pairs, seed);
        Outcomes outcomes = new Outcomes(pairs, model, length, random);

        List<Row> rows = new ArrayList<>();
        for (Subset subset : subsets(pairs)) {
            rows.add(outcomes.row(subset.name(), subset.includes()));
        }
        rows.removeIf(r -> r.pairs() == 0);
        return List.copyOf(rows);
    }

    /**
     * A named subset of the validation pairs (ties are never in one).
     *
     * @param name e.g. {@code all pairs}, {@code real, length-balanced}, {@code alpaca-eval}
     * @param includes which pairs belong to it, ties aside
     */
    public record Subset(String name, Predicate<PreferencePair> includes) {}

    /** Name of the length-adversarial subset: real pairs whose preferred answer is the shorter one. */
    public static final String LENGTH_ADVERSARIAL = "real, length-balanced";

    /**
     * The report's subsets, in its row order: every pair, the real pairs, the {@linkplain
     * #LENGTH_ADVERSARIAL length-adversarial} real pairs, then one per source category present in
     * {@code pairs}.
     */
    public static List<Subset> subsets(List<PreferencePair> pairs) {
        List<Subset> subsets = new ArrayList<>();
        subsets.add(new Subset(ALL_PAIRS, p -> true));
        subsets.add(new Subset("real pairs", p -> !Sources.isSynthetic(p)));
        subsets.add(new Subset(LENGTH_ADVERSARIAL, p -> !Sources.isSynthetic(p) && LengthBalance.isLengthBalanced(p)));
        Set<String> categories = new TreeSet<>();
        for (PreferencePair p : pairs) {
            categories.add(Sources.category(p));
        }
        for (String c : categories) {
            subsets.add(new Subset(c, p -> Sources.category(p).equals(c)));
        }
        return List.copyOf(subsets);
    }

    /** 1 for a positive difference, ½ for zero, 0 for a negative one. */
    private static double credit(double difference) {
        return difference > 0 ? 1 : difference == 0 ? 0.5 : 0;
    }

    /** Per pair: how right {@link LengthBaselineModel} is (its scores of chosen and rejected, compared). */
    private static double[] lengthBaseline(List<PreferencePair> pairs) {
        LengthBaselineModel length = new LengthBaselineModel();
        List<ScoringRequest> requests = new ArrayList<>(2 * pairs.size());
        for (PreferencePair p : pairs) {
            requests.add(new ScoringRequest(p.task(), p.criteria(), p.prompt(), p.inputs(), p.chosen()));
            requests.add(new ScoringRequest(p.task(), p.criteria(), p.prompt(), p.inputs(), p.rejected()));
        }
        double[] scores = requests.isEmpty() ? new double[0] : length.scores(requests);
        double[] out = new double[pairs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = credit(scores[2 * i] - scores[2 * i + 1]);
        }
        return out;
    }

    /** Per pair: 1 when {@link RandomBaselineModel} names the chosen response (shown as A), else 0. */
    private static double[] randomBaseline(List<PreferencePair> pairs, long seed) {
        RandomBaselineModel random = new RandomBaselineModel(seed);
        double[] out = new double[pairs.size()];
        for (int i = 0; i < out.length; i++) {
            PreferencePair p = pairs.get(i);
            PairwiseRequest request = new PairwiseRequest(
                    p.task(), p.criteria(), p.prompt(), p.inputs(), p.chosen(), p.rejected(), false);
            out[i] = random.judge(request).winner() == Side.A ? 1 : 0;
        }
        return out;
    }

    /** The per-pair credits of the three, summed over a subset. */
    private record Outcomes(List<PreferencePair> pairs, double[] model, double[] length, double[] random) {

        Row row(String name, Predicate<PreferencePair> include) {
            int n = 0;
            double m = 0;
            double l = 0;
            double r = 0;
            for (int i = 0; i < pairs.size(); i++) {
                PreferencePair p = pairs.get(i);
                if (p.tie() || !include.test(p)) {
                    continue;
                }
                n++;
                m += model[i];
                l += length[i];
                r += random[i];
            }
            return n == 0
                    ? new Row(name, 0, Double.NaN, Double.NaN, Double.NaN)
                    : new Row(name, n, m / n, l / n, r / n);
        }
    }

    /** The rows as a text table (a header line, then one line per row, each indented by two spaces). */
    public static String table(List<Row> rows) {
        StringBuilder b = new StringBuilder(String.format(
                Locale.ROOT, "  %-30s %7s %8s %8s %8s%n", "validation subset", "pairs", "model", "length", "random"));
        for (Row r : rows) {
            b.append(String.format(
                    Locale.ROOT,
                    "  %-30s %7d %8.3f %8.3f %8.3f%n",
                    r.subset(),
                    r.pairs(),
                    r.model(),
                    r.length(),
                    r.random()));
        }
        return b.toString();
    }

    /**
     * The rows as manifest validation metrics: per subset key (lower case, runs of other characters
     * as {@code _}) {@code accuracy_KEY}, {@code length_baseline_KEY}, {@code random_baseline_KEY}
     * and {@code pairs_KEY}, e.g. {@code accuracy_real_length_balanced}.
     */
    public static Map<String, Double> metrics(List<Row> rows) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (Row r : rows) {
            String key = r.subset()
                    .toLowerCase(Locale.ROOT)
                    .replaceAll("[^a-z0-9]+", "_")
                    .replaceAll("^_|_$", "");
            m.put("accuracy_" + key, r.model());
            m.put("length_baseline_" + key, r.length());
            m.put("random_baseline_" + key, r.random());
            m.put("pairs_" + key, (double) r.pairs());
        }
        return m;
    }

    /** The rows as the JSON array of {@code evaluation.json}: {@code subset, pairs, model, length, random} per row. */
    public static ArrayNode toJson(List<Row> rows) {
        return Json.mapper().valueToTree(rows);
    }

    /** Writes {@link #toJson} (indented, with a final newline) to {@code file}. */
    public static void write(Path file, List<Row> rows) throws IOException {
        Files.writeString(file, Json.pretty().writeValueAsString(rows) + "\n");
    }
}
