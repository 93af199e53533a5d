package org.omnireward.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.omnireward.bench.report.RunFixture.failed;
import static org.omnireward.bench.report.RunFixture.pairwise;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

        assertThat(PairedComparison.all(List.of(ra, rb), List.of(Setting.NO_TIES, Setting.TIES))).hasSize(1);
    }

    @Test
    void same_id_in_different_tasks_is_different_sample() throws Exception {
        RunFixture a = new RunFixture("A");
        RunFixture b = new RunFixture("B");
        a.setting("no_ties", 0.5, 0.5);
        b.setting("no_ties", 0.5, 0.5);
        a.line(pairwise("1", "t2t", "no_ties", "response1", "response1"));
        b.line(pairwise("1", "t2i", "no_ties", "response1", "response2"));
        PairedComparison p = PairedComparison.compare(RunReport.load(a.write(tmp.resolve("a"))),
                RunReport.load(b.write(tmp.resolve("b"))), Setting.NO_TIES);
        assertThat(p.nCommon()).isZero();
        assertThat(p.pValue()).isEqualTo(1.0);
        assertThat(p.difference()).isNaN();
    }
}
