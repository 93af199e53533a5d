package org.omnireward.scalar.bt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.Preference;
import org.omnireward.core.PreferenceSample;
import org.omnireward.core.RewardModel;
import org.omnireward.core.ScoringRequest;
import org.omnireward.core.Task;
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
        FeatureSpec spec = FeatureSpec.v1(DIMENSION);
        HeadShape shape = HeadShape.forFeatures(spec, 4, Activation.GELU);
        Random random = new Random(7);
        double[] parameters = new double[shape.parameterCount()];
        for (int i = 0; i < parameters.length; i++) {
            parameters[i] = 0.3 * random.nextGaussian();
        }
        BtManifest manifest = new BtManifest(BtModelFiles.FORMAT_VERSION, new FakeEncoder(DIMENSION).id(), DIMENSION,
                spec.id(), spec.version(), shape, 7, BtTrainingConfig.defaults(), List.of(), Map.of(), Map.of(),
                Instant.parse("2025-01-01T00:00:00Z"), "test", "");
        modelDir = dir.resolve("tiny");
        BtModelFiles.save(modelDir, BtHead.of(shape, parameters), manifest);
    }

    @Override
    protected RewardModel createModel() {
        return new BtRewardModel("bt:" + modelDir, BtModelFiles.load(modelDir), new FakeEncoder(DIMENSION), true);
    }

    @Override
    protected List<PreferenceSample> samples() {
        return List.of(
                TestSamples.sample(Task.T2T, "t2t-short-long", Preference.RESPONSE1, "Yes.",
                        "Yes, and here is a much longer answer with several sentences. It goes on. And on."),
                TestSamples.sample(Task.T2T, "t2t-list", Preference.RESPONSE2, "first second third",
                        "- first\n- second\n- third"),
                TestSamples.sample(Task.TI2T, "ti2t-unicode", Preference.RESPONSE2, "h\u00e9 \u00e7a va",
                        "\uD83D\uDE00 smile \u4F60\u597D"),
                TestSamples.sample(Task.TV2T, "tv2t-empty", Preference.RESPONSE2, "", "not empty"),
                TestSamples.sample(Task.TA2T, "ta2t-code", Preference.RESPONSE1, "```\nrain()\n```", "rain?"));
    }

    @Override
    protected boolean deterministic() {
        return true;
    }

    @Test
    void the_tiny_model_tells_responses_apart() {
        List<ScoringRequest> requests = samples().stream()
                .flatMap(s -> java.util.stream.Stream.of(ScoringRequest.of(s, Preference.RESPONSE1),
                        ScoringRequest.of(s, Preference.RESPONSE2)))
                .toList();
        double[] scores = ((BtRewardModel) model()).scoreBatch(requests);
        // a contract that every model meets by scoring 0 would prove little: these scores all differ
        assertThat(Arrays.stream(scores).distinct().count()).isEqualTo(scores.length);
    }
}
