package org.omnireward.bench.metrics;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.omnireward.core.Preference;

/**
 * Three-way (response1 / response2 / tie) accuracy of a scalar reward model, with the tie
 * threshold ε calibrated on the data ("Ties Matter", Deutsch et al. 2023; protocol.md, "Evaluation protocol").
 *
 * <p>Prediction rule for a sample with margin m = r1 − r2 under a threshold:
 * <ul>
 *   <li>threshold ε (a number ≥ 0): {@code tie} when |m| ≤ ε, else {@code response1} for m &gt; 0
 *       and {@code response2} for m &lt; 0;</li>
 *   <li>"no ties" (threshold {@code null}): {@code response1} for m &gt; 0, {@code response2} for
 *       m &lt; 0, and <em>no prediction</em> for m = 0 — equal scores name neither response, so
 *       such a sample counts as wrong whatever its label. This matches the reference
 *       implementation and the no_ties setting (where an equal-score {@code tie} answer is wrong).
 *       Equal scores become ties only under a threshold ε ≥ 0, which the sweep always offers when
 *       a zero margin occurs (ε = 0), so a human tie with equal scores is never lost.</li>
 * </ul>
 *
 * <p>{@link TieCalibrationMode#DEFINITION}: the candidates are "no ties" plus every distinct |m|;
 * the candidate with the most correct samples wins, the smallest on equal accuracy ("no ties"
 * counts as smaller than any ε). Runs in O(n log n) and does not depend on sample order.
 *
 * <p>{@link TieCalibrationMode#REFERENCE}: reproduces the reference implementation's two quirks.
 * Samples are stably sorted by |m| (so the input order — benchmark-file order — breaks ties);
 * starting from "no ties", the samples are made ties one at a time in that order and the accuracy
 * is scored after each single assignment; the first best step wins. The "no ties" start itself is
 * never scored, and samples of equal |m| can be split, so the result depends on input order. The
 * reported threshold is the |m| of the last sample made a tie at the best step.
 */
public final class TieCalibration {

    private TieCalibration() {}

    /**
     * One scalar sample: the human label and the model's margin r1 − r2.
     *
     * @param label  response1, response2 or tie
     * @param margin r1 − r2, finite
     */
    public record Sample(Preference label, double margin) {
        public Sample {
            Objects.requireNonNull(label, "label");
            if (!Double.isFinite(margin)) {
                throw new IllegalArgumentException("margin must be finite, got " + margin);
            }
        }

        /** |r1 − r2|. */
        public double absMargin() {
            return Math.abs(margin);
        }
    }

    /**
     * The outcome of a calibration.
     *
     * @param correct     samples predicted right under the chosen threshold
     * @param n           samples
     * @param threshold   the chosen ε; null when "no ties" was chosen (never null in REFERENCE
     *                    mode with n &gt; 0)
     * @param predictions the final prediction of each sample, aligned with the input list; null
     *                    for a zero margin that was not made a tie (see the class comment)
     */
    public record Result(int correct, int n, Double threshold, List<Preference> predictions) {
        public Result {
            predictions = Collections.unmodifiableList(new ArrayList<>(predictions));
        }

        /** correct / n; NaN when n = 0. */
        public double accuracy() {
            return n == 0 ? Double.NaN : (double) correct / n;
        }
    }

    /**
     * One task's part of a shared-threshold calibration: its scalar samples plus the lines that
     * are not calibrated (e.g. pairwise predictions) given as a fixed correct count over a count.
     *
     * @param samples      the scalar samples of the task
     * @param fixedCorrect correct predictions among the task's uncalibrated lines
     * @param fixedN       the task's uncalibrated lines
     */
    public record Group(List<Sample> samples, int fixedCorrect, int fixedN) {
        public Group {
            samples = List.copyOf(samples);
            if (fixedCorrect < 0 || fixedN < fixedCorrect) {
                throw new IllegalArgumentException(
                        "need 0 <= fixedCorrect <= fixedN, got " + fixedCorrect + "/" + fixedN);
            }
        }

        /** All lines of the task: scalar plus fixed. */
        public int n() {
            return samples.size() + fixedN;
        }
    }

    /**
     * The outcome of a shared-threshold calibration.
     *
     * @param threshold the ε shared by all groups; null for "no ties"
     * @param results   each group's scalar result under that ε, aligned with the input groups
     */
    public record SharedResult(Double threshold, List<Result> results) {
        public SharedResult {
            results = List.copyOf(results);
        }
    }

    /** Calibrates in the given mode; {@code samples} must be in benchmark-file order for REFERENCE. */
    public static Result calibrate(List<Sample> samples, TieCalibrationMode mode) {
        return switch (mode) {
            case DEFINITION -> definition(samples);
            case REFERENCE -> reference(samples);
        };
    }

    /** The prediction for a margin under a threshold (null = "no ties"); null for an undecided zero margin. */
    public static Preference predict(double margin, Double threshold) {
        if (threshold != null && Math.abs(margin) <= threshold) {
            return Preference.TIE;
        }
        return noTiesPrediction(margin);
    }

