package org.omnireward.scalar.bt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.Preference;
import org.omnireward.core.PreferenceSample;
import org.omnireward.core.RewardModel;
import org.omnireward.core.RewardModels;
import org.omnireward.core.ScalarRewardModel;
import org.omnireward.core.ScoringRequest;
import org.omnireward.core.Task;
import org.omnireward.scalar.Encoder;
import org.omnireward.scalar.ScalarContractSamples;
import org.omnireward.scalar.encode.EmbeddingCache;
import org.omnireward.scalar.encode.TextEncoders;
import org.omnireward.testing.RewardModelContractTest;
import org.omnireward.testing.TestSamples;

/**
 * {@code bt:DIR} as the CLI and the benchmark runner open it, under the reward-model contract: the
 * provider found through {@link RewardModels}, the real MiniLM encoder its manifest names (ONNX
 * natives, hence an IT) behind the on-disk embedding cache, and a small random head. Checks in
 * particular that cached and freshly encoded texts give the same scores and that 8 threads can
 * share one model. The cache is pointed into a temporary folder.
 */
class BtProviderContractIT extends RewardModelContractTest {

    @TempDir
    static Path tmp;

    private static String previousCacheDir;
    private static Path modelDir;
    private static String encoderId;

    @BeforeAll
    static void writeModel() {
        previousCacheDir = System.getProperty(EmbeddingCache.DIRECTORY_PROPERTY);
        System.setProperty(
                EmbeddingCache.DIRECTORY_PROPERTY, tmp.resolve("cache").toString());
        try (Encoder minilm = TextEncoders.create(TextEncoders.MINILM, 1)) {
            encoderId = minilm.id();
        }
        modelDir = writeRandomHead(tmp.resolve("model"), encoderId, 384);
    }

    @AfterAll
    static void restoreCacheDirectory() {
        if (previousCacheDir == null) {
            System.clearProperty(EmbeddingCache.DIRECTORY_PROPERTY);
        } else {
            System.setProperty(EmbeddingCache.DIRECTORY_PROPERTY, previousCacheDir);
        }
    }

    /** A model directory with a 4-unit head of random weights for an encoder of {@code dimension}. */
    private static Path writeRandomHead(Path dir, String encoderId, int dimension) {
        return RandomHeads.write(dir, encoderId, dimension, 11, 0.2);
    }

    @Override
    protected RewardModel createModel() {
        return RewardModels.create(ModelSpec.parse("bt:" + modelDir, Map.of("threads", "2")));
    }

    @Override
    protected List<PreferenceSample> samples() {
        return ScalarContractSamples.textResponseSamples(
                ScalarContractSamples.LONG_ANSWER,
                TestSamples.sample(Task.TA2T, "ta2t-long", Preference.RESPONSE1, "rain ".repeat(600), "rain?"));
    }

    @Override
    protected boolean deterministic() {
        return true;
    }

    @Test
    void is_named_after_its_directory_and_scores_text_response_tasks_only() {
        assertThat(model().name()).isEqualTo("bt:" + modelDir);
        assertThat(model().supportedTasks()).containsExactlyInAnyOrder(Task.T2T, Task.TI2T, Task.TV2T, Task.TA2T);
        assertThat(tmp.resolve("cache").resolve("embeddings"))
                .isDirectoryContaining(p -> p.toString().endsWith(EmbeddingCache.EXTENSION));
    }

    @Test
    void scores_without_the_cache_equal_scores_with_it() {
        List<ScoringRequest> requests = samples().stream()
                .map(s -> ScoringRequest.of(s, Preference.RESPONSE2))
                .toList();
        double[] cached = ((ScalarRewardModel) model()).scores(requests);
        try (RewardModel uncached = RewardModels.create(ModelSpec.parse("bt:" + modelDir, Map.of("cache", "false")))) {
            assertThat(((ScalarRewardModel) uncached).scores(requests)).containsExactly(cached);
        }
    }

    @Test
    void refuses_a_model_whose_manifest_gives_another_dimension_for_the_encoder_naming_both() throws Exception {
        // the right encoder id but a head for 8-dimensional embeddings: caught when the encoder is loaded
        Path wrong = writeRandomHead(Files.createDirectories(tmp.resolve("wrong-dimension")), encoderId, 8);

        assertThatThrownBy(() -> RewardModels.create("bt:" + wrong))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'" + encoderId + "' (dimension 8)")
                .hasMessageContaining("(dimension 384)");
    }
}
