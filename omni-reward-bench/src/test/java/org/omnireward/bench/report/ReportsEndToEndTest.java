package org.omnireward.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.bench.metrics.RunInfo;
import org.omnireward.bench.metrics.Summary;
import org.omnireward.bench.metrics.SummaryCalculator;
import org.omnireward.bench.metrics.SummaryWriter;
import org.omnireward.bench.results.PredictionRecord;
import org.omnireward.bench.results.PredictionsFile;
import org.omnireward.bench.results.Setting;
import org.omnireward.core.Task;
import org.omnireward.core.util.Json;

/**
 * From prediction lines to every rendering: predictions → {@link SummaryCalculator} →
 * {@link SummaryWriter} → {@link Reports#load} → terminal table, JSON and HTML, which must show the
 * numbers of the {@link Summary} — including a scalar run in the ties setting whose calibrated
 * threshold turns wrong threshold-free predictions into right ones.
 */
class ReportsEndToEndTest {

    private static final List<Setting> BOTH = List.of(Setting.NO_TIES, Setting.TIES);
    private static final List<Task> TASKS = List.of(Task.T2T, Task.TI2T, Task.T2I);

    @TempDir
    Path tmp;

    private Summary scalarSummary;
    private Summary judgeSummary;
    private List<Path> dirs;

    // scalar model "rm-scalar" (t2i unsupported; its stray lines must be ignored):
    //   t2t   s0 r1 [2,1] m 1 | s1 r2 [1,3] m -2 | s2 r1 [1,2] m -1 | s3 r2 [1,.5] m .5 | s7 failed
    //   ties also: t4 tie [1,.95] m .05 | t5 tie [.5,.52] m -.02 | t6 r1 [1,.9] m .1
    //     threshold-free: s0 s1 t6 right (3/7); ε = .05 also makes t4, t5 right (5/7)
    //   ti2t  u0 r1 [1,.5] | u1 r2 [0,1] | u2 r1 [2,1]: all right, "no ties" stays best
    // pairwise judge "judge": t2t no_ties right on s1 s2 s3 s7; ties right on s0 s2 t5 t6 s7;
    //   ti2t right on u0 u2; t2i right on i0, wrong on i1
    private static List<PredictionRecord> scalarLines() {
        List<PredictionRecord> r = new ArrayList<>();
        for (Setting s : BOTH) {
            String st = s.wireName();
            r.add(scalar("s0", "t2t", st, 0, "response1", 2, 1));
            r.add(scalar("s1", "t2t", st, 1, "response2", 1, 3));
            r.add(scalar("s2", "t2t", st, 2, "response1", 1, 2));
            r.add(scalar("s3", "t2t", st, 3, "response2", 1, 0.5));
            r.add(failed("s7", "t2t", st, 7, "response1"));
            r.add(scalar("u0", "ti2t", st, 0, "response1", 1, 0.5));
            r.add(scalar("u1", "ti2t", st, 1, "response2", 0, 1));
            r.add(scalar("u2", "ti2t", st, 2, "response1", 2, 1));
            r.add(scalar("i0", "t2i", st, 0, "response1", 0, 1));
        }
        r.add(scalar("t4", "t2t", "ties", 4, "tie", 1.0, 0.95));
        r.add(scalar("t5", "t2t", "ties", 5, "tie", 0.5, 0.52));
        r.add(scalar("t6", "t2t", "ties", 6, "response1", 1.0, 0.9));
        return r;
    }

    private static List<PredictionRecord> judgeLines() {
        List<PredictionRecord> r = new ArrayList<>();
        r.add(pairwise("s0", "t2t", "no_ties", 0, "response1", "response2"));
        r.add(pairwise("s1", "t2t", "no_ties", 1, "response2", "response2"));
        r.add(pairwise("s2", "t2t", "no_ties", 2, "response1", "response1"));
        r.add(pairwise("s3", "t2t", "no_ties", 3, "response2", "response2"));
        r.add(pairwise("s7", "t2t", "no_ties", 7, "response1", "response1"));
        r.add(pairwise("s0", "t2t", "ties", 0, "response1", "response1"));
        r.add(pairwise("s1", "t2t", "ties", 1, "response2", "response1"));
        r.add(pairwise("s2", "t2t", "ties", 2, "response1", "response1"));
        r.add(pairwise("s3", "t2t", "ties", 3, "response2", "tie"));
        r.add(pairwise("t4", "t2t", "ties", 4, "tie", "response1"));
        r.add(pairwise("t5", "t2t", "ties", 5, "tie", "tie"));
        r.add(pairwise("t6", "t2t", "ties", 6, "response1", "response1"));
        r.add(pairwise("s7", "t2t", "ties", 7, "response1", "response1"));
        for (Setting s : BOTH) {
            String st = s.wireName();
            r.add(pairwise("u0", "ti2t", st, 0, "response1", "response1"));
            r.add(pairwise("u1", "ti2t", st, 1, "response2", "response1"));
            r.add(pairwise("u2", "ti2t", st, 2, "response1", "response1"));
            r.add(pairwise("i0", "t2i", st, 0, "response1", "response1"));
            r.add(pairwise("i1", "t2i", st, 1, "response2", "response1"));
        }
        return r;
    }

