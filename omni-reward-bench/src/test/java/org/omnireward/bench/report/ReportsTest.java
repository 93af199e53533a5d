package org.omnireward.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.bench.results.Setting;
import org.omnireward.core.util.Json;

class ReportsTest {

    @TempDir
    Path tmp;

    List<RunReport> runs;

    @BeforeEach
    void loadRuns() throws Exception {
        runs = Reports.load(SampleRuns.write(tmp));
    }

    private static String row(String table, String first) {
        return Arrays.stream(table.split("\n"))
                .filter(l -> l.startsWith("| " + first + " "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row " + first + " in\n" + table));
    }

    @Test
    void terminal_table_shows_accuracy_n_unsupported_overall_failed_and_thresholds() {
        String out = Reports.terminalTable(runs, List.of(Setting.NO_TIES, Setting.TIES), 400);

        assertThat(out).contains("[1] judge-a", "[2] scalar-b", "[3] length", "w/o ties", "w/ ties");
        assertThat(out).contains("supports: t2t, ti2t; unsupported: tv2t, ta2t, t2i, t2v, t2a, t23d, ti2i");
        String t2t = row(out, "t2t");
        assertThat(t2t).contains("70.0 (300)", "58.0 (350)", "40.0 (100)", "35.0 (120)", "0.1250");
        assertThat(row(out, "t2i")).contains("—").contains("48.0 (104)");
        assertThat(row(out, "Overall")).contains("65.0", "55.0", "50.0", "45.0");
        assertThat(row(out, "Failed")).contains(" 2 ", " 1 ");
        assertThat(out).contains("ε w/ ties");
        assertThat(out).contains("Paired tests");
    }

    @Test
    void terminal_table_wraps_columns_to_the_width() {
        String out = Reports.terminalTable(runs, List.of(Setting.NO_TIES, Setting.TIES), 70);

        long tables = Arrays.stream(out.split("\n"))
                .filter(l -> l.startsWith("| task "))
                .count();
        assertThat(tables).isGreaterThan(1);
        String accuracyPart = out.substring(0, out.indexOf("Accuracy in %"));
        Arrays.stream(accuracyPart.split("\n"))
                .filter(l -> l.startsWith("|") || l.startsWith("+"))
                .forEach(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(70));
        // every task row is repeated in each chunk
        assertThat(Arrays.stream(out.split("\n"))
                        .filter(l -> l.startsWith("| ti2i "))
                        .count())
                .isEqualTo(tables);
    }

    @Test
    void ascii_only_table_keeps_alignment() {
        String out = Reports.terminalTable(runs, List.of(Setting.NO_TIES, Setting.TIES), 400, true);

        assertThat(out).doesNotContain("—", "ε").contains("eps w/ ties");
        assertThat(row(out, "t2i")).contains("|           - |");
        long widths = Arrays.stream(
                        out.substring(0, out.indexOf("Accuracy in %")).split("\n"))
                .filter(l -> l.startsWith("|") || l.startsWith("+"))
                .mapToInt(String::length)
                .distinct()
                .count();
        assertThat(widths).isEqualTo(1);
    }

    @Test
    void setting_filter_leaves_out_the_other_setting() {
        String out = Reports.terminalTable(runs, List.of(Setting.TIES), 400);
        assertThat(out).contains("w/ ties").doesNotContain("w/o ties").doesNotContain("70.0 (300)");
    }

    @Test
    void paired_test_in_terminal_uses_common_samples() {
        String out = Reports.terminalTable(runs, List.of(Setting.NO_TIES), 400);
        // A vs B on s0..s9: b = 4 (s5..s8), c = 0 → p = 2/16
        assertThat(out)
                .containsPattern(
                        "\\| w/o ties +\\| +\\[1\\] +\\| +\\[2\\] +\\| +10 \\| +4 \\| +0 \\| +\\+40\\.0 \\| +0\\.1250 \\|");
    }

    @Test
    void markdown_has_accuracy_table_reference_values_paired_tests_and_correlations() {
        String md = Reports.markdown(runs, List.of(Setting.NO_TIES, Setting.TIES));

        assertThat(md).contains("| task |", "| t2t | 70.0 (300) |", "| **Overall** | **65.0** |");
        assertThat(md).contains("unsupported: tv2t, ta2t, t2i, t2v, t2a, t23d, ti2i");
        assertThat(md).contains("## Published reference values", "73.68", "65.36", "75.30", "46.67");
        assertThat(md).contains("| w/o ties | judge-a | scalar-b | 10 | 4 | 0 | +40.0 | 0.1250 |");
        assertThat(md).contains("### w/o ties (Pearson r over 3 runs)");
        assertThat(md.lines()
                        .filter(l -> l.startsWith("| t2t | ") && l.contains("n/a"))
                        .count())
                .isPositive();
    }

    @Test
    void markdown_escapes_pipes_and_html_in_labels() {
        String md = Reports.markdown(List.of(runs.get(0).withLabel("a|b<i>")), List.of(Setting.NO_TIES));
        assertThat(md).contains("a\\|b&lt;i&gt;").doesNotContain("<i>");
    }

    @Test
    void json_document_carries_runs_tests_correlations_and_reference() throws Exception {
        JsonNode root = Json.mapper().readTree(Reports.json(runs, List.of(Setting.NO_TIES, Setting.TIES)));

        JsonNode a = root.get("runs").get(0);
        assertThat(a.get("label").asText()).isEqualTo("judge-a");
        assertThat(a.get("supported_tasks")).extracting(JsonNode::asText).containsExactly("t2t", "ti2t");
        assertThat(a.get("unsupported_tasks")).hasSize(7);
        JsonNode t2t = a.get("settings").get("no_ties").get("tasks").get("t2t");
        assertThat(t2t.get("accuracy").asDouble()).isEqualTo(0.70);
        assertThat(t2t.get("n").asInt()).isEqualTo(300);
        assertThat(t2t.get("ci95").get(1).asDouble()).isEqualTo(0.75);
        assertThat(a.get("settings")
                        .get("no_ties")
                        .get("failed_samples")
                        .get(0)
                        .get("id")
                        .asText())
                .isEqualTo(SampleRuns.EVIL_ID);
        assertThat(root.get("runs")
                        .get(1)
                        .get("settings")
                        .get("ties")
                        .get("tasks")
                        .get("t2t")
                        .get("tie_threshold")
                        .asDouble())
                .isEqualTo(0.125);

        JsonNode tests = root.get("paired_tests");
        assertThat(tests).hasSize(3); // 3 pairs in no_ties; ties pairs share no predicted sample and are left out
        JsonNode ab = tests.get(0);
        assertThat(ab.get("setting").asText()).isEqualTo("no_ties");
        assertThat(ab.get("b").asInt()).isEqualTo(4);
        assertThat(ab.get("c").asInt()).isEqualTo(0);
        assertThat(ab.get("p_value").asDouble()).isCloseTo(0.125, within(1e-12));

        JsonNode corr = root.get("correlations").get("no_ties");
        assertThat(corr.get("runs").asInt()).isEqualTo(3);
        assertThat(corr.get("matrix")).hasSize(9);
        assertThat(corr.get("matrix").get(0).get(0).asDouble()).isCloseTo(1.0, within(1e-12)); // t2t varies over 3 runs
        assertThat(corr.get("matrix").get(0).get(4).isNull()).isTrue(); // t2i: judge-a does not support it → 2 runs
        assertThat(root.get("published_reference")
                        .get("models")
                        .get(0)
                        .get("overall_ties")
                        .asDouble())
                .isEqualTo(65.36);
    }
}
