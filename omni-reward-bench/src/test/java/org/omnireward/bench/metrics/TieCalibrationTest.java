package org.omnireward.bench.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.omnireward.core.Preference.RESPONSE1;
import static org.omnireward.core.Preference.RESPONSE2;
import static org.omnireward.core.Preference.TIE;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.omnireward.bench.metrics.TieCalibration.Group;
import org.omnireward.bench.metrics.TieCalibration.Result;
import org.omnireward.bench.metrics.TieCalibration.Sample;
import org.omnireward.core.Preference;

class TieCalibrationTest {

    private static Sample s(Preference label, double margin) {
        return new Sample(label, margin);
    }

    // --- DEFINITION, hand-computed -----------------------------------------------------------

    @Test
    void definition_keeps_perfect_predictions_without_human_ties_at_full_accuracy() {
        List<Sample> samples = List.of(s(RESPONSE1, 1), s(RESPONSE2, -2), s(RESPONSE1, 3));

        Result r = TieCalibration.definition(samples);

        assertThat(r.correct()).isEqualTo(3);
        assertThat(r.n()).isEqualTo(3);
        assertThat(r.accuracy()).isEqualTo(1.0);
        assertThat(r.threshold()).as("no ties chosen").isNull();
        assertThat(r.predictions()).containsExactly(RESPONSE1, RESPONSE2, RESPONSE1);
    }

    @Test
    void definition_picks_the_threshold_with_the_best_three_way_accuracy() {
        // no ties: s1, s3 right -> 2/5; eps .125: +s0 -> 3/5; eps .25: s4 (wrong either way) -> 3/5;
        // eps .3125: +s2 -> 4/5; eps .5: -s1 -> 3/5; eps 2: -s3 -> 2/5. Best 4/5 at .3125.
        List<Sample> samples =
                List.of(s(TIE, 0.125), s(RESPONSE1, 0.5), s(TIE, 0.3125), s(RESPONSE2, -2), s(RESPONSE1, -0.25));

        Result r = TieCalibration.definition(samples);

        assertThat(r.correct()).isEqualTo(4);
        assertThat(r.accuracy()).isEqualTo(0.8);
        assertThat(r.threshold()).isEqualTo(0.3125);
        assertThat(r.predictions()).containsExactly(TIE, RESPONSE1, TIE, RESPONSE2, TIE);
    }

    @Test
    void definition_prefers_the_smallest_threshold_on_equal_accuracy() {
        // no ties 1/3; eps .1 -> 2/3; eps .2 -> 1/3; eps .3 -> 2/3: .1 wins the tie with .3
        List<Sample> samples = List.of(s(TIE, 0.1), s(RESPONSE1, 0.2), s(TIE, -0.3));

        Result r = TieCalibration.definition(samples);

        assertThat(r.correct()).isEqualTo(2);
        assertThat(r.threshold()).isEqualTo(0.1);
    }

    @Test
    void definition_prefers_no_ties_over_a_threshold_with_equal_accuracy() {
        // no ties 1/2 (r1 right); eps 1 -> 0/2; eps 2 -> 1/2 (tie right): no ties wins
        Result r = TieCalibration.definition(List.of(s(RESPONSE1, 1), s(TIE, 2)));

        assertThat(r.correct()).isEqualTo(1);
        assertThat(r.threshold()).isNull();
        assertThat(r.predictions()).containsExactly(RESPONSE1, RESPONSE1);
    }

    @Test
    void definition_moves_samples_of_equal_absolute_margin_together_whatever_their_sign() {
        // |m| = 1 for three samples: two human ties and one response1 -> making all three ties
        // gains 2 and loses 1. no ties: 2/4 (the r1 at +1, the r2 at -3); eps 1: 3/4; eps 3: 2/4
        List<Sample> samples = List.of(s(TIE, 1), s(RESPONSE1, 1), s(TIE, -1), s(RESPONSE2, -3));

        Result r = TieCalibration.definition(samples);

        assertThat(r.correct()).isEqualTo(3);
        assertThat(r.threshold()).isEqualTo(1.0);
        assertThat(r.predictions()).containsExactly(TIE, TIE, TIE, RESPONSE2);
    }

