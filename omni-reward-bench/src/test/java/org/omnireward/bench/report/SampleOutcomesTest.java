package org.omnireward.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.omnireward.bench.report.RunFixture.failed;
import static org.omnireward.bench.report.RunFixture.pairwise;
import static org.omnireward.bench.report.RunFixture.scalar;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.bench.results.Setting;

class SampleOutcomesTest {

    @TempDir
    Path tmp;

    @Test
    void pairwise_line_is_correct_when_prediction_equals_label() throws Exception {
        RunFixture f = new RunFixture("judge");
        f.setting("ties", 0.5, 0.5);
        f.task("ties", "t2t", 0.5, 2, 1, 0.1, 0.9, null);
        f.line(pairwise("a", "t2t", "ties", "tie", "tie"))
                .line(pairwise("b", "t2t", "ties", "response1", "response2"))
                .line(failed("c", "t2t", "ties", "response1", "timeout"));
        RunReport run = RunReport.load(f.write(tmp.resolve("r")));

        Map<String, Boolean> out = SampleOutcomes.of(run, Setting.TIES);

        assertThat(out).containsEntry("t2t/a", true).containsEntry("t2t/b", false).doesNotContainKey("t2t/c");
        assertThat(SampleOutcomes.of(run, Setting.NO_TIES)).isEmpty();
    }

    @Test
    void scalar_line_in_ties_setting_predicts_tie_within_the_task_threshold() throws Exception {
        RunFixture f = new RunFixture("scalar");
        f.setting("ties", 0.5, 0.5);
        f.task("ties", "t2t", 0.5, 3, 0, 0.1, 0.9, 0.1);
        f.task("ties", "t2i", 0.5, 2, 0, 0.1, 0.9, null);
        f.line(scalar("near", "t2t", "ties", "tie", 1.00, 0.95))        // |m| = 0.05 <= 0.1 → tie
                .line(scalar("edge", "t2t", "ties", "tie", 1.0, 0.9))   // |m| = 0.1 (rounding) → tie only if <= ε
                .line(scalar("far", "t2t", "ties", "tie", 2.0, 1.0))    // |m| = 1 > 0.1 → response1
                .line(scalar("nothr", "t2i", "ties", "tie", 1.00, 0.99)) // threshold null → no tie
                .line(scalar("neg", "t2i", "ties", "response2", 0.1, 0.5));
        RunReport run = RunReport.load(f.write(tmp.resolve("s")));

        Map<String, Boolean> out = SampleOutcomes.of(run, Setting.TIES);

        assertThat(out).containsEntry("t2t/near", true).containsEntry("t2t/far", false)
                .containsEntry("t2i/nothr", false).containsEntry("t2i/neg", true);
        assertThat(out.get("t2t/edge")).isEqualTo(Math.abs(1.0 - 0.9) <= 0.1);
    }

    @Test
    void scalar_line_in_no_ties_setting_uses_sign_of_margin() throws Exception {
        RunFixture f = new RunFixture("scalar");
        f.setting("no_ties", 0.5, 0.5);
        f.task("no_ties", "t2t", 0.5, 2, 0, 0.1, 0.9, null);
        f.line(scalar("x", "t2t", "no_ties", "response1", 0.51, 0.50))
                .line(scalar("y", "t2t", "no_ties", "response1", 0.2, 0.3));
        RunReport run = RunReport.load(f.write(tmp.resolve("n")));

        assertThat(SampleOutcomes.of(run, Setting.NO_TIES)).containsEntry("t2t/x", true).containsEntry("t2t/y", false);
    }
}
