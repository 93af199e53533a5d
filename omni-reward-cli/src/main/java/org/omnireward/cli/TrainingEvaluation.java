package org.omnireward.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.omnireward.core.util.StableHash;
import org.omnireward.core.PreferencePair;
import org.omnireward.data.LengthBalance;
import org.omnireward.data.Sources;

/**
 * Pairwise accuracy of a trained model on validation pairs, beside the {@code length} and {@code
 * random} baselines on the same pairs, overall and on the subsets that tell a criterion-following
 * model from a length detector: the real (non-synthetic) pairs, the length-balanced real pairs
 * (the preferred answer is the shorter one), and each kind of synthetic criterion pair.
 */
final class TrainingEvaluation {

    /** Accuracy of the three on one subset. */
    record Row(String subset, int pairs, double model, double length, double random) {
    }

    private TrainingEvaluation() {
    }

    /**
     * @param pairs the validation pairs (no ties)
     * @param differences r(chosen) − r(rejected) per pair, from the model
     * @param seed seeds the random baseline
     */
    static List<Row> evaluate(List<PreferencePair> pairs, double[] differences, long seed) {
        List<Row> rows = new ArrayList<>();
        rows.add(row("all pairs", pairs, differences, seed, p -> true));
        rows.add(row("real pairs", pairs, differences, seed, p -> !Sources.isSynthetic(p)));
        rows.add(row("real, length-balanced", pairs, differences, seed,
                p -> !Sources.isSynthetic(p) && LengthBalance.isLengthBalanced(p)));
        Set<String> categories = new TreeSet<>();
        for (PreferencePair p : pairs) {
            categories.add(Sources.category(p));
        }
        for (String c : categories) {
            rows.add(row(c, pairs, differences, seed, p -> Sources.category(p).equals(c)));
        }
        rows.removeIf(r -> r.pairs() == 0);
        return rows;
    }

    private static Row row(String name, List<PreferencePair> pairs, double[] differences, long seed,
            Predicate<PreferencePair> include) {
        int n = 0;
        double model = 0;
        double length = 0;
        int random = 0;
        for (int i = 0; i < pairs.size(); i++) {
            PreferencePair p = pairs.get(i);
            if (p.tie() || !include.test(p)) {
                continue;
            }
            n++;
            // a zero difference (equal scores, equal lengths) is half right, as in the trainer's accuracy
            model += differences[i] > 0 ? 1 : differences[i] == 0 ? 0.5 : 0;
            LengthBalance.Direction direction = LengthBalance.direction(p);
            length += direction == LengthBalance.Direction.CHOSEN_LONGER ? 1
                    : direction == LengthBalance.Direction.SAME_LENGTH ? 0.5 : 0;
            if (StableHash.bit(seed, "random-baseline", p.id())) {
                random++;
            }
        }
        return n == 0 ? new Row(name, 0, Double.NaN, Double.NaN, Double.NaN)
                : new Row(name, n, model / n, length / n, (double) random / n);
    }

    /** A text table of the rows. */
    static String table(List<Row> rows) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "  %-30s %7s %8s %8s %8s%n", "validation subset",
                "pairs", "model", "length", "random"));
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "  %-30s %7d %8.3f %8.3f %8.3f%n", r.subset(), r.pairs(), r.model(),
                    r.length(), r.random()));
        }
        return b.toString();
    }

    /** The rows as manifest validation metrics, e.g. {@code accuracy_real_length_balanced}. */
    static Map<String, Double> metrics(List<Row> rows) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (Row r : rows) {
            String key = r.subset().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
            m.put("accuracy_" + key, r.model());
            m.put("length_baseline_" + key, r.length());
            m.put("random_baseline_" + key, r.random());
            m.put("pairs_" + key, (double) r.pairs());
        }
        return m;
    }
}