    @BeforeEach
    void writeRuns() throws Exception {
        RunInfo scalarInfo = new RunInfo("rm-scalar", "/bench", "hf", 1L, BOTH, TASKS, Set.of(Task.T2I), null, null);
        RunInfo judgeInfo = new RunInfo("judge", "/bench", "hf", 1L, BOTH, TASKS, null, null, null);
        scalarSummary = SummaryCalculator.summarize(scalarLines(), scalarInfo);
        judgeSummary = SummaryCalculator.summarize(judgeLines(), judgeInfo);
        dirs = List.of(
                writeRun(tmp.resolve("scalar"), scalarLines(), scalarSummary, List.of("t2i")),
                writeRun(tmp.resolve("judge"), judgeLines(), judgeSummary, List.of()));
    }

    private static Path writeRun(Path dir, List<PredictionRecord> lines, Summary summary, List<String> unsupported)
            throws Exception {
        Files.createDirectories(dir);
        List<PredictionRecord> shuffled = new ArrayList<>(lines);
        Collections.shuffle(shuffled, new Random(42)); // the file order must not matter
        StringBuilder sb = new StringBuilder();
        shuffled.forEach(l -> sb.append(PredictionsFile.toLine(l)));
        Files.writeString(dir.resolve(PredictionsFile.NAME), sb.toString(), StandardCharsets.UTF_8);
        ObjectNode run = Json.mapper().createObjectNode();
        run.put("model", summary.model());
        run.put("data", "/bench");
        run.put("format", "hf");
        run.putArray("settings").add("no_ties").add("ties");
        run.putArray("tasks").add("t2t").add("ti2t").add("t2i");
        run.put("limit", (String) null);
        run.put("seed", 1);
        run.put("concurrency", 2);
        run.put("tie_calibration", "definition");
        run.put("tie_scope", "per_task");
        unsupported.forEach(run.putArray("unsupported")::add);
        Files.writeString(dir.resolve("run.json"), run.toString(), StandardCharsets.UTF_8);
        SummaryWriter.write(dir.resolve(SummaryWriter.NAME), summary);
        return dir;
    }

    private Summary summaryOf(int run) {
        return run == 0 ? scalarSummary : judgeSummary;
    }

    private static String pct(Double fraction) {
        return String.format(Locale.ROOT, "%.1f", fraction * 100);
    }

    @Test
    void calibration_in_the_fixture_changes_correctness_as_designed() {
        Summary.TaskSummary t2t = scalarSummary.setting(Setting.TIES).task(Task.T2T);
        assertThat(t2t.tieCalibrated()).isTrue();
        assertThat(t2t.tieThreshold()).isEqualTo(Math.abs(1.0 - 0.95));
        assertThat(List.of(t2t.correct(), t2t.n(), t2t.failed())).containsExactly(5, 7, 1);
        Summary.TaskSummary ti2t = scalarSummary.setting(Setting.TIES).task(Task.TI2T);
        assertThat(ti2t.tieCalibrated()).isTrue();
        assertThat(ti2t.tieThreshold()).isNull();
        assertThat(scalarSummary.setting(Setting.TIES).unsupported()).containsExactly("t2i");
        assertThat(judgeSummary.setting(Setting.NO_TIES).task(Task.T2I).accuracy())
                .isEqualTo(0.5);
    }

