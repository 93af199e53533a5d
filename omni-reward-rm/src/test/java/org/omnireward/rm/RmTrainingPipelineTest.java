package org.omnireward.rm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.util.Json;
import org.omnireward.testing.RecordingProgress;
import org.omnireward.training.TensorFile;

/**
 * {@code train rm} on a tiny configuration (12 pairs, 48 tokens, the top layer): reproducible, and a
 * run stopped after a checkpoint and resumed writes the same weights as an uninterrupted run.
 */
class RmTrainingPipelineTest {

    @TempDir
    Path dir;

    static RmTrainingConfig tiny() {
        return RmTrainingConfig.defaults()
                .withEpochs(2)
                .withBatch(2, 2)
                .withMaxLength(48)
                .withTrainableLayers(1)
                .withCheckpointEvery(1)
                .withLearningRates(1e-4, 1e-2);
    }

    /**
     * SHA-256 of the tiny run's {@code weights.bin}. It changes only when the arithmetic does: it was
     * 5ee1ae48… until the GELU became PyTorch's fused {@code gelu} and the frozen layers ran per text
     * (unpadded, as the layer cache keeps them) instead of in padded micro-batches.
     */
    static final String TINY_WEIGHTS_SHA256 = "ae1623ce7116887214976f426f5b60a3ee562bf4a9145cc5e4a604d9c1d66057";

    /** The validation rows of the tiny run's first epoch, as its checkpoint holds them. */
    private static final String ROWS =
            "[{\"subset\":\"all pairs\",\"pairs\":4,\"model\":0.75,\"length\":0.375,\"random\":0.75},"
                    + "{\"subset\":\"real pairs\",\"pairs\":4,\"model\":0.75,\"length\":0.375,\"random\":0.75},"
                    + "{\"subset\":\"real, length-balanced\",\"pairs\":2,\"model\":0.5,\"length\":0.0,\"random\":0.5},"
                    + "{\"subset\":\"unknown\",\"pairs\":4,\"model\":0.75,\"length\":0.375,\"random\":0.75}]";

    /**
     * The header of the tiny run's checkpoint after step 4 (the first of epoch 2), as written by the code before the
     * header became a record: a checkpoint of that build is still recognised (same fingerprint) and read.
     */
    static final String CHECKPOINT_HEADER =
            "{\"fingerprint\":\"d8b889736601f9248fa7d30a206213c1a6bbad00393667ffe55520bff29246c1\","
                    + "\"step\":4,\"epoch\":1,\"next_pair\":4,\"epoch_loss\":2.4670305252075195,\"epoch_correct\":4.0,"
                    + "\"epoch_pairs\":4,\"epochs\":[{\"epoch\":1,\"train_loss\":0.6798527439435323,"
                    + "\"train_accuracy\":0.6666666666666666,\"steps\":3,\"validation\":" + ROWS + "}],"
                    + "\"best_epoch\":1,\"best_accuracy\":0.75,\"best_validation\":" + ROWS + "}";

    private RecordingProgress progress = new RecordingProgress();

    private RmTrainingPipeline pipeline(Path out) {
        return new RmTrainingPipeline(
                dir.resolve("train.jsonl"), dir.resolve("valid.jsonl"), out, false, "minilm", tiny(), progress, null);
    }

