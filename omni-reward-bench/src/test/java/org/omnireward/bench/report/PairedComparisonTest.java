package org.omnireward.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.omnireward.bench.report.RunFixture.failed;
import static org.omnireward.bench.report.RunFixture.pairwise;
import static org.omnireward.bench.report.RunFixture.scalar;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.bench.results.PredictionRecord;
import org.omnireward.bench.results.Setting;

class PairedComparisonTest {

    @TempDir
    Path tmp;

    @Test
    void counts_discordant_pairs_on_samples_both_runs_predicted() throws Exception {
        RunFixture a = new RunFixture("A");
        RunFixture b = new RunFixture("B");
        a.setting("no_ties", 0.5, 0.5);
        b.setting("no_ties", 0.5, 0.5);
        // s0..s9: A always right, B right on s0, s1, s7..s9 → b = 5 (s2..s6); one more sample only B gets right → c = 1
        for (int i = 0; i < 10; i++) {
            a.line(pairwise("s" + i, "t2t", "no_ties", "response1", "response1"));
            boolean bRight = i < 2 || i >= 7;
            b.line(pairwise("s" + i, "t2t", "no_ties", "response1", bRight ? "response1" : "response2"));
        }
        a.line(pairwise("only-b-right", "t2t", "no_ties", "response2", "response1"));
        b.line(pairwise("only-b-right", "t2t", "no_ties", "response2", "response2"));
        a.line(failed("failed-in-a", "t2t", "no_ties", "response1", "timeout"));
        b.line(pairwise("failed-in-a", "t2t", "no_ties", "response1", "response2"));
        b.line(pairwise("missing-in-a", "t2t", "no_ties", "response1", "response2"));
        RunReport ra = RunReport.load(a.write(tmp.resolve("a")));
        RunReport rb = RunReport.load(b.write(tmp.resolve("b")));

        PairedComparison p = PairedComparison.compare(ra, rb, Setting.NO_TIES);

        assertThat(p.nCommon()).isEqualTo(11);
        assertThat(p.b()).isEqualTo(5);
        assertThat(p.c()).isEqualTo(1);
        assertThat(p.accuracyA()).isCloseTo(10.0 / 11, within(1e-12));
        assertThat(p.accuracyB()).isCloseTo(6.0 / 11, within(1e-12));
        assertThat(p.difference()).isCloseTo(4.0 / 11, within(1e-12));
        assertThat(p.pValue()).isEqualTo(McNemar.exactPValue(5, 1));
        assertThat(p.runA()).isEqualTo("A");

        assertThat(PairedComparison.all(List.of(ra, rb), List.of(Setting.NO_TIES, Setting.TIES)))
                .hasSize(1);
    }

    @Test
    void same_id_in_different_tasks_is_different_sample() throws Exception {
        RunFixture a = new RunFixture("A");
        RunFixture b = new RunFixture("B");
        a.setting("no_ties", 0.5, 0.5);
        b.setting("no_ties", 0.5, 0.5);
        a.line(pairwise("1", "t2t", "no_ties", "response1", "response1"));
        b.line(pairwise("1", "t2i", "no_ties", "response1", "response2"));
        PairedComparison p = PairedComparison.compare(
                RunReport.load(a.write(tmp.resolve("a"))), RunReport.load(b.write(tmp.resolve("b"))), Setting.NO_TIES);
        assertThat(p.nCommon()).isZero();
        assertThat(p.pValue()).isEqualTo(1.0);
        assertThat(p.difference()).isNaN();
    }

    private static PredictionRecord at(PredictionRecord r, int index) {
        return new PredictionRecord(
                r.id(),
                r.task(),
                r.setting(),
                index,
                r.label(),
                r.prediction(),
                r.swapped(),
                r.scores(),
                r.failed(),
                r.invalid(),
                r.error(),
                r.attempts(),
                r.latencyMs(),
                r.rationale());
    }

    @Test
    void scalar_outcomes_in_ties_setting_follow_the_calibrated_threshold() throws Exception {
        RunFixture scalarRun = new RunFixture("scalar");
        RunFixture judge = new RunFixture("judge");
        scalarRun.setting("ties", 0.5, 0.5);
        judge.setting("ties", 0.5, 0.5);
        // margins: near .05 (tie), far 1 (r1), small -.02 (tie), neg -1 (r2): ε = .05 makes all four right,
        // while the threshold-free predictions (r1, r1, r2, r2) get near and small wrong
        scalarRun
                .line(at(scalar("near", "t2t", "ties", "tie", 1.0, 0.95), 0))
                .line(at(scalar("far", "t2t", "ties", "response1", 2.0, 1.0), 1))
                .line(at(scalar("small", "t2t", "ties", "tie", 0.5, 0.52), 2))
                .line(at(scalar("neg", "t2t", "ties", "response2", 0.0, 1.0), 3));
        judge.line(at(pairwise("near", "t2t", "ties", "tie", "tie"), 0))
                .line(at(pairwise("far", "t2t", "ties", "response1", "response2"), 1))
                .line(at(pairwise("small", "t2t", "ties", "tie", "response1"), 2))
                .line(at(pairwise("neg", "t2t", "ties", "response2", "response2"), 3));
        RunReport rs = RunReport.load(scalarRun.write(tmp.resolve("s")));
        RunReport rj = RunReport.load(judge.write(tmp.resolve("j")));

        PairedComparison p = PairedComparison.compare(rs, rj, Setting.TIES);

        assertThat(p.nCommon()).isEqualTo(4);
        assertThat(p.b()).isEqualTo(2); // far, small
        assertThat(p.c()).isZero(); // without calibration "near" would count here
        assertThat(p.accuracyA()).isEqualTo(1.0);
        assertThat(p.accuracyB()).isEqualTo(0.5);
    }

    @Test
    void zero_margin_in_no_ties_is_a_wrong_prediction_and_unsupported_tasks_are_left_out() throws Exception {
        RunFixture a = new RunFixture("A");
        RunFixture b = new RunFixture("B");
        a.setting("no_ties", 0.5, 0.5, "t2i");
        b.setting("no_ties", 0.5, 0.5);
        a.line(scalar("equal", "t2t", "no_ties", "response1", 1.0, 1.0))
                .line(pairwise("img", "t2i", "no_ties", "response1", "response1"));
        b.line(pairwise("equal", "t2t", "no_ties", "response1", "response1"))
                .line(pairwise("img", "t2i", "no_ties", "response1", "response2"));

        PairedComparison p = PairedComparison.compare(
                RunReport.load(a.write(tmp.resolve("a"))), RunReport.load(b.write(tmp.resolve("b"))), Setting.NO_TIES);

        assertThat(p.nCommon()).isEqualTo(1);
        assertThat(p.b()).isZero();
        assertThat(p.c()).isEqualTo(1);
    }
}