    @Test
    void terminal_table_shows_the_summary_numbers() {
        List<RunReport> runs = Reports.load(dirs, null, n -> {});
        String out = Reports.terminalTable(runs, BOTH, 400);

        Map<String, Map<String, String>> table = accuracyTable(out);
        for (int i = 0; i < 2; i++) {
            Summary summary = summaryOf(i);
            String head = "[" + (i + 1) + "] " + summary.model();
            for (Setting s : BOTH) {
                Map<String, String> column = table.get(head + " / " + Fmt.setting(s));
                assertThat(column).as(head + " " + s).isNotNull();
                Summary.SettingSummary ss = summary.setting(s);
                for (Task t : Task.values()) {
                    Summary.TaskSummary ts = ss.task(t);
                    String expected =
                            ss.isUnsupported(t) ? "—" : ts == null ? "n/a" : pct(ts.accuracy()) + " (" + ts.n() + ")";
                    assertThat(column.get(t.id())).as(head + " " + s + " " + t).isEqualTo(expected);
                }
                assertThat(column.get("Overall")).isEqualTo(pct(ss.overall()));
                assertThat(column.get("Overall strict")).isEqualTo(pct(ss.overallStrict()));
                assertThat(column.get("Failed")).isEqualTo(Integer.toString(ss.failedTotal()));
            }
        }
        assertThat(table.get("[1] rm-scalar / w/o ties").get("t2t")).isEqualTo("50.0 (4)");
        assertThat(table.get("[1] rm-scalar / w/ ties").get("t2t")).isEqualTo("71.4 (7)");
        Map<String, String> eps = table.get("[1] / ε w/ ties");
        assertThat(eps.get("t2t"))
                .isEqualTo(String.format(
                        Locale.ROOT,
                        "%.4g",
                        scalarSummary.setting(Setting.TIES).task(Task.T2T).tieThreshold()));
        assertThat(eps.get("ti2t")).isEqualTo("none");
        assertThat(table).doesNotContainKey("[2] / ε w/ ties"); // the judge has nothing calibrated
        assertThat(out).contains("tie calibration definition (per_task)");
    }

    @Test
    void json_report_carries_the_summary_numbers_and_calibrated_paired_tests() throws Exception {
        List<RunReport> runs = Reports.load(dirs, null, n -> {});
        JsonNode root = Json.mapper().readTree(Reports.json(runs, BOTH));

        for (int i = 0; i < 2; i++) {
            Summary summary = summaryOf(i);
            JsonNode run = root.get("runs").get(i);
            assertThat(run.get("model").asText()).isEqualTo(summary.model());
            assertThat(run.get("summary_recomputed").asBoolean()).isFalse();
            for (Setting s : BOTH) {
                Summary.SettingSummary ss = summary.setting(s);
                JsonNode sn = run.get("settings").get(s.wireName());
                assertThat(sn.get("overall").asDouble()).isEqualTo(ss.overall());
                assertThat(sn.get("overall_strict").asDouble()).isEqualTo(ss.overallStrict());
                assertThat(sn.get("failed").asInt()).isEqualTo(ss.failedTotal());
                assertThat(sn.get("unsupported"))
                        .extracting(JsonNode::asText)
                        .containsExactlyElementsOf(ss.unsupported());
                assertThat(sn.get("tasks").size()).isEqualTo(ss.tasks().size());
                ss.tasks().forEach((task, ts) -> {
                    JsonNode tn = sn.get("tasks").get(task);
                    assertThat(tn.get("accuracy").asDouble()).isEqualTo(ts.accuracy());
                    assertThat(tn.get("n").asInt()).isEqualTo(ts.n());
                    assertThat(tn.get("correct").asInt()).isEqualTo(ts.correct());
                    assertThat(tn.get("failed").asInt()).isEqualTo(ts.failed());
                    assertThat(tn.get("strict_accuracy").asDouble()).isEqualTo(ts.strictAccuracy());
                    assertThat(List.of(
                                    tn.get("ci95").get(0).asDouble(),
                                    tn.get("ci95").get(1).asDouble()))
                            .isEqualTo(ts.ci95());
                    assertThat(
                                    tn.get("tie_threshold").isNull()
                                            ? null
                                            : tn.get("tie_threshold").asDouble())
                            .isEqualTo(ts.tieThreshold());
                    assertThat(tn.get("tie_calibrated").asBoolean()).isEqualTo(ts.tieCalibrated());
                });
            }
        }
        assertThat(root.get("runs").get(0).get("settings").get("no_ties").get("failed_samples"))
                .extracting(f -> f.get("id").asText())
                .containsExactly("s7");

        Map<String, JsonNode> tests = new HashMap<>();
        root.get("paired_tests").forEach(t -> tests.put(t.get("setting").asText(), t));
        // no_ties, common: t2t s0..s3 and ti2t u0..u2 (s7 failed in the scalar run; t2i unsupported there)
        assertThat(List.of(
                        tests.get("no_ties").get("n_common").asInt(),
                        tests.get("no_ties").get("b").asInt(),
                        tests.get("no_ties").get("c").asInt()))
                .containsExactly(7, 2, 2);
        // ties: with ε the scalar run is right on t4 and t5 too: b = s1, t4, u1; c = s2
        // (threshold-free it would be b = s1, u1 and c = s2, t5)
        assertThat(List.of(
                        tests.get("ties").get("n_common").asInt(),
                        tests.get("ties").get("b").asInt(),
                        tests.get("ties").get("c").asInt()))
                .containsExactly(10, 3, 1);
        assertThat(tests.get("ties").get("accuracy_a").asDouble()).isEqualTo(0.8);
    }

