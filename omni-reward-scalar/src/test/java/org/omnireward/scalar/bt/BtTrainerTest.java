package org.omnireward.scalar.bt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.omnireward.core.InvalidInputException;

class BtTrainerTest {

    private static final FeaturePairList TRAIN = SyntheticPairs.source(SyntheticPairs.linear(600, 1, 0.0, 0));
    private static final FeaturePairList VALID = SyntheticPairs.source(SyntheticPairs.linear(200, 2, 0.0, 0));

    private static BtTrainingConfig quick() {
        return BtTrainingConfig.defaults()
                .withHiddenSize(8)
                .withMaxEpochs(8)
                .withLearningRate(3e-2)
                .withPatience(0);
    }

    @Test
    void learns_a_separable_preference_well_above_chance() {
        BtTrainingResult result = new BtTrainer(quick()).train(SyntheticPairs.SHAPE, TRAIN, VALID, null);

        assertThat(result.status()).isEqualTo(BtTrainingResult.Status.COMPLETED);
        assertThat(result.validation().accuracy()).isGreaterThan(0.85);
        assertThat(result.epochs()).hasSize(8);
        assertThat(result.epochs().get(7).trainLoss())
                .isLessThan(result.epochs().get(0).trainLoss());
        assertThat(result.trainPairs()).isEqualTo(600);
        assertThat(result.validPairs()).isEqualTo(200);
    }

    @Test
    void two_runs_with_the_same_seed_give_identical_weights_and_another_seed_does_not() {
        BtHead a = new BtTrainer(quick())
                .train(SyntheticPairs.SHAPE, TRAIN, VALID, null)
                .head();
        BtHead b = new BtTrainer(quick())
                .train(SyntheticPairs.SHAPE, TRAIN, VALID, null)
                .head();
        BtHead c = new BtTrainer(quick().withSeed(7))
                .train(SyntheticPairs.SHAPE, TRAIN, VALID, null)
                .head();

        assertThat(a.copyParameters()).containsExactly(b.copyParameters());
        assertThat(Arrays.equals(a.copyParameters(), c.copyParameters())).isFalse();
    }

    @Test
    void thread_count_does_not_change_the_weights() {
        BtHead one = new BtTrainer(quick().withBatchSize(50))
                .train(SyntheticPairs.SHAPE, TRAIN, VALID, null)
                .head();
        BtHead two = new BtTrainer(quick().withBatchSize(50).withThreads(2))
                .train(SyntheticPairs.SHAPE, TRAIN, VALID, null)
                .head();

        assertThat(two.copyParameters()).containsExactly(one.copyParameters());
    }

    @Test
    void skips_and_counts_ties_in_training_and_validation() {
        FeaturePairList train = SyntheticPairs.source(SyntheticPairs.linear(100, 1, 0.0, 7));
        FeaturePairList valid = SyntheticPairs.source(SyntheticPairs.linear(50, 2, 0.0, 3));

        BtTrainingResult result =
                new BtTrainer(quick().withMaxEpochs(1)).train(SyntheticPairs.SHAPE, train, valid, null);

        assertThat(result.trainPairs()).isEqualTo(100);
        assertThat(result.trainTiesSkipped()).isEqualTo(7);
        assertThat(result.validPairs()).isEqualTo(50);
        assertThat(result.validTiesSkipped()).isEqualTo(3);
        assertThat(result.validation().differences()).hasSize(53);
        assertThat(result.validation().differences()[50]).isNaN();
        assertThat(result.logJson().get("train_ties_skipped").asInt()).isEqualTo(7);
    }

