package org.omnireward.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.Response;
import org.omnireward.core.Task;

/** The validation table of {@code train bt}: model accuracy beside the length and random baselines. */
class TrainingEvaluationTest {

    private static PreferencePair pair(String id, String chosen, String rejected) {
        return new PreferencePair(id, Task.T2T, "g-" + id, "Prefer the better answer.", "Question " + id + "?",
                List.of(), Response.text(chosen), Response.text(rejected), false, "alpaca-eval:dir/file.json#" + id);
    }

    private static TrainingEvaluation.Row allPairs(List<TrainingEvaluation.Row> rows) {
        return rows.stream().filter(r -> r.subset().equals("all pairs")).findFirst().orElseThrow();
    }

    @Test
    void a_zero_score_difference_counts_half_as_in_the_trainers_validation_accuracy() {
        List<PreferencePair> pairs = List.of(pair("0", "A longer answer.", "Short."), pair("1", "Brief.", "Much longer."));
        double[] differences = {0.0, 0.0};

        TrainingEvaluation.Row all = allPairs(TrainingEvaluation.evaluate(pairs, differences, 42));

        assertThat(all.pairs()).isEqualTo(2);
        assertThat(all.model()).isEqualTo(0.5);
    }

    @Test
    void the_length_baseline_counts_a_pair_of_equally_long_answers_half() {
        List<PreferencePair> pairs = List.of(pair("0", "Answer A.", "Answer B."), pair("1", "Longer answer.", "Short."));
        double[] differences = {1.0, 1.0};

        TrainingEvaluation.Row all = allPairs(TrainingEvaluation.evaluate(pairs, differences, 42));

        assertThat(all.length()).isEqualTo(0.75);
        assertThat(all.model()).isEqualTo(1.0);
    }

    @Test
    void the_random_baseline_is_near_one_half_and_the_same_for_the_same_seed() {
        List<PreferencePair> pairs = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            pairs.add(pair(String.valueOf(i), "Chosen answer number " + i + ".", "Rejected " + i + "."));
        }
        double[] differences = new double[pairs.size()];
        Arrays.fill(differences, 1.0);

        double first = allPairs(TrainingEvaluation.evaluate(pairs, differences, 7)).random();
        double again = allPairs(TrainingEvaluation.evaluate(pairs, differences, 7)).random();
        double otherSeed = allPairs(TrainingEvaluation.evaluate(pairs, differences, 8)).random();

        assertThat(first).isCloseTo(0.5, within(0.03)).isEqualTo(again);
        assertThat(otherSeed).isCloseTo(0.5, within(0.03));
    }
}