    @Test
    void html_report_shows_the_summary_numbers() {
        List<RunReport> runs = Reports.load(dirs, null, n -> {});
        String html = HtmlReport.render(runs, BOTH);

        for (int i = 0; i < 2; i++) {
            for (Setting s : BOTH) {
                Summary.SettingSummary ss = summaryOf(i).setting(s);
                ss.tasks().forEach((task, ts) -> {
                    String cell = pct(ts.accuracy()) + " <small>(n=" + ts.n() + ", "
                            + pct(ts.ci95().get(0)) + "–" + pct(ts.ci95().get(1))
                            + (ts.failed() > 0 ? ", " + ts.failed() + " failed" : "");
                    assertThat(html).as(task + " " + s).contains(cell);
                });
                assertThat(html)
                        .contains(pct(ss.overall()) + " <small>(strict " + pct(ss.overallStrict()) + ", "
                                + ss.failedTotal() + " failed)</small>");
            }
        }
        assertThat(html)
                .contains(
                        "71.4 <small>(n=7, ",
                        ", 1 failed, ε="
                                + String.format(
                                        Locale.ROOT,
                                        "%.4g",
                                        scalarSummary
                                                .setting(Setting.TIES)
                                                .task(Task.T2T)
                                                .tieThreshold())
                                + ")</small>");
    }

    @Test
    void a_missing_summary_is_recomputed_to_the_same_file_and_the_same_report() throws Exception {
        String before = Reports.json(Reports.load(dirs, null, n -> {}), BOTH);
        Path file = dirs.get(0).resolve(SummaryWriter.NAME);
        String stored = Files.readString(file);
        Files.delete(file);
        List<String> notices = new ArrayList<>();

        List<RunReport> runs = Reports.load(dirs, null, notices::add);

        assertThat(notices).singleElement().asString().contains(RunReport.RECOMPUTED_NOTICE);
        assertThat(Files.readString(file)).isEqualTo(stored);
        assertThat(runs.get(0).summary()).isEqualTo(scalarSummary);
        String after = Reports.json(runs, BOTH);
        assertThat(after.replace("\"summary_recomputed\" : true", "\"summary_recomputed\" : false"))
                .isEqualTo(before);
    }

    /**
     * The accuracy table parsed into columns: key "h1 / h2" (e.g. "[1] rm-scalar / w/ ties", "[1] / ε w/ ties"),
     * value the cells by row name (task id, Overall, Overall strict, Failed).
     */
    private static Map<String, Map<String, String>> accuracyTable(String out) {
        List<String> lines =
                Arrays.stream(out.split("\n")).filter(l -> l.startsWith("| ")).toList();
        assertThat(lines.get(0)).startsWith("| task ");
        List<String> h1 = cells(lines.get(0));
        List<String> h2 = cells(lines.get(1));
        Map<String, Map<String, String>> columns = new HashMap<>();
        for (String line : lines.subList(2, 2 + Task.values().length + 3)) {
            List<String> row = cells(line);
            for (int c = 1; c < row.size(); c++) {
                columns.computeIfAbsent(h1.get(c) + " / " + h2.get(c), k -> new HashMap<>())
                        .put(row.get(0), row.get(c));
            }
        }
        return columns;
    }

    private static List<String> cells(String line) {
        String[] parts = line.split("\\|");
        List<String> out = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            out.add(parts[i].trim());
        }
        return out;
    }

    static PredictionRecord pairwise(
            String id, String task, String setting, int index, String label, String prediction) {
        return new PredictionRecord(
                id, task, setting, index, label, prediction, false, null, false, false, null, 1, 10, null);
    }

    static PredictionRecord scalar(
            String id, String task, String setting, int index, String label, double r1, double r2) {
        String prediction = r1 > r2 ? "response1" : r1 < r2 ? "response2" : "tie";
        return new PredictionRecord(
                id, task, setting, index, label, prediction, null, List.of(r1, r2), false, false, null, 1, 10, null);
    }

    static PredictionRecord failed(String id, String task, String setting, int index, String label) {
        return new PredictionRecord(
                id, task, setting, index, label, null, null, null, true, false, "retries exhausted", 5, 10, null);
    }
}