    @Test
    void rejects_training_data_without_usable_pairs() {
        BtTrainer trainer = new BtTrainer(quick());
        FeaturePairList allTies = SyntheticPairs.source(SyntheticPairs.linear(0, 1, 0.0, 5));
        FeaturePairList empty = SyntheticPairs.source(List.of());

        assertThatThrownBy(() -> trainer.train(SyntheticPairs.SHAPE, allTies, null, null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no usable training pairs")
                .hasMessageContaining("all 5 pairs are ties");
        assertThatThrownBy(() -> trainer.train(SyntheticPairs.SHAPE, empty, null, null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("training data is empty");
        assertThatThrownBy(() -> trainer.train(SyntheticPairs.SHAPE, TRAIN, allTies, null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no usable validation pairs");
    }

    @Test
    void rejects_non_finite_features_naming_the_pair() {
        List<FeaturePair> pairs = new ArrayList<>(SyntheticPairs.linear(20, 1, 0.0, 0));
        float[] bad = pairs.get(13).chosen().clone();
        bad[5] = Float.NaN;
        pairs.set(13, FeaturePair.of("the-bad-group", bad, pairs.get(13).rejected()));

        assertThatThrownBy(() ->
                        new BtTrainer(quick()).train(SyntheticPairs.SHAPE, SyntheticPairs.source(pairs), null, null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("pair 13 (group the-bad-group)")
                .hasMessageContaining("feature 5 is not finite");
    }

    @Test
    void rejects_features_of_another_length() {
        FeaturePairList other = FeaturePairList.of(List.of(FeaturePair.of("g", new float[3], new float[3])), 3);

        assertThatThrownBy(() -> new BtTrainer(quick()).train(SyntheticPairs.SHAPE, other, null, null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("3 features but the head expects 26");
    }

    @Test
    void a_huge_learning_rate_stops_with_a_clear_message_and_keeps_finite_initial_weights() {
        BtTrainingConfig config = quick().withLearningRate(1e200);
        BtTrainingResult result = new BtTrainer(config).train(SyntheticPairs.SHAPE, TRAIN, VALID, null);

        assertThat(result.status()).isEqualTo(BtTrainingResult.Status.DIVERGED);
        assertThat(result.message())
                .contains("training diverged at epoch 1")
                .contains("no epoch finished")
                .contains("Lower the learning rate");
        assertThat(result.bestEpoch()).isZero();
        assertThat(result.head().isFinite()).isTrue();
        assertThat(result.head())
                .isEqualTo(
                        BtHead.initialize(result.head().shape(), config.seed()).roundedToFloat());
    }

    @Test
    void divergence_after_good_epochs_keeps_the_last_good_checkpoint() {
        // One step per epoch, an absurd peak learning rate reached by a linear warm-up over 10 steps:
        // Adam moves each weight by at most about the step's learning rate, so the first epoch stays
        // within the float range (|w| <= 3e37) and later ones leave it.
        FeaturePairList source = SyntheticPairs.source(SyntheticPairs.linear(40, 3, 0.0, 0));
        BtTrainingConfig config = quick().withLearningRate(3e38)
                .withWeightDecay(0)
                .withWarmupFraction(0.5)
                .withBatchSize(64)
                .withMaxEpochs(20);
        Map<Integer, BtHead> checkpoints = new TreeMap<>();
        BtTrainingListener listener = new BtTrainingListener() {
            @Override
            public void onCheckpoint(int epoch, BtHead head) {
                checkpoints.put(epoch, head);
            }
        };

        BtTrainingResult result = new BtTrainer(config).train(SyntheticPairs.SHAPE, source, null, listener);

        assertThat(result.status()).isEqualTo(BtTrainingResult.Status.DIVERGED);
        assertThat(result.epochs()).hasSizeBetween(2, 19);
        int last = result.epochs().size();
        assertThat(result.bestEpoch()).isEqualTo(last);
        assertThat(result.message())
                .contains("training diverged at epoch " + (last + 1))
                .contains("kept the model of epoch " + last);
        assertThat(result.head().isFinite()).isTrue();
        assertThat(result.head()).isEqualTo(checkpoints.get(last));
        assertThat(checkpoints)
                .containsOnlyKeys(
                        java.util.stream.IntStream.rangeClosed(1, last).boxed().toList());
    }

    @Test
    void stops_early_when_validation_accuracy_stops_improving_and_keeps_the_best_epoch() {
        FeaturePairList noisyValid = SyntheticPairs.source(SyntheticPairs.linear(60, 5, 0.3, 0));
        Map<Integer, BtHead> checkpoints = new TreeMap<>();
        BtTrainingListener listener = new BtTrainingListener() {
            @Override
            public void onCheckpoint(int epoch, BtHead head) {
                checkpoints.put(epoch, head);
            }
        };
        BtTrainingConfig config = quick().withMaxEpochs(40).withPatience(2);

        BtTrainingResult result = new BtTrainer(config).train(SyntheticPairs.SHAPE, TRAIN, noisyValid, listener);

        assertThat(result.status()).isEqualTo(BtTrainingResult.Status.EARLY_STOPPED);
        assertThat(result.epochs()).hasSize(result.bestEpoch() + 2);
        double best = result.epochs().stream()
                .mapToDouble(EpochLog::validAccuracy)
                .max()
                .orElseThrow();
        assertThat(result.epochs().get(result.bestEpoch() - 1).validAccuracy()).isEqualTo(best);
        assertThat(result.head()).isEqualTo(checkpoints.get(result.bestEpoch()));
        assertThat(result.validation().accuracy()).isCloseTo(best, within(1.0 / 60 + 1e-9));
        assertThat(result.message())
                .contains("stopped early after epoch " + result.epochs().size());
    }

    @Test
    void reports_progress_every_step_with_rate_and_eta() {
        List<BtTrainingListener.StepProgress> steps = new ArrayList<>();
        List<EpochLog> epochs = new ArrayList<>();
        BtTrainingListener listener = new BtTrainingListener() {
            @Override
            public void onStep(StepProgress progress) {
                steps.add(progress);
            }

            @Override
            public void onEpoch(EpochLog epoch, boolean improved) {
                epochs.add(epoch);
            }
        };
        new BtTrainer(quick().withMaxEpochs(2).withBatchSize(64)).train(SyntheticPairs.SHAPE, TRAIN, VALID, listener);

        assertThat(steps).hasSize(2 * 10);
        assertThat(steps.get(0).totalSteps()).isEqualTo(20);
        assertThat(steps.get(9).pairsSeen()).isEqualTo(600);
        assertThat(steps.get(19).eta()).isZero();
        assertThat(steps).allSatisfy(s -> {
            assertThat(s.pairsPerSecond()).isPositive();
            assertThat(s.learningRate()).isPositive();
        });
        assertThat(epochs).extracting(EpochLog::epoch).containsExactly(1, 2);
    }

    @Test
    void gradient_clipping_scales_the_global_norm_down_to_the_limit_and_leaves_small_gradients() {
        double[] big = {3, 4};
        double[] small = {0.3, 0.4};

        assertThat(BtTrainer.clipByGlobalNorm(big, 1.0)).isEqualTo(5.0);
        assertThat(BtTrainer.clipByGlobalNorm(small, 1.0)).isCloseTo(0.5, within(1e-12));

        assertThat(big).usingComparatorWithPrecision(1e-12).containsExactly(0.6, 0.8);
        assertThat(small).containsExactly(0.3, 0.4);
    }

    @Test
    void loss_is_the_stable_softplus_of_the_negative_margin_difference() {
        assertThat(BtTrainer.loss(0)).isCloseTo(Math.log(2), within(1e-15));
        assertThat(BtTrainer.loss(2)).isCloseTo(Math.log1p(Math.exp(-2)), within(1e-15));
        assertThat(BtTrainer.loss(-800)).isEqualTo(800.0);
        assertThat(BtTrainer.loss(800)).isEqualTo(0.0);
        assertThat(BtTrainer.sigmoidOfMinus(-800)).isEqualTo(1.0);
        assertThat(BtTrainer.sigmoidOfMinus(0)).isEqualTo(0.5);
    }

    @Test
    void a_margin_makes_training_push_the_score_gap_beyond_it() {
        BtTrainingResult plain = new BtTrainer(quick()).train(SyntheticPairs.SHAPE, TRAIN, VALID, null);
        BtTrainingResult margin =
                new BtTrainer(quick().withMargin(2.0)).train(SyntheticPairs.SHAPE, TRAIN, VALID, null);

        double plainGap =
                Arrays.stream(plain.validation().differences()).average().orElseThrow();
        double marginGap =
                Arrays.stream(margin.validation().differences()).average().orElseThrow();
        assertThat(marginGap).isGreaterThan(plainGap);
    }
}