    @Test
    void zero_margin_is_wrong_under_no_ties_and_a_tie_from_threshold_zero() {
        // equal scores on a human tie: eps 0 makes it right (2/2) while no ties gets 1/2
        Result humanTie = TieCalibration.definition(List.of(s(TIE, 0.0), s(RESPONSE1, 1)));
        assertThat(humanTie.correct()).isEqualTo(2);
        assertThat(humanTie.threshold()).isEqualTo(0.0);
        assertThat(humanTie.predictions()).containsExactly(TIE, RESPONSE1);

        // equal scores on a non-tie: no ties and eps 0 are both 1/2, no ties wins, the zero margin
        // names neither response
        Result noHumanTie = TieCalibration.definition(List.of(s(RESPONSE1, -0.0), s(RESPONSE2, -1)));
        assertThat(noHumanTie.correct()).isEqualTo(1);
        assertThat(noHumanTie.threshold()).isNull();
        assertThat(noHumanTie.predictions()).containsExactly(null, RESPONSE2);
    }

    @Test
    void empty_input_has_no_accuracy_and_no_threshold() {
        for (TieCalibrationMode mode : TieCalibrationMode.values()) {
            Result r = TieCalibration.calibrate(List.of(), mode);
            assertThat(r.n()).isZero();
            assertThat(r.correct()).isZero();
            assertThat(r.accuracy()).isNaN();
            assertThat(r.threshold()).isNull();
            assertThat(r.predictions()).isEmpty();
        }
    }

    @Test
    void samples_reject_missing_labels_and_non_finite_margins() {
        assertThatThrownBy(() -> new Sample(null, 1)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Sample(TIE, Double.NaN)).hasMessageContaining("finite");
        assertThatThrownBy(() -> new Sample(TIE, Double.POSITIVE_INFINITY)).hasMessageContaining("finite");
    }

    // --- REFERENCE, hand-computed ------------------------------------------------------------

    @Test
    void reference_never_scores_no_ties_so_perfect_predictions_without_human_ties_give_two_thirds() {
        // The first step already makes the smallest-|m| sample a tie: 2/3. Later steps: 1/3, 0/3.
        List<Sample> samples = List.of(s(RESPONSE1, 1), s(RESPONSE2, -2), s(RESPONSE1, 3));

        Result r = TieCalibration.reference(samples);

        assertThat(r.correct()).isEqualTo(2);
        assertThat(r.accuracy()).isCloseTo(0.667, within(0.001));
        assertThat(r.threshold()).isEqualTo(1.0);
        assertThat(r.predictions()).containsExactly(TIE, RESPONSE2, RESPONSE1);
    }

    @Test
    void reference_depends_on_input_order_within_equal_margins_while_definition_does_not() {
        // Order A: the human tie comes first among |m| = 1; step 1 makes only it a tie -> 2/2.
        List<Sample> orderA = List.of(s(TIE, 1), s(RESPONSE1, 1));
        // Order B: the response1 sample comes first; step 1 -> 0/2, step 2 -> 1/2.
        List<Sample> orderB = List.of(s(RESPONSE1, 1), s(TIE, 1));

        Result refA = TieCalibration.reference(orderA);
        Result refB = TieCalibration.reference(orderB);
        assertThat(refA.correct()).isEqualTo(2);
        assertThat(refA.threshold()).isEqualTo(1.0);
        assertThat(refA.predictions()).containsExactly(TIE, RESPONSE1);
        assertThat(refB.correct()).isEqualTo(1);
        assertThat(refB.threshold()).isEqualTo(1.0);
        assertThat(refB.predictions()).containsExactly(TIE, TIE);

        // Definition: no ties 1/2, eps 1 -> 1/2: no ties in both orders.
        Result defA = TieCalibration.definition(orderA);
        Result defB = TieCalibration.definition(orderB);
        assertThat(defA.correct()).isEqualTo(1).isEqualTo(defB.correct());
        assertThat(defA.threshold()).isNull();
        assertThat(defB.threshold()).isNull();
    }

    @Test
    void reference_reports_the_margin_of_the_last_sample_made_a_tie_at_the_first_best_step() {
        // sorted: .5 (tie), 1 (r1), 2 (tie), 4 (r2). Unscored start: r1 and r2 right = 2.
        // step1 (+tie) 3; step2 (-r1) 2; step3 (+tie) 3; step4 (-r2) 2. First best: step 1.
        List<Sample> samples = List.of(s(RESPONSE1, 1), s(TIE, 2), s(RESPONSE2, -4), s(TIE, -0.5));

        Result r = TieCalibration.reference(samples);

        assertThat(r.correct()).isEqualTo(3);
        assertThat(r.threshold()).isEqualTo(0.5);
        assertThat(r.predictions()).containsExactly(RESPONSE1, RESPONSE1, RESPONSE2, TIE);
    }