    /** Correct samples under one fixed threshold (null = "no ties"), by direct evaluation. */
    public static int correctAt(List<Sample> samples, Double threshold) {
        int correct = 0;
        for (Sample s : samples) {
            if (predict(s.margin(), threshold) == s.label()) {
                correct++;
            }
        }
        return correct;
    }

    /** Applies one fixed threshold (null = "no ties") to all samples. */
    public static Result apply(List<Sample> samples, Double threshold) {
        List<Preference> predictions = new ArrayList<>(samples.size());
        int correct = 0;
        for (Sample s : samples) {
            Preference p = predict(s.margin(), threshold);
            predictions.add(p);
            if (p == s.label()) {
                correct++;
            }
        }
        return new Result(correct, samples.size(), threshold, predictions);
    }

    /** DEFINITION mode: the best of "no ties" and every distinct |margin|; smallest on equal accuracy. */
    public static Result definition(List<Sample> samples) {
        SharedResult shared = definitionShared(List.of(new Group(samples, 0, 0)));
        return shared.results().get(0);
    }

    /**
     * DEFINITION mode with one ε shared by several groups (tasks): maximises the sum — hence the
     * mean — of the groups' accuracies {@code (fixedCorrect + scalar correct(ε)) / n} over the
     * groups with n &gt; 0. Candidates are "no ties" plus every distinct |margin| of any group;
     * the smallest wins on equal objective. Compared exactly (no floating-point rounding).
     */
    public static SharedResult definitionShared(List<Group> groups) {
        BigInteger common = BigInteger.ONE;
        for (Group g : groups) {
            if (g.n() > 0) {
                BigInteger n = BigInteger.valueOf(g.n());
                common = common.divide(common.gcd(n)).multiply(n);
            }
        }
        // Each group's accuracy is correct / n; scaled by the common multiple it is correct * weight.
        BigInteger[] weight = new BigInteger[groups.size()];
        List<Step> steps = new ArrayList<>();
        BigInteger score = BigInteger.ZERO;
        for (int gi = 0; gi < groups.size(); gi++) {
            Group g = groups.get(gi);
            weight[gi] = g.n() > 0 ? common.divide(BigInteger.valueOf(g.n())) : BigInteger.ZERO;
            long correctWithoutTies = g.fixedCorrect();
            for (Sample s : g.samples()) {
                boolean rightWithoutTie = noTiesPrediction(s.margin()) == s.label();
                if (rightWithoutTie) {
                    correctWithoutTies++;
                }
                int gain = (s.label() == Preference.TIE ? 1 : 0) - (rightWithoutTie ? 1 : 0);
                steps.add(new Step(s.absMargin(), gi, gain));
            }
            score = score.add(weight[gi].multiply(BigInteger.valueOf(correctWithoutTies)));
        }
        steps.sort(Comparator.comparingDouble(Step::absMargin));
        BigInteger best = score; // "no ties"
        Double bestThreshold = null;
        int i = 0;
        while (i < steps.size()) {
            double eps = steps.get(i).absMargin();
            // every sample with this |margin| becomes a tie at once
            while (i < steps.size() && steps.get(i).absMargin() == eps) {
                Step st = steps.get(i);
                if (st.gain() != 0) {
                    score = score.add(weight[st.group()].multiply(BigInteger.valueOf(st.gain())));
                }
                i++;
            }
            if (score.compareTo(best) > 0) {
                best = score;
                bestThreshold = eps;
            }
        }
        List<Result> results = new ArrayList<>(groups.size());
        for (Group g : groups) {
            results.add(apply(g.samples(), bestThreshold));
        }
        return new SharedResult(bestThreshold, results);
    }

    /** REFERENCE mode; {@code samples} in benchmark-file order. See the class comment. */
    public static Result reference(List<Sample> samples) {
        int n = samples.size();
        Preference[] predictions = new Preference[n];
        boolean[] rightWithoutTie = new boolean[n];
        int correct = 0;
        for (int i = 0; i < n; i++) {
            Sample s = samples.get(i);
            predictions[i] = noTiesPrediction(s.margin());
            rightWithoutTie[i] = predictions[i] == s.label();
            if (rightWithoutTie[i]) {
                correct++;
            }
        }
        if (n == 0) {
            return new Result(0, 0, null, List.of());
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> samples.get(i).absMargin())); // stable
        int best = -1;
        int bestSteps = 0;
        for (int step = 1; step <= n; step++) {
            int i = order[step - 1];
            correct += (samples.get(i).label() == Preference.TIE ? 1 : 0) - (rightWithoutTie[i] ? 1 : 0);
            if (correct > best) {
                best = correct;
                bestSteps = step;
            }
        }
        for (int step = 0; step < bestSteps; step++) {
            predictions[order[step]] = Preference.TIE;
        }
        double threshold = samples.get(order[bestSteps - 1]).absMargin();
        return new Result(best, n, threshold, Arrays.asList(predictions));
    }

    /** A sample's change in correct count when it becomes a tie. */
    private record Step(double absMargin, int group, int gain) {}

    private static Preference noTiesPrediction(double margin) {
        if (margin > 0) {
            return Preference.RESPONSE1;
        }
        if (margin < 0) {
            return Preference.RESPONSE2;
        }
        return null;
    }
}
