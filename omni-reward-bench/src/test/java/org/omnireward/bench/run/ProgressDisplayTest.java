package org.omnireward.bench.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.omnireward.bench.results.PredictionRecord;

class ProgressDisplayTest {

    private final AtomicLong clock = new AtomicLong();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private static PredictionRecord line(boolean failed) {
        return new PredictionRecord("x", "t2t", "ties", 0, "tie", failed ? null : "tie", null, null, failed, false,
                failed ? "boom" : null, 1, 3, null);
    }

    private void advanceSeconds(double s) {
        clock.addAndGet((long) (s * 1e9));
    }

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static RunResult result() {
        return new RunResult(Path.of("/o"), Path.of("/o/predictions.jsonl"), Map.of(), List.of(), Duration.ZERO);
    }

    @Test
    void plain_progress_prints_at_most_every_ten_seconds_and_at_the_end() {
        PlainProgress p = new PlainProgress(out, clock::get);
        p.started(100, 20);
        for (int i = 0; i < 50; i++) {
            advanceSeconds(0.5); // 25 s in all
            p.lineWritten(line(i == 7));
        }
        p.finished(result());
        List<String> lines = printed().lines().toList();
        assertThat(lines.get(0)).isEqualTo("progress: starting, 100 lines to write, 20 already done");
        // at 10 s and 20 s, then the final line
        assertThat(lines).hasSize(4);
        assertThat(lines.get(1)).contains("20/100 lines (20.0%)").contains("2.0/s").contains("ETA 40s").contains("1 failed");
        assertThat(lines.get(3)).contains("50/100 lines").contains("(20 already done)");
        assertThat(printed()).doesNotContain("\r");
    }

    @Test
    void plain_progress_without_a_total_shows_count_and_rate_but_no_eta() {
        PlainProgress p = new PlainProgress(out, clock::get);
        p.started(-1, -1);
        advanceSeconds(4);
        p.lineWritten(line(false));
        p.finished(result());
        assertThat(printed()).contains("counting off").contains("1 lines").contains("0.3/s").doesNotContain("ETA");
    }

    @Test
    void terminal_progress_redraws_one_line_in_place_and_ends_it_with_a_newline() {
        TerminalProgress p = new TerminalProgress(out, clock::get);
        p.started(10, 0);
        for (int i = 0; i < 4; i++) {
            advanceSeconds(1);
            p.lineWritten(line(false));
        }
        p.warning("sample id 'dup' appears again");
        p.finished(result());
        String s = printed();
        assertThat(s).startsWith("\r").contains("4/10 lines (40.0%)").contains("1.0/s").contains("ETA 6s");
        assertThat(s).contains("warning: sample id 'dup' appears again\n");
        assertThat(s).endsWith("\n");
        // everything before the final newline is one logical line redrawn with \r (plus the warning line)
        assertThat(s.chars().filter(c -> c == '\n').count()).isEqualTo(2);
    }

    @Test
    void terminal_progress_throttles_redraws() {
        TerminalProgress p = new TerminalProgress(out, clock::get);
        p.started(1000, 0);
        for (int i = 0; i < 500; i++) {
            clock.addAndGet(1_000_000); // 1 ms per line
            p.lineWritten(line(false));
        }
        long redraws = printed().chars().filter(c -> c == '\r').count();
        assertThat(redraws).isBetween(5L, 7L); // start + every 100 ms over 0.5 s
    }
}
