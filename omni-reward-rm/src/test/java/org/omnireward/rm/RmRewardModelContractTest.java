package org.omnireward.rm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.Preference;
import org.omnireward.core.PreferenceSample;
import org.omnireward.core.RewardModel;
import org.omnireward.core.RewardModels;
import org.omnireward.core.ScoringRequest;
import org.omnireward.core.Task;
import org.omnireward.testing.RewardModelContractTest;
import org.omnireward.testing.TestSamples;

/**
 * {@code rm:DIR} under the reward-model contract: a model folder with MiniLM's top layer and a
 * random head, loaded through the provider. Deterministic, text responses only.
 */
class RmRewardModelContractTest extends RewardModelContractTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void writeModel() {
        TinyModels.write(dir.resolve("tiny"), 64);
    }

    @Override
    protected RewardModel createModel() {
        return RewardModels.create(ModelSpec.parse("rm:" + dir.resolve("tiny")));
    }

    @Override
    protected List<PreferenceSample> samples() {
        return List.of(
                TestSamples.sample(
                        Task.T2T,
                        "t2t-short-long",
                        Preference.RESPONSE1,
                        "Yes.",
                        "Yes, and here is a much longer answer with several sentences. It goes on. And on."),
                TestSamples.sample(
                        Task.T2T, "t2t-list", Preference.RESPONSE2, "first second third", "- first\n- second\n- third"),
                TestSamples.sample(
                        Task.TI2T,
                        "ti2t-unicode",
                        Preference.RESPONSE2,
                        "h\u00e9 \u00e7a va",
                        "\uD83D\uDE00 smile \u4F60\u597D"),
                TestSamples.sample(Task.TV2T, "tv2t-empty", Preference.RESPONSE2, "", "not empty"),
                TestSamples.sample(Task.TA2T, "ta2t-code", Preference.RESPONSE1, "```\nrain()\n```", "rain?"));
    }

    /**
     * Not bit for bit: a batch is padded to its longest input, and PyTorch's matrix products over
     * other shapes round differently (measured: 3e-7 relative). The same batch twice gives the same
     * scores, and batched scores equal single ones within 1e-4 (tests below).
     */
    @Override
    protected boolean deterministic() {
        return false;
    }

    @Test
    void the_same_batch_twice_gives_the_same_scores() {
        List<ScoringRequest> requests = samples().stream()
                .flatMap(s -> Stream.of(
                        ScoringRequest.of(s, Preference.RESPONSE1), ScoringRequest.of(s, Preference.RESPONSE2)))
                .toList();
        RmRewardModel model = (RmRewardModel) model();
        assertThat(model.scores(requests)).containsExactly(model.scores(requests));
    }

    @Test
    void batched_scores_equal_one_by_one_scores_and_differ_between_responses() {
        List<ScoringRequest> requests = samples().stream()
                .flatMap(s -> Stream.of(
                        ScoringRequest.of(s, Preference.RESPONSE1), ScoringRequest.of(s, Preference.RESPONSE2)))
                .toList();
        RmRewardModel model = (RmRewardModel) model();
        double[] batched = model.scores(requests);
        double[] single =
                requests.stream().mapToDouble(r -> model.scores(List.of(r))[0]).toArray();
        for (int i = 0; i < batched.length; i++) {
            assertThat(batched[i]).isCloseTo(single[i], org.assertj.core.data.Offset.offset(1e-4));
        }
        assertThat(Arrays.stream(batched).distinct().count()).isEqualTo(batched.length);
    }
}
