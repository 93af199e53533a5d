package org.omnireward.scalar.bt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.Preference;
import org.omnireward.core.PreferenceSample;
import org.omnireward.core.RewardModel;
import org.omnireward.core.ScoringRequest;
import org.omnireward.core.Task;
import org.omnireward.scalar.ScalarContractSamples;
import org.omnireward.testing.RewardModelContractTest;
import org.omnireward.testing.TestSamples;

/**
 * {@link BtRewardModel} under the reward-model contract: a tiny head (encoder dimension 8, 4 hidden
 * units, every parameter random so that scores differ) written to and loaded from a model
 * directory, scoring with the deterministic bag-of-words {@link FakeEncoder}. Scalar, text-response
 * tasks only, deterministic.
 */
class BtRewardModelContractTest extends RewardModelContractTest {

    private static final int DIMENSION = 8;

    @TempDir
    static Path dir;

    private static Path modelDir;

    @BeforeAll
    static void writeTinyModel() {
        modelDir = RandomHeads.write(dir.resolve("tiny"), new FakeEncoder(DIMENSION).id(), DIMENSION, 7, 0.3);
    }

    @Override
    protected RewardModel createModel() {
        return new BtRewardModel("bt:" + modelDir, BtModelFiles.load(modelDir), new FakeEncoder(DIMENSION), true);
    }

    @Override
    protected List<PreferenceSample> samples() {
        return ScalarContractSamples.textResponseSamples(
                ScalarContractSamples.LONG_ANSWER,
                TestSamples.sample(Task.TA2T, "ta2t-code", Preference.RESPONSE1, "```\nrain()\n```", "rain?"));
    }

    @Override
    protected boolean deterministic() {
        return true;
    }

    @Test
    void the_tiny_model_tells_responses_apart() {
        List<ScoringRequest> requests = samples().stream()
                .flatMap(s -> java.util.stream.Stream.of(
                        ScoringRequest.of(s, Preference.RESPONSE1), ScoringRequest.of(s, Preference.RESPONSE2)))
                .toList();
        double[] scores = ((BtRewardModel) model()).scores(requests);
        // a contract that every model meets by scoring 0 would prove little: these scores all differ
        assertThat(Arrays.stream(scores).distinct().count()).isEqualTo(scores.length);
    }
}
