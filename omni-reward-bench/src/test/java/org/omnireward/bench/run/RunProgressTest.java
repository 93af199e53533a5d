package org.omnireward.bench.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.omnireward.bench.results.PredictionRecord;
import org.omnireward.testing.RecordingProgress;

class RunProgressTest {

    private final RecordingProgress shown = new RecordingProgress();
    private final RunProgress progress = new RunProgress(shown);

    private static PredictionRecord line(String task, boolean failed) {
        return new PredictionRecord(
                "x",
                task,
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

    @Test
    void a_run_reports_lines_written_of_the_lines_to_write_with_failures_and_lines_already_done() {
        progress.started(100, 20);
        for (int i = 0; i < 50; i++) {
            progress.lineWritten(line(i < 30 ? "t2t" : "ti2t", i == 7));
        }
        progress.finished();

        assertThat(shown.messages()).containsExactly("progress: starting, 100 lines to write, 20 already done");
        assertThat(shown.restarts()).containsExactly(0L);
        assertThat(shown.reports()).hasSize(51);
        assertThat(shown.reports().get(0))
                .isEqualTo(new RecordingProgress.Report("t2t", 1, 100, "lines", "0 failed  (20 already done)", false));
        assertThat(shown.reports().get(8).extra()).isEqualTo("1 failed  (20 already done)");
        assertThat(shown.reports().get(49).label()).isEqualTo("ti2t");
        assertThat(shown.last())
                .isEqualTo(new RecordingProgress.Report("ti2t", 50, 100, "lines", "1 failed  (20 already done)", true));
    }

    @Test
    void without_a_count_the_total_is_unknown_and_warnings_are_messages() {
        progress.started(-1, -1);
        progress.lineWritten(line("t2t", false));
        progress.warning("sample id 'dup' appears again");
        progress.finished();
        assertThat(shown.messages())
                .containsExactly("progress: starting, counting off", "warning: sample id 'dup' appears again");
        assertThat(shown.last().total()).isEqualTo(-1);
        assertThat(shown.last().extra()).isEqualTo("0 failed");
    }

    @Test
    void an_aborted_run_ends_the_status_line() {
        progress.started(10, 0);
        progress.lineWritten(line("t2t", false));
        progress.aborted();
        assertThat(shown.closes()).isEqualTo(1);
        assertThat(shown.reports()).noneMatch(RecordingProgress.Report::last);
    }
}
