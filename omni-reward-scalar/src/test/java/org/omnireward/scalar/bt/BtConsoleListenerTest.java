package org.omnireward.scalar.bt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How {@code train bt} shows a pipeline run: messages on one stream, progress and epochs on the other. */
class BtConsoleListenerTest {

    private final StringWriter out = new StringWriter();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final BtConsoleListener plain =
            new BtConsoleListener(new PrintWriter(out), new PrintStream(err, true, StandardCharsets.UTF_8), false);

    private String progress() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void messages_are_lines_on_the_message_stream_and_never_on_the_progress_stream() {
        plain.onMessage("train: unified file a.jsonl: 2 pairs (0 ties)");

        assertThat(out.toString()).isEqualTo("train: unified file a.jsonl: 2 pairs (0 ties)" + System.lineSeparator());
        assertThat(progress()).isEmpty();
    }

    @Test
    void encoding_progress_shows_the_phase_and_the_count_of_texts_as_plain_lines() {
        plain.onEncoding("encoding train texts", 0, 10);
        plain.onEncoding("encoding train texts", 10, 10);
        plain.onEncoding("encoding valid texts", 4, 4);

        assertThat(progress())
                .contains("encoding train texts 10/10 texts (100%)")
                .contains("encoding valid texts 4/4 texts")
                .doesNotContain("\r")
                .doesNotContain("\u001b");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void each_epoch_is_one_line_with_losses_accuracies_and_whether_its_model_was_kept() {
        plain.onTrainingStart(100, 10);
        plain.onStep(
                new BtTrainingListener.StepProgress(1, 2, 2, 2, 2, 4, 128, 0.61234, 1e-3, 100, Duration.ofSeconds(1)));
        plain.onEpoch(new EpochLog(1, 0.6, 0.7, 0.5, 0.75, 1e-3, 1.5), true);
        plain.onEpoch(new EpochLog(2, 0.4, 0.8, Double.NaN, Double.NaN, 1e-3, 2.0), false);
        plain.onTrainingEnd(null);

        assertThat(progress())
                .contains("training 2/4 steps (50%)")
                .contains("epoch 1/2 loss 0.6123")
                .contains("epoch 1: train loss 0.6000 acc 0.700, valid loss 0.5000 acc 0.750 (1.5 s)  (kept)")
                .contains("epoch 2: train loss 0.4000 acc 0.800 (2.0 s)" + System.lineSeparator());
    }
}
