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
import org.omnireward.core.util.ProgressDisplay;

class ConsoleRunProgressTest {

    private final AtomicLong clock = new AtomicLong();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private static PredictionRecord line(boolean failed) {
        return new PredictionRecord(
                "x",
                "t2t",
                "ties",
                0,
                "tie",
                failed ? null : "tie",
                null,
                null,
                failed,
                false,
                failed ? "boom" : null,
                1,
                3,
                null);
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
        ConsoleRunProgress p = new ConsoleRunProgress(new ProgressDisplay(out, "", false, clock::get));
        p.started(100, 20);
        for (int i = 0; i < 50; i++) {
            advanceSeconds(0.5); // 25 s in all
            p.lineWritten(line(i == 7));
        }
        p.finished(result());
        List<String> lines = printed().lines().toList();
        assertThat(lines.get(0)).isEqualTo("progress: starting, 100 lines to write, 20 already done");
        // the first line, then at 10.5 s and 20.5 s, then the final line
        assertThat(lines).hasSize(5);
        assertThat(lines.get(1)).startsWith("t2t 1/100 lines (1%)");
        assertThat(lines.get(2))
                .contains("21/100 lines (21%)")
                .contains("2.0 lines/s")
                .contains("ETA 40s")
                .contains("1 failed");
        assertThat(lines.get(4)).contains("50/100 lines").contains("(20 already done)");
        assertThat(printed()).doesNotContain("\r");
    }

    @Test
    void plain_progress_without_a_total_shows_count_and_rate_but_no_eta() {
        ConsoleRunProgress p = new ConsoleRunProgress(new ProgressDisplay(out, "", false, clock::get));
        p.started(-1, -1);
        advanceSeconds(4);
        p.lineWritten(line(false));
        p.finished(result());
        assertThat(printed())
                .contains("counting off")
                .contains("1 lines")
                .contains("0.3 lines/s")
                .doesNotContain("ETA");
    }

    @Test
    void terminal_progress_redraws_one_line_in_place_and_ends_it_with_a_newline() {
        ConsoleRunProgress p = new ConsoleRunProgress(new ProgressDisplay(out, "", true, clock::get));
        p.started(10, 0);
        for (int i = 0; i < 4; i++) {
            advanceSeconds(1);
            p.lineWritten(line(false));
        }
        p.warning("sample id 'dup' appears again");
        p.finished(result());
        String s = printed();
        assertThat(s).contains("\rt2t 4/10 lines (40%)").contains("1.0 lines/s").contains("ETA 6s");
        assertThat(s).contains("warning: sample id 'dup' appears again" + System.lineSeparator());
        assertThat(s).endsWith(System.lineSeparator());
        // the start line, the warning line and the final newline; the status line is redrawn with \r
        assertThat(s.chars().filter(c -> c == '\n').count()).isEqualTo(3);
    }

    @Test
    void an_aborted_run_ends_its_status_line() {
        ConsoleRunProgress p = new ConsoleRunProgress(new ProgressDisplay(out, "", true, clock::get));
        p.started(10, 0);
        advanceSeconds(1);
        p.lineWritten(line(false));
        p.aborted();
        assertThat(printed()).endsWith(System.lineSeparator());
    }

    @Test
    void terminal_progress_throttles_redraws() {
        ConsoleRunProgress p = new ConsoleRunProgress(new ProgressDisplay(out, "", true, clock::get));
        p.started(1000, 0);
        for (int i = 0; i < 500; i++) {
            clock.addAndGet(1_000_000); // 1 ms per line
            p.lineWritten(line(false));
        }
        long redraws = printed().chars().filter(c -> c == '\r').count();
        assertThat(redraws).isBetween(3L, 5L); // every 200 ms over 0.5 s (and the clearing of the start message)
    }
}
