package org.omnireward.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.Response;
import org.omnireward.core.Task;
import org.omnireward.training.ValidationReport;

class DataEvaluateCommandTest {

    private static PreferencePair pair(String id, String source, String chosen, String rejected) {
        return new PreferencePair(
                id,
                Task.T2T,
                id,
                "Prefer the better answer.",
                "Q " + id,
                List.of(),
                Response.text(chosen),
                Response.text(rejected),
                false,
                source);
    }

    @Test
    void paired_row_has_mcnemar_p_and_the_paired_interval_of_the_difference() {
        // 100 pairs: A right on 70, B on 60; only A on 15, only B on 5
        PairedEvaluation.Row r = PairedEvaluation.row("all pairs", 100, 70, 60, 15, 5);
        assertThat(r.difference()).isCloseTo(0.10, within(1e-12));
        // var = (b + c − (b − c)²/n) / n² = (20 − 1) / 10,000
        double half = 1.959963984540054 * Math.sqrt(19.0 / 10_000);
        assertThat(r.differenceLower()).isCloseTo(0.10 - half, within(1e-12));
        assertThat(r.differenceUpper()).isCloseTo(0.10 + half, within(1e-12));
        // two-sided exact binomial: 2·P(X ≤ 5), X ~ Bin(20, ½) = 2·21,700/1,048,576
        assertThat(r.pValue()).isCloseTo(2 * 21_700 / 1_048_576.0, within(1e-12));
        assertThat(r.aBetter()).isTrue();
        assertThat(r.bBetter()).isFalse();
        assertThat(r.lowerA()).isLessThan(0.70);
        assertThat(r.upperA()).isGreaterThan(0.70);

        PairedEvaluation.Row close = PairedEvaluation.row("x", 100, 62, 60, 7, 5);
        assertThat(close.aBetter()).isFalse();
        assertThat(close.differenceLower()).isNegative(); // the interval holds zero
    }

    @Test
    void the_rule_asks_for_both_overall_and_length_adversarial() {
        List<PreferencePair> pairs = new ArrayList<>();
        for (int i = 0; i < 60; i++) { // the chosen is longer
            pairs.add(pair("long" + i, "alpaca-eval:a.json#" + i, "a long and careful answer " + i, "short"));
        }
        for (int i = 0; i < 60; i++) { // length-adversarial: the chosen is shorter
            pairs.add(pair("short" + i, "alpaca-eval:a.json#" + (100 + i), "right", "a longer wrong answer " + i));
        }
        double[] everywhere = new double[120];
        double[] onlyLong = new double[120];
        double[] never = new double[120];
        for (int i = 0; i < 120; i++) {
            everywhere[i] = 1;
            onlyLong[i] = i < 60 ? 1 : -1;
            never[i] = -1;
        }
        List<PairedEvaluation.Row> better = PairedEvaluation.compare(pairs, everywhere, never, List.of());
        assertThat(better)
                .extracting(PairedEvaluation.Row::subset)
                .contains(ValidationReport.ALL_PAIRS, ValidationReport.LENGTH_ADVERSARIAL, "alpaca-eval");
        assertThat(PairedEvaluation.verdict(better, "A", "B")).startsWith("verdict: A is better than B");

        // better overall (p tiny) but not on the length-adversarial pairs: not better by the rule
        List<PairedEvaluation.Row> overallOnly = PairedEvaluation.compare(pairs, onlyLong, never, List.of());
        PairedEvaluation.Row all = overallOnly.get(0);
        assertThat(all.aBetter()).isTrue();
        assertThat(PairedEvaluation.verdict(overallOnly, "A", "B")).startsWith("verdict: A is not shown better than B");
    }

    @Test
    void against_prints_both_reports_the_paired_table_and_the_verdict(@TempDir Path dir) throws IOException {
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            jsonl.append(line("L" + i, "a much longer and more careful answer number " + i, "short " + i));
            jsonl.append(line("S" + i, "ok " + i, "a much longer but wrong answer number " + i));
        }
        Path data = dir.resolve("pairs.jsonl");
        Files.writeString(data, jsonl);
        CliRun run =
                CliRun.run("data", "evaluate", "--model", "length", "--against", "length", "--data", data.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("length on " + data)
                .contains("paired comparison on " + data)
                .contains("McNemar p")
                .contains(ValidationReport.LENGTH_ADVERSARIAL)
                .contains("verdict: length is not shown better than length");
    }

    private static String line(String id, String chosen, String rejected) {
        return "{\"id\":\"" + id + "\",\"task\":\"t2t\",\"criteria\":\"Prefer the better answer.\",\"prompt\":\"Q"
                + id + "\",\"chosen\":\"" + chosen + "\",\"rejected\":\"" + rejected
                + "\",\"source\":\"alpaca-eval:a.json#" + id + "\"}\n";
    }
}
