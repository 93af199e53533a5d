package org.omnireward.rm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.InvalidInputException;

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

    private RmTrainingPipeline pipeline(Path out) {
        return new RmTrainingPipeline(
                dir.resolve("train.jsonl"), dir.resolve("valid.jsonl"), out, false, "minilm", tiny(), null, null);
    }

    @Test
    void a_run_stopped_after_a_checkpoint_and_resumed_gives_the_weights_of_an_uninterrupted_run() throws Exception {
        TinyData.write(dir.resolve("train.jsonl"), 0, 12);
        TinyData.write(dir.resolve("valid.jsonl"), 12, 16);

        RmTrainingPipeline.Outcome whole = pipeline(dir.resolve("whole")).run();
        assertThat(whole.resumed()).isFalse();
        assertThat(Files.exists(dir.resolve("whole").resolve(RmTrainer.CHECKPOINT)))
                .isFalse();

        RmTrainingPipeline stopped = pipeline(dir.resolve("resumed"));
        stopped.stopAfterStep(4); // the 4th of 6 steps: in the second epoch
        assertThatThrownBy(stopped::run).isInstanceOf(RmTrainer.Stopped.class);
        assertThat(Files.exists(dir.resolve("resumed").resolve(RmTrainer.CHECKPOINT)))
                .isTrue();
        RmTrainingPipeline.Outcome resumed = pipeline(dir.resolve("resumed")).run();
        assertThat(resumed.resumed()).isTrue();

        byte[] a = Files.readAllBytes(dir.resolve("whole").resolve(RmModelFiles.WEIGHTS));
        byte[] b = Files.readAllBytes(dir.resolve("resumed").resolve(RmModelFiles.WEIGHTS));
        assertThat(b).isEqualTo(a);
        assertThat(resumed.manifest().weightsSha256())
                .isEqualTo(whole.manifest().weightsSha256());
        // it trained: the weights moved from the base, and the folder says how it was made
        assertThat(whole.manifest().counts()).containsEntry("train_pairs", 12L).containsEntry("valid_pairs", 4L);
        assertThat(whole.manifest().validation())
                .containsKeys("accuracy_all_pairs", "length_baseline_all_pairs", "random_baseline_all_pairs");
        assertThat(whole.manifest().trainingData()).hasSize(2);
        assertThat(Files.readString(dir.resolve("whole").resolve("training-log.json")))
                .contains("\"epoch\" : 2");
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