    @Test
    void reference_leaves_a_zero_margin_wrong_until_it_is_made_a_tie() {
        // two equal-score human ties, wrong while not ties; the stable order makes the first a tie
        // at step 1 (with the r1 still right: 2/3), the second at step 2 (3/3), then r1 (2/3).
        List<Sample> samples = List.of(s(TIE, 0.0), s(TIE, 0.0), s(RESPONSE1, 1));

        Result r = TieCalibration.reference(samples);

        assertThat(r.correct()).isEqualTo(3);
        assertThat(r.threshold()).isEqualTo(0.0);
        assertThat(r.predictions()).containsExactly(TIE, TIE, RESPONSE1);
    }

    // --- properties --------------------------------------------------------------------------

    @Test
    void definition_is_at_least_as_accurate_as_every_single_threshold_and_picks_the_smallest_best() {
        Random random = new Random(20260101);
        for (int round = 0; round < 400; round++) {
            List<Sample> samples = randomSamples(random);
            Result r = TieCalibration.definition(samples);

            List<Double> candidates = new ArrayList<>();
            candidates.add(null);
            new TreeSet<>(samples.stream().map(Sample::absMargin).toList()).forEach(candidates::add);
            for (int k = 0; k < 5; k++) {
                candidates.add(random.nextDouble() * 4); // thresholds between observed margins too
            }
            int best = -1;
            Double smallestBest = null;
            for (Double eps : candidates.subList(0, candidates.size() - 5)) {
                int c = bruteForceCorrect(samples, eps);
                if (c > best) {
                    best = c;
                    smallestBest = eps;
                }
            }
            for (Double eps : candidates) {
                assertThat(r.correct())
                        .as("round %d vs eps %s", round, eps)
                        .isGreaterThanOrEqualTo(bruteForceCorrect(samples, eps));
            }
            assertThat(r.correct()).as("round %d", round).isEqualTo(best);
            assertThat(r.threshold()).as("round %d", round).isEqualTo(smallestBest);
            assertThat(countCorrect(samples, r.predictions())).isEqualTo(r.correct());
        }
    }

