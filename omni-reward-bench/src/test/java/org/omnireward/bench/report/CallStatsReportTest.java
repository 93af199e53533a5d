package org.omnireward.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.bench.metrics.CallStats;
import org.omnireward.bench.metrics.Summary;
import org.omnireward.bench.metrics.SummaryReader;
import org.omnireward.bench.results.PredictionRecord;
import org.omnireward.bench.results.Setting;
import org.omnireward.bench.run.RunSummaries;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.util.Json;

/**
 * The judge part of the reports: position consistency, unparseable and other failures, tokens and
 * cost, computed from the predictions into summary.json and shown by every renderer.
 */
class CallStatsReportTest {

    @TempDir
    Path tmp;

    /** A judged line; {@code consistent} null = judged in one order. */
    private static PredictionRecord judged(
            String id, String setting, String label, String prediction, Boolean consistent, long in, long out) {
        return new PredictionRecord(
                id,
                "t2t",
                setting,
                0,
                label,
                prediction,
                false,
                null,
                false,
                false,
                null,
                1,
                5,
                "why",
                "raw",
                in,
                out,
                consistent,
                null);
    }

    private static PredictionRecord failedLine(String id, String setting, String kind) {
        return new PredictionRecord(
                id,
                "t2t",
                setting,
                0,
                "response1",
                null,
                false,
                null,
                true,
                false,
                "it failed",
                5,
                5,
                null,
                "no verdict here",
                null,
                null,
                null,
                kind);
    }