    @Test
    void a_run_stopped_after_a_checkpoint_and_resumed_gives_the_weights_of_an_uninterrupted_run() throws Exception {
        TinyData.write(dir.resolve("train.jsonl"), 0, 12);
        TinyData.write(dir.resolve("valid.jsonl"), 12, 16);

        // the uninterrupted run computes the frozen layers every epoch; the stopped and resumed one
        // keeps them in a layer cache, reads them back in epoch 2 and after the restart: same weights
        RmTrainingPipeline.Outcome whole =
                pipeline(dir.resolve("whole")).layerCache(null).run();
        assertThat(whole.resumed()).isFalse();
        assertThat(Files.exists(dir.resolve("whole").resolve(RmTrainer.CHECKPOINT)))
                .isFalse();

        Path cache = dir.resolve("layer-cache");
        RmTrainingPipeline stopped = pipeline(dir.resolve("resumed")).layerCache(cache);
        stopped.stopAfterStep(4); // the 4th of 6 steps: in the second epoch
        assertThatThrownBy(stopped::run).isInstanceOf(RmTrainer.Stopped.class);
        assertThat(Files.exists(dir.resolve("resumed").resolve(RmTrainer.CHECKPOINT)))
                .isTrue();
        // the header as the code before the records wrote it: a checkpoint of that build resumes with this one
        assertThat(TensorFile.read(dir.resolve("resumed").resolve(RmTrainer.CHECKPOINT))
                        .header())
                .isEqualTo(CHECKPOINT_HEADER);
        progress = new RecordingProgress();
        RmTrainingPipeline.Outcome resumed =
                pipeline(dir.resolve("resumed")).layerCache(cache).run();
        assertThat(resumed.resumed()).isTrue();
        // 32 distinct texts (12 training and 4 validation pairs); the resumed process read the
        // states the stopped one wrote and computed none of the training texts again
        try (java.util.stream.Stream<Path> files = Files.walk(cache)) {
            assertThat(files.filter(f -> f.toString().endsWith(".f32")).count()).isEqualTo(32);
        }
        assertThat(progress.messages())
                .anyMatch(m -> m.startsWith("frozen layers: ") && m.contains(" read from the cache"));
        assertThat(progress.messages()).noneMatch(m -> m.startsWith("frozen layers: ") && !m.endsWith(", 0 computed"));
        // each epoch's time in this process: the resumed one took only the last 2 of epoch 2's 3 steps
        assertThat(progress.messages())
                .anyMatch(m -> m.matches("epoch 2: 2 steps in \\d+s \\([0-9.]+ steps/s\\), validation \\d+s"))
                .noneMatch(m -> m.startsWith("epoch 1: "));

        byte[] a = Files.readAllBytes(dir.resolve("whole").resolve(RmModelFiles.WEIGHTS));
        byte[] b = Files.readAllBytes(dir.resolve("resumed").resolve(RmModelFiles.WEIGHTS));
        assertThat(b).isEqualTo(a);
        assertThat(org.omnireward.core.util.Sha256.hex(dir.resolve("whole").resolve(RmModelFiles.WEIGHTS)))
                .as("the tiny run's weights (golden)")
                .isEqualTo(TINY_WEIGHTS_SHA256);
        assertThat(resumed.manifest().weightsSha256())
                .isEqualTo(whole.manifest().weightsSha256());
        // it trained: the weights moved from the base, and the folder says how it was made
        assertThat(whole.manifest().counts()).containsEntry("train_pairs", 12L).containsEntry("valid_pairs", 4L);
        assertThat(whole.manifest().validation())
                .containsKeys("accuracy_all_pairs", "length_baseline_all_pairs", "random_baseline_all_pairs");
        assertThat(whole.manifest().trainingData()).hasSize(2);
        assertThat(Files.readString(dir.resolve("whole").resolve("training-log.json")))
                .contains("\"epoch\" : 2");
        JsonNode log = Json.mapper()
                .readTree(dir.resolve("whole").resolve("training-log.json").toFile());
        List<String> keys = new ArrayList<>();
        log.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("best_epoch", "steps", "resumed", "config", "epochs");
        assertThat(log.get("steps").asLong()).isEqualTo(6);
        assertThat(log.get("resumed").asBoolean()).isFalse();
    }

    @Test
    void a_train_file_without_usable_pairs_is_refused_before_training() throws Exception {
        Files.writeString(
                dir.resolve("train.jsonl"),
                "{\"id\":\"t\",\"task\":\"t2t\",\"criteria\":\"c\","
                        + "\"prompt\":\"p\",\"chosen\":\"a\",\"rejected\":\"b\",\"tie\":true}\n");
        TinyData.write(dir.resolve("valid.jsonl"), 12, 16);
        assertThatThrownBy(() -> pipeline(dir.resolve("m")).run())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no usable training pairs in " + dir.resolve("train.jsonl"));
    }
}