    @Test
    void definition_does_not_depend_on_sample_order() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            List<Sample> samples = randomSamples(random);
            Result r = TieCalibration.definition(samples);
            List<Sample> shuffled = new ArrayList<>(samples);
            Collections.shuffle(shuffled, random);
            Result s = TieCalibration.definition(shuffled);
            assertThat(s.correct()).isEqualTo(r.correct());
            assertThat(s.threshold()).isEqualTo(r.threshold());
        }
    }

    @Test
    void reference_matches_a_step_by_step_simulation_of_the_reference_walk() {
        Random random = new Random(99);
        for (int round = 0; round < 300; round++) {
            List<Sample> samples = randomSamples(random);
            if (samples.isEmpty()) {
                continue;
            }
            Result r = TieCalibration.reference(samples);

            // naive O(n^2): after k assignments, the first k of the stably sorted order are ties
            Integer[] order = new Integer[samples.size()];
            Arrays.setAll(order, i -> i);
            Arrays.sort(
                    order,
                    Comparator.comparingDouble(i -> Math.abs(samples.get(i).margin())));
            int best = -1;
            int bestK = 0;
            for (int k = 1; k <= samples.size(); k++) {
                Preference[] p = new Preference[samples.size()];
                for (int i = 0; i < samples.size(); i++) {
                    double m = samples.get(i).margin();
                    p[i] = m > 0 ? RESPONSE1 : m < 0 ? RESPONSE2 : null;
                }
                for (int j = 0; j < k; j++) {
                    p[order[j]] = TIE;
                }
                int c = countCorrect(samples, Arrays.asList(p));
                if (c > best) {
                    best = c;
                    bestK = k;
                }
            }
            assertThat(r.correct()).as("round %d", round).isEqualTo(best);
            assertThat(r.threshold())
                    .isEqualTo(Math.abs(samples.get(order[bestK - 1]).margin()));
            assertThat(countCorrect(samples, r.predictions())).isEqualTo(r.correct());
            // every threshold made of a full |m| group is one of the reference's steps
            for (double eps :
                    new TreeSet<>(samples.stream().map(Sample::absMargin).toList())) {
                assertThat(r.correct()).isGreaterThanOrEqualTo(bruteForceCorrect(samples, eps));
            }
        }
    }

    @Test
    void shared_threshold_maximises_the_mean_of_the_task_accuracies() {
        // Task A alone would pick eps 1 (2/2); task B alone would pick no ties (2/3).
        // Shared: none 1/2+2/3; eps 1: 1+1/3; eps 2: 1/2+1/3; eps 3: 1/2+2/3; eps 4: 1/2+1/3 -> eps 1.
        Group a = new Group(List.of(s(TIE, 1), s(RESPONSE1, 2)), 0, 0);
        Group b = new Group(List.of(s(RESPONSE1, 1), s(TIE, 3), s(RESPONSE2, -4)), 0, 0);

        TieCalibration.SharedResult shared = TieCalibration.definitionShared(List.of(a, b));

        assertThat(shared.threshold()).isEqualTo(1.0);
        assertThat(shared.results().get(0).correct()).isEqualTo(2);
        assertThat(shared.results().get(1).correct()).isEqualTo(1);
        assertThat(TieCalibration.definition(b.samples()).threshold()).isNull();
    }

    @Test
    void shared_threshold_weighs_tasks_by_their_size_including_fixed_lines() {
        // A: one human tie at |m| 1 among 1 scalar + 9 fixed lines (5 right): eps 1 gains 1/10.
        // B: one response1 at |m| 1 alone: eps 1 loses 1/1. Mean is better with no ties.
        Group a = new Group(List.of(s(TIE, 1)), 5, 9);
        Group b = new Group(List.of(s(RESPONSE1, 1)), 0, 0);
        assertThat(TieCalibration.definitionShared(List.of(a, b)).threshold()).isNull();

        // With B's loss spread over 20 lines the tie gain of A wins.
        Group b20 = new Group(List.of(s(RESPONSE1, 1)), 10, 19);
        assertThat(TieCalibration.definitionShared(List.of(a, b20)).threshold()).isEqualTo(1.0);
    }

    @Test
    void shared_threshold_beats_every_single_threshold_on_random_tasks() {
        Random random = new Random(4242);
        for (int round = 0; round < 200; round++) {
            List<Group> groups = new ArrayList<>();
            int tasks = 1 + random.nextInt(4);
            for (int t = 0; t < tasks; t++) {
                int fixedN = random.nextInt(4);
                groups.add(new Group(randomSamples(random), random.nextInt(fixedN + 1), fixedN));
            }
            TieCalibration.SharedResult shared = TieCalibration.definitionShared(groups);
            double chosen = meanAccuracy(groups, shared.threshold());
            List<Double> candidates = new ArrayList<>();
            candidates.add(null);
            groups.forEach(g -> g.samples().forEach(x -> candidates.add(x.absMargin())));
            for (Double eps : candidates) {
                assertThat(chosen)
                        .as("round %d eps %s", round, eps)
                        .isGreaterThanOrEqualTo(meanAccuracy(groups, eps) - 1e-12);
            }
            for (int g = 0; g < groups.size(); g++) {
                assertThat(shared.results().get(g).correct())
                        .isEqualTo(bruteForceCorrect(groups.get(g).samples(), shared.threshold()));
            }
        }
    }

    // --- helpers ------------------------------------------------------------------------------

    /** Small integer-ish margins so that equal |m| groups and zero margins are common. */
    private static List<Sample> randomSamples(Random random) {
        int n = random.nextInt(12);
        Preference[] labels = Preference.values();
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double margin = (random.nextInt(9) - 4) * 0.5;
            out.add(new Sample(labels[random.nextInt(labels.length)], margin));
        }
        return out;
    }

    /** Correct count under one threshold, written out from the prediction rule. */
    private static int bruteForceCorrect(List<Sample> samples, Double eps) {
        int c = 0;
        for (Sample x : samples) {
            double m = x.margin();
            Preference p;
            if (eps != null && Math.abs(m) <= eps) {
                p = TIE;
            } else if (m > 0) {
                p = RESPONSE1;
            } else if (m < 0) {
                p = RESPONSE2;
            } else {
                p = null;
            }
            if (p == x.label()) {
                c++;
            }
        }
        return c;
    }

    private static int countCorrect(List<Sample> samples, List<Preference> predictions) {
        int c = 0;
        for (int i = 0; i < samples.size(); i++) {
            if (predictions.get(i) == samples.get(i).label()) {
                c++;
            }
        }
        return c;
    }

    private static double meanAccuracy(List<Group> groups, Double eps) {
        double sum = 0;
        int counted = 0;
        for (Group g : groups) {
            if (g.n() > 0) {
                sum += (double) (g.fixedCorrect() + bruteForceCorrect(g.samples(), eps)) / g.n();
                counted++;
            }
        }
        return counted == 0 ? 0 : sum / counted;
    }
}
