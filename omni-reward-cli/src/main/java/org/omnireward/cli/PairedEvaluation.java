package org.omnireward.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.omnireward.bench.metrics.Wilson;
import org.omnireward.bench.report.McNemar;
import org.omnireward.core.PreferencePair;
import org.omnireward.training.ValidationReport;

/**
 * Two scalar models on the same preference pairs, subset by subset: each one's accuracy with its
 * Wilson 95 % interval, the paired difference with its 95 % interval, and McNemar's exact test on
 * the pairs only one of them got right. This is the rule by which a newly trained model may replace
 * another (issue 18): better overall <em>and</em> on the length-adversarial subset, with a paired
 * difference whose interval excludes zero (p &lt; 0.05).
 *
 * <p>A pair counts as right when the chosen response scores strictly higher; an equal score counts
 * as wrong here (the one-model tables count it as half right).
 */
final class PairedEvaluation {

    /** The significance level of the rule. */
    static final double ALPHA = 0.05;

    /**
     * One subset.
     *
     * @param subset its name
     * @param pairs pairs in it
     * @param accuracyA first model's accuracy, {@code lowerA}/{@code upperA} its Wilson interval
     * @param accuracyB second model's accuracy, {@code lowerB}/{@code upperB} its Wilson interval
     * @param onlyA pairs only the first model got right; {@code onlyB} likewise
     * @param difference accuracyA − accuracyB, {@code differenceLower}/{@code differenceUpper} its paired 95 % interval
     * @param pValue McNemar's exact two-sided p on the discordant pairs
     */
    record Row(
            String subset,
            int pairs,
            double accuracyA,
            double lowerA,
            double upperA,
            double accuracyB,
            double lowerB,
            double upperB,
            int onlyA,
            int onlyB,
            double difference,
            double differenceLower,
            double differenceUpper,
            double pValue) {

        /** Whether the first model is better here at the rule's level. */
        boolean aBetter() {
            return difference > 0 && pValue < ALPHA;
        }

        /** Whether the second model is better here at the rule's level. */
        boolean bBetter() {
            return difference < 0 && pValue < ALPHA;
        }
    }

    private PairedEvaluation() {}

    /**
     * The rows for every subset of {@link ValidationReport#subsets} and the extra named ones, leaving
     * out empty subsets.
     *
     * @param differencesA r(chosen) − r(rejected) of the first model, one per pair; likewise {@code differencesB}
     */
    static List<Row> compare(
            List<PreferencePair> pairs,
            double[] differencesA,
            double[] differencesB,
            List<ValidationReport.Subset> extra) {
        if (differencesA.length != pairs.size() || differencesB.length != pairs.size()) {
            throw new IllegalArgumentException("one score difference per pair is needed from each model");
        }
        List<ValidationReport.Subset> subsets = new ArrayList<>(ValidationReport.subsets(pairs));
        subsets.addAll(extra);
        List<Row> rows = new ArrayList<>();
        for (ValidationReport.Subset subset : subsets) {
            int n = 0;
            int rightA = 0;
            int rightB = 0;
            int onlyA = 0;
            int onlyB = 0;
            for (int i = 0; i < pairs.size(); i++) {
                PreferencePair p = pairs.get(i);
                if (p.tie() || !subset.includes().test(p)) {
                    continue;
                }
                boolean a = differencesA[i] > 0;
                boolean b = differencesB[i] > 0;
                n++;
                rightA += a ? 1 : 0;
                rightB += b ? 1 : 0;
                onlyA += a && !b ? 1 : 0;
                onlyB += b && !a ? 1 : 0;
            }
            if (n > 0) {
                rows.add(row(subset.name(), n, rightA, rightB, onlyA, onlyB));
            }
        }
        return List.copyOf(rows);
    }

    /** One row from the counts; the paired interval is the normal one of the difference of paired proportions. */
    static Row row(String subset, int n, int rightA, int rightB, int onlyA, int onlyB) {
        Wilson.Interval a = Wilson.interval95(rightA, n).orElseThrow();
        Wilson.Interval b = Wilson.interval95(rightB, n).orElseThrow();
        double d = (onlyA - onlyB) / (double) n;
        double variance = (onlyA + onlyB - (double) (onlyA - onlyB) * (onlyA - onlyB) / n) / ((double) n * n);
        double half = Wilson.Z95 * Math.sqrt(Math.max(0, variance));
        return new Row(
                subset,
                n,
                rightA / (double) n,
                a.lower(),
                a.upper(),
                rightB / (double) n,
                b.lower(),
                b.upper(),
                onlyA,
                onlyB,
                d,
                d - half,
                d + half,
                McNemar.exactPValue(onlyA, onlyB));
    }

    /** The rows as a fixed-width table, the two models named in its header. */
    static String table(List<Row> rows, String nameA, String nameB) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                Locale.ROOT,
                "  %-30s %6s  %-21s  %-21s  %-25s %9s  %s%n",
                "subset",
                "pairs",
                "A [95 %]",
                "B [95 %]",
                "A - B [paired 95 %]",
                "McNemar p",
                "better"));
        for (Row r : rows) {
            sb.append(String.format(
                    Locale.ROOT,
                    "  %-30s %6d  %.3f [%.3f, %.3f]  %.3f [%.3f, %.3f]  %+.3f [%+.3f, %+.3f]  %9.2g  %s%n",
                    r.subset(),
                    r.pairs(),
                    r.accuracyA(),
                    r.lowerA(),
                    r.upperA(),
                    r.accuracyB(),
                    r.lowerB(),
                    r.upperB(),
                    r.difference(),
                    r.differenceLower(),
                    r.differenceUpper(),
                    r.pValue(),
                    r.aBetter() ? "A" : r.bBetter() ? "B" : "-"));
        }
        sb.append("  A = ").append(nameA).append(", B = ").append(nameB);
        sb.append("; a pair is right when the chosen response scores strictly higher.\n");
        return sb.toString();
    }

    /**
     * The replacement rule's verdict: A replaces B only when A is better at p &lt; 0.05 both on every
     * pair and on the length-adversarial subset.
     */
    static String verdict(List<Row> rows, String nameA, String nameB) {
        Row all = find(rows, ValidationReport.ALL_PAIRS);
        Row adversarial = find(rows, ValidationReport.LENGTH_ADVERSARIAL);
        if (all == null || adversarial == null) {
            return "verdict: no length-adversarial pairs (real pairs whose preferred answer is the shorter), so the"
                    + " replacement rule cannot be applied";
        }
        boolean better = all.aBetter() && adversarial.aBetter();
        return String.format(
                Locale.ROOT,
                "verdict: %s %s %s (all pairs: %+.3f, p = %.2g; length-adversarial: %+.3f, p = %.2g; the rule asks"
                        + " for both better at p < %.2f)",
                nameA,
                better ? "is better than" : "is not shown better than",
                nameB,
                all.difference(),
                all.pValue(),
                adversarial.difference(),
                adversarial.pValue(),
                ALPHA);
    }

    private static Row find(List<Row> rows, String subset) {
        return rows.stream().filter(r -> r.subset().equals(subset)).findFirst().orElse(null);
    }
}