    private Path run(String runJson, List<PredictionRecord> lines) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(dir.resolve("run.json"), runJson, StandardCharsets.UTF_8);
        List<String> jsonl = new ArrayList<>();
        for (PredictionRecord r : lines) {
            jsonl.add(Json.mapper().writeValueAsString(r));
        }
        Files.write(dir.resolve("predictions.jsonl"), jsonl, StandardCharsets.UTF_8);
        RunSummaries.write(dir);
        return dir;
    }

    private static List<PredictionRecord> judgeLines() {
        List<PredictionRecord> lines = new ArrayList<>();
        // no_ties: 6 consistent (5 right), 2 inconsistent (1 right), 1 unparseable, 1 transient failure
        for (int i = 0; i < 6; i++) {
            lines.add(judged("c" + i, "no_ties", "response1", i < 5 ? "response1" : "response2", true, 1000, 100));
        }
        lines.add(judged("i0", "no_ties", "response1", "response1", false, 1000, 100));
        lines.add(judged("i1", "no_ties", "response1", "response2", false, 1000, 100));
        lines.add(failedLine("u0", "no_ties", "unparseable"));
        lines.add(failedLine("t0", "no_ties", "transient"));
        // ties: one consistent, one inconsistent answered as a tie
        lines.add(judged("c0", "ties", "response1", "response1", true, 500, 50));
        lines.add(judged("i0", "ties", "tie", "tie", false, 500, 50));
        return lines;
    }

    private static final String RUN_JSON = """
            {"model": "openai:judge", "data": "/bench", "settings": ["no_ties", "ties"], "tasks": ["t2t"],
             "prices": {"input_usd_per_mtok": 2.5, "output_usd_per_mtok": 10.0}}
            """;

    @Test
    void summary_counts_consistency_failures_by_kind_tokens_and_cost() throws Exception {
        Path dir = run(RUN_JSON, judgeLines());
        Summary s = SummaryReader.read(dir.resolve("summary.json"));

        CallStats nt = s.setting(Setting.NO_TIES).calls();
        assertThat(nt.failed()).isEqualTo(2);
        assertThat(nt.unparseable()).isEqualTo(1);
        assertThat(nt.errorsByKind()).isEqualTo(Map.of("transient", 1, "unparseable", 1));
        assertThat(nt.swapJudged()).isEqualTo(8);
        assertThat(nt.swapConsistent()).isEqualTo(6);
        assertThat(nt.consistencyRate()).isCloseTo(0.75, within(1e-12));
        assertThat(nt.accuracyConsistent()).isCloseTo(5.0 / 6, within(1e-12));
        assertThat(nt.accuracyInconsistent()).isCloseTo(0.5, within(1e-12));
        assertThat(nt.inputTokens()).isEqualTo(8000);
        assertThat(nt.outputTokens()).isEqualTo(800);
        assertThat(nt.costUsd()).isCloseTo(8000 * 2.5e-6 + 800 * 10e-6, within(1e-12));

        CallStats t = s.setting(Setting.TIES).calls();
        assertThat(t.swapJudged()).isEqualTo(2);
        assertThat(t.consistencyRate()).isCloseTo(0.5, within(1e-12));
        assertThat(t.accuracyConsistent())
                .as("split by consistency only without ties")
                .isNull();
        assertThat(s.prices().inputPerMillion()).isEqualTo(2.5);
    }

    @Test
    void a_run_without_prices_has_tokens_but_no_cost() throws Exception {
        Path dir = run("{\"model\": \"openai:judge\", \"data\": \"/bench\"}", judgeLines());
        Summary s = SummaryReader.read(dir.resolve("summary.json"));
        assertThat(s.prices()).isNull();
        assertThat(s.setting(Setting.NO_TIES).calls().costUsd()).isNull();
        assertThat(s.setting(Setting.NO_TIES).calls().inputTokens()).isEqualTo(8000);
        JsonNode raw = Json.readTree(dir.resolve("summary.json"));
        assertThat(raw.has("prices")).isFalse();
        assertThat(raw.at("/settings/no_ties/calls/cost_usd").isNull()).isTrue();
    }

    @Test
    void a_scalar_run_without_failures_has_no_calls_object() throws Exception {
        PredictionRecord line = new PredictionRecord(
                "a",
                "t2t",
                "no_ties",
                0,
                "response1",
                "response1",
                null,
                List.of(1.0, 0.0),
                false,
                false,
                null,
                1,
                1,
                null);
        Path dir = run("{\"model\": \"bt:m\", \"data\": \"/bench\"}", List.of(line));
        JsonNode raw = Json.readTree(dir.resolve("summary.json"));
        assertThat(raw.at("/settings/no_ties").has("calls")).isFalse();
    }

    @Test
    void every_report_shows_the_model_calls() throws Exception {
        Path dir = run(RUN_JSON, judgeLines());
        List<RunReport> runs = Reports.load(List.of(dir));
        List<Setting> both = List.of(Setting.NO_TIES, Setting.TIES);

        String terminal = Reports.terminalTable(runs, both, 400);
        assertThat(terminal).contains("Model calls:");
        String noTiesRow = terminal.lines()
                .filter(l -> l.contains("w/o ties") && l.contains("[1] "))
                .findFirst()
                .orElseThrow();
        assertThat(noTiesRow).contains("75.0% (6 of 8)", "83.3", "50.0", "8,000", "800", "$0.0280", "1 transient");

        String md = Reports.markdown(runs, both);
        assertThat(md).contains("## Model calls", "75.0% (6 of 8)", "$0.0280");

        String html = HtmlReport.render(runs, both);
        assertThat(html).contains("<h2>Model calls</h2>", "75.0% (6 of 8)", "$0.0280");

        JsonNode json = Json.mapper().readTree(Reports.json(runs, both));
        JsonNode calls = json.at("/runs/0/settings/no_ties/calls");
        assertThat(calls.get("consistency_rate").asDouble()).isEqualTo(0.75);
        assertThat(calls.get("unparseable").asInt()).isEqualTo(1);
    }

    @Test
    void the_one_line_summary_names_failures_consistency_tokens_and_cost() throws Exception {
        Path dir = run(RUN_JSON, judgeLines());
        CallStats c = SummaryReader.read(dir.resolve("summary.json"))
                .setting(Setting.NO_TIES)
                .calls();
        assertThat(CallsTable.line(c))
                .isEqualTo(
                        "2 failed (1 unparseable, 1 transient); swap-consistent 75.0% (6 of 8); tokens 8,000 in / 800 out; cost $0.0280");
    }

    @Test
    void malformed_prices_in_run_json_are_named() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("bad"));
        Files.writeString(
                dir.resolve("run.json"),
                "{\"model\": \"m\", \"prices\": {\"input_usd_per_mtok\": -1, " + "\"output_usd_per_mtok\": 1}}");
        Files.writeString(dir.resolve("predictions.jsonl"), "");
        assertThatThrownBy(() -> RunSummaries.write(dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("run.json: prices")
                .hasMessageContaining("not negative");
    }

    // ---- truncated and refused answers, finish reasons ----------------------------------------------

    private static PredictionRecord withFinish(PredictionRecord r, String finish) {
        return new PredictionRecord(
                r.id(),
                r.task(),
                r.setting(),
                r.index(),
                r.label(),
                r.prediction(),
                r.swapped(),
                r.scores(),
                r.failed(),
                r.invalid(),
                r.error(),
                r.attempts(),
                r.latencyMs(),
                r.rationale(),
                r.rawOutput(),
                r.inputTokens(),
                r.outputTokens(),
                r.swapConsistent(),
                r.errorKind(),
                finish);
    }

    private static List<PredictionRecord> reasoningJudgeLines() {
        List<PredictionRecord> lines = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            lines.add(withFinish(judged("ok" + i, "no_ties", "response1", "response1", null, 100, 10), "stop"));
        }
        lines.add(withFinish(failedLine("cut0", "no_ties", "truncated"), "length"));
        lines.add(withFinish(failedLine("cut1", "no_ties", "truncated"), "length"));
        lines.add(withFinish(failedLine("no0", "no_ties", "refused"), "stop"));
        lines.add(withFinish(failedLine("un0", "no_ties", "unparseable"), "stop"));
        lines.add(failedLine("tr0", "no_ties", "transient"));
        return lines;
    }

    @Test
    void truncated_and_refused_lines_and_finish_reasons_are_counted_in_the_summary() throws Exception {
        Path dir = run(RUN_JSON, reasoningJudgeLines());
        CallStats c = SummaryReader.read(dir.resolve("summary.json"))
                .setting(Setting.NO_TIES)
                .calls();
        assertThat(c.failed()).isEqualTo(5);
        assertThat(c.truncated()).isEqualTo(2);
        assertThat(c.refused()).isEqualTo(1);
        assertThat(c.unparseable()).isEqualTo(1);
        assertThat(c.finishReasons()).isEqualTo(Map.of("stop", 7, "length", 2));
        JsonNode raw = Json.readTree(dir.resolve("summary.json")).at("/settings/no_ties/calls");
        assertThat(raw.get("truncated").asInt()).isEqualTo(2);
        assertThat(raw.get("refused").asInt()).isEqualTo(1);
        assertThat(raw.get("finish_reasons").get("length").asInt()).isEqualTo(2);
        assertThat(CallsTable.line(c))
                .isEqualTo("5 failed (1 unparseable, 2 truncated, 1 refused, 1 transient); "
                        + "finish reasons 2 length, 7 stop; tokens 500 in / 50 out; cost $0.0018");
    }

    @Test
    void every_report_renderer_has_truncated_and_refused_columns() throws Exception {
        Path dir = run(RUN_JSON, reasoningJudgeLines());
        List<RunReport> runs = Reports.load(List.of(dir));
        List<Setting> one = List.of(Setting.NO_TIES);
        assertThat(CallsTable.HEADER).containsSubsequence("unparseable", "truncated", "refused", "other failures");
        String terminal = Reports.terminalTable(runs, one, 400);
        String header = terminal.lines()
                .filter(l -> l.contains("unparseable") && l.contains("truncated"))
                .findFirst()
                .orElseThrow();
        String row = terminal.lines()
                .filter(l -> l.contains("w/o ties") && l.contains("[1] ") && l.contains("transient"))
                .findFirst()
                .orElseThrow();
        assertThat(cell(header, row, "truncated")).isEqualTo("2");
        assertThat(cell(header, row, "refused")).isEqualTo("1");
        String md = Reports.markdown(runs, one);
        assertThat(md).contains("| truncated | refused |").contains("| 5 | 1 | 2 | 1 | 1 transient |");
        String html = HtmlReport.render(runs, one);
        assertThat(html)
                .contains("<th>truncated</th><th>refused</th>")
                .contains("<td>2</td><td>1</td><td>1 transient</td>");
        JsonNode calls = Json.mapper().readTree(Reports.json(runs, one)).at("/runs/0/settings/no_ties/calls");
        assertThat(calls.get("truncated").asInt()).isEqualTo(2);
        assertThat(calls.get("refused").asInt()).isEqualTo(1);
    }

    /** The text of a terminal table's cell under {@code column}, by the header's character positions. */
    private static String cell(String header, String row, String column) {
        int start = header.indexOf(column);
        int end = start + column.length();
        while (end < header.length() && header.charAt(end) == ' ') {
            end++;
        }
        int from = start;
        while (from > 0 && row.charAt(from - 1) != ' ') {
            from--;
        }
        return row.substring(Math.max(0, from), Math.min(row.length(), end)).strip();
    }
}
