package org.omnireward.runtime.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.PairwiseRewardModel;
import org.omnireward.core.Preference;
import org.omnireward.core.PreferenceSample;
import org.omnireward.core.RewardModel;
import org.omnireward.core.RewardModels;
import org.omnireward.core.Task;
import org.omnireward.core.UnparseableOutputException;
import org.omnireward.testing.TestSamples;

class RandomBaselineModelTest {

    private static final List<PreferenceSample> SAMPLES = TestSamples.many(Task.T2T, "s", 3000);

    @Test
    void same_seed_and_id_give_the_same_answer_whatever_the_order_or_thread() throws Exception {
        RandomBaselineModel model = new RandomBaselineModel(7);
        List<Preference> inOrder = new ArrayList<>();
        for (PreferenceSample s : SAMPLES) {
            inOrder.add(model.judge(s, true).preference());
        }
        List<Integer> shuffled = new ArrayList<>();
        for (int i = 0; i < SAMPLES.size(); i++) {
            shuffled.add(i);
        }
        Collections.shuffle(shuffled, new java.util.Random(1));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Map<Integer, Future<Preference>> parallel = new java.util.HashMap<>();
            RandomBaselineModel other = new RandomBaselineModel(7);
            for (int i : shuffled) {
                parallel.put(
                        i, pool.submit(() -> other.judge(SAMPLES.get(i), true).preference()));
            }
            for (int i = 0; i < SAMPLES.size(); i++) {
                assertThat(parallel.get(i).get()).isEqualTo(inOrder.get(i));
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void answers_are_roughly_uniform_over_three_labels_with_ties_and_two_without() {
        RandomBaselineModel model = new RandomBaselineModel(0);
        Map<Preference, Integer> withTies = new EnumMap<>(Preference.class);
        Map<Preference, Integer> noTies = new EnumMap<>(Preference.class);
        for (PreferenceSample s : SAMPLES) {
            withTies.merge(model.judge(s, true).preference(), 1, Integer::sum);
            noTies.merge(model.judge(s, false).preference(), 1, Integer::sum);
        }
        // 3000 draws: expected 1000 per label (sd ~26) and 1500 per label (sd ~27)
        assertThat(withTies).containsOnlyKeys(Preference.values());
        withTies.values().forEach(n -> assertThat(n).isBetween(880, 1120));
        assertThat(noTies).containsOnlyKeys(Preference.RESPONSE1, Preference.RESPONSE2);
        noTies.values().forEach(n -> assertThat(n).isBetween(1380, 1620));
    }

    @Test
    void different_seeds_give_different_answers() {
        RandomBaselineModel a = new RandomBaselineModel(0);
        RandomBaselineModel b = new RandomBaselineModel(1);
        long differing = SAMPLES.stream()
                .filter(s -> a.judge(s, true).preference() != b.judge(s, true).preference())
                .count();
        // independent uniform draws over 3 labels differ 2/3 of the time
        assertThat(differing).isBetween(1800L, 2200L);
    }

    @Test
    void the_answer_ignores_which_response_comes_first() {
        RandomBaselineModel model = new RandomBaselineModel(3);
        for (PreferenceSample s : SAMPLES.subList(0, 200)) {
            assertThat(model.judge(s.swapped(), false).preference())
                    .isEqualTo(model.judge(s, false).preference());
        }
    }

    @Test
    void is_found_by_name_and_reads_the_seed_option() {
        RewardModel m = RewardModels.create(ModelSpec.parse("random", Map.of("seed", "42")));
        assertThat(m).isInstanceOf(PairwiseRewardModel.class);
        assertThat(((RandomBaselineModel) m).seed()).isEqualTo(42L);
        assertThat(((RandomBaselineModel) RewardModels.create("random")).seed()).isZero();
        assertThat(m.supportedTasks()).containsExactlyInAnyOrder(Task.values());
    }

    @Test
    void rejects_a_non_numeric_seed_and_an_argument() {
        assertThatThrownBy(() -> RewardModels.create(ModelSpec.parse("random", Map.of("seed", "abc"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("seed");
        assertThatThrownBy(() -> RewardModels.create("random:5"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no argument");
    }

    @Test
    void never_answers_tie_when_ties_are_not_allowed() {
        RandomBaselineModel model = new RandomBaselineModel(11);
        for (PreferenceSample s : SAMPLES) {
            try {
                assertThat(model.judge(s, false).preference()).isNotEqualTo(Preference.TIE);
            } catch (UnparseableOutputException e) {
                throw new AssertionError("tie answered without ties for " + s.id(), e);
            }
        }
    }
}
