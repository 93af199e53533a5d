package org.omnireward.data.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.Response;
import org.omnireward.core.Task;
import org.omnireward.data.Groups;
import org.omnireward.data.UnifiedJsonlWriter;

class DataStatsTest {

    @TempDir
    Path dir;

    @Test
    void counts_ties_length_bias_and_criterion_lengths_per_task_and_source() throws Exception {
        Files.createDirectories(dir.resolve("mix"));
        UnifiedJsonlWriter.writeAll(
                dir.resolve("mix/train.jsonl"),
                List.of(
                        PreferencePair.text("1", "g1", "Short.", "p1", "a much longer answer", "short", "hh-rlhf:x#L1"),
                        PreferencePair.text("2", "g2", "Short.", "p2", "longer answer here", "tiny", "hh-rlhf:x#L2"),
                        PreferencePair.text(
                                "3",
                                "g3",
                                "A criterion <b>with</b> markup & more words to count",
                                "p3",
                                "s",
                                "a long rejected answer",
                                "chat-pairs:y#L1"),
                        new PreferencePair(
                                "4",
                                Task.T2T,
                                "g4",
                                "Short.",
                                "p4",
                                List.of(),
                                Response.text("x"),
                                Response.text("yy"),
                                true,
                                "alpaca-eval:z#1")));
        UnifiedJsonlWriter.writeAll(
                dir.resolve("mix/valid.jsonl"),
                List.of(PreferencePair.text(
                        "5", Groups.ofPrompt("p5"), "Short.", "p5", "same len", "same lon", "hh-rlhf:x#L9")));
        DataStats.Stats s = DataStats.compute(dir.resolve("mix"), null);
        assertThat(s.all().records()).isEqualTo(5);
        assertThat(s.all().ties()).isEqualTo(1);
        assertThat(s.all().tieShare()).isEqualTo(0.2);
        assertThat(s.all().textPairs()).isEqualTo(4); // the tie is not a length comparison
        assertThat(s.all().chosenLongerShare()).isEqualTo(0.5);
        assertThat(s.sources().get("hh-rlhf").chosenLongerShare()).isEqualTo(2 / 3.0);
        assertThat(s.sources().get("chat-pairs").chosenLongerShare()).isZero();
        assertThat(s.files()).containsOnlyKeys("train.jsonl", "valid.jsonl");
        assertThat(s.tasks().get("t2t").records()).isEqualTo(5);

        String md = DataStats.markdown(s);
        assertThat(md)
                .contains("| **all** | 5 | 1 | 20.0% |")
                .contains("source `hh-rlhf`")
                .contains("66.7%");
        String html = DataStats.html(s, "Mix <1>");
        assertThat(html)
                .contains("<title>Mix &lt;1&gt;</title>")
                .contains("<svg")
                .doesNotContain("<script")
                .doesNotContain("src=\"http");
        assertThat(html.split("<svg", -1)).hasSize(6);
    }
}
