package org.omnireward.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.bench.results.PredictionRecord;
import org.omnireward.bench.results.Setting;
import org.omnireward.bench.run.RunSummaries;
import org.omnireward.core.util.Json;

/**
 * Every renderer over fixed runs, compared byte for byte with files the renderers wrote before the
 * report was split into a model and renderers ({@code src/test/resources/.../golden/}). The runs
 * cover a pairwise judge with model calls, tie-calibrated scalar runs, failed and invalid lines with
 * markup in them, a summary recomputed from the predictions, a run without predictions, duplicate
 * labels, unsupported and not evaluated tasks, paired tests and task correlations. The temporary
 * directory is written as {@code <TMP>} in the files.
 *
 * <p>{@code -Domnireward.golden.write=DIR} writes the current renderings into DIR instead of
 * comparing (to create the files; never to make a failing comparison pass).
 */
class ReportGoldenTest {

    private static final String RESOURCE_DIR = "/org/omnireward/bench/report/golden/";
    private static final List<Setting> BOTH = List.of(Setting.NO_TIES, Setting.TIES);

    @TempDir
    Path tmp;

    private List<RunReport> many;
    private List<RunReport> one;

    @BeforeEach
    void writeRuns() throws IOException {
        List<Path> dirs = new ArrayList<>(SampleRuns.write(tmp));
        dirs.add(judgeWithCalls(tmp.resolve("judge-calls")));
        dirs.add(recomputed(tmp.resolve("recomputed")));
        dirs.add(withoutPredictions(tmp.resolve("summary-only")));
        List<String> notices = new ArrayList<>();
        many = Reports.load(dirs, null, notices::add);
        assertThat(notices).hasSize(1);
        one = Reports.load(List.of(dirs.get(3)), null, n -> {});
    }

    /** The renderings compared, by golden file name. */
    private Map<String, String> renderings() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("many-terminal.txt", Reports.terminalTable(many, BOTH, 400));
        out.put("many-terminal-narrow.txt", Reports.terminalTable(many, BOTH, 100));
        out.put("many-terminal-ascii.txt", Reports.terminalTable(many, BOTH, 400, true));
        out.put("many-markdown.md", Reports.markdown(many, BOTH));
        out.put("many-json.json", Reports.json(many, BOTH));
        out.put("many-html.html", HtmlReport.render(many, BOTH));
        out.put("many-figure-ties.html", HtmlReport.accuracyFigure(many, Setting.TIES));
        out.put("one-terminal.txt", Reports.terminalTable(one, List.of(Setting.TIES), 400));
        out.put("one-markdown.md", Reports.markdown(one, List.of(Setting.NO_TIES)));
        out.put("one-json.json", Reports.json(one, BOTH));
        out.put("one-html.html", HtmlReport.render(one, List.of(Setting.TIES)));
        out.put("none-terminal.txt", Reports.terminalTable(List.of(many.get(5)), List.of(Setting.TIES), 400));
        out.put("none-markdown.md", Reports.markdown(List.of(many.get(5)), List.of(Setting.TIES)));
        out.put("none-html.html", HtmlReport.render(List.of(many.get(5)), List.of(Setting.TIES)));
        out.put(
                "calls-line.txt",
                CallsTable.line(one.get(0).setting(Setting.NO_TIES).calls()) + "\n");
        out.put("css.css", HtmlReport.css());
        return out;
    }

    @Test
    void every_renderer_writes_what_it_wrote_before_the_split() throws IOException {
        Map<String, String> renderings = new LinkedHashMap<>();
        renderings().forEach((name, text) -> renderings.put(name, text.replace(tmp.toString(), "<TMP>")));
        String writeTo = System.getProperty("omnireward.golden.write");
        if (writeTo != null) {
            Path dir = Files.createDirectories(Paths.get(writeTo));
            for (Map.Entry<String, String> e : renderings.entrySet()) {
                Files.writeString(dir.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
            }
            return;
        }
        for (Map.Entry<String, String> e : renderings.entrySet()) {
            assertThat(e.getValue()).as(e.getKey()).isEqualTo(golden(e.getKey()));
        }
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = ReportGoldenTest.class.getResourceAsStream(RESOURCE_DIR + name)) {
            assertThat(in).as("golden file " + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A swapping judge with unparseable, transient and invalid lines, tokens and prices. */
    private static Path judgeWithCalls(Path dir) throws IOException {
        List<PredictionRecord> lines = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            lines.add(judged("c" + i, "t2t", "no_ties", "response1", i < 5 ? "response1" : "response2", true));
        }
        lines.add(judged("i0", "t2t", "no_ties", "response1", "response1", false));
        lines.add(judged("i1", "ti2t", "no_ties", "response2", "response2", false));
        lines.add(failedLine("u0", "t2t", "no_ties", "unparseable"));
        lines.add(failedLine("t0", "ti2t", "no_ties", "transient"));
        lines.add(failedLine("r0", "t2t", "ties", "refused"));
        lines.add(failedLine("x0", "t2t", "ties", "truncated"));
        lines.add(judged("c0", "t2t", "ties", "response1", "response1", true));
        lines.add(judged("i0", "t2t", "ties", "tie", "tie", false));
        lines.add(new PredictionRecord(
                "bad|id",
                "ti2t",
                "ties",
                3,
                null,
                null,
                null,
                null,
                true,
                true,
                "invalid: no label (x.json record 3)",
                0,
                0,
                null,
                null,
                null,
                null,
                null,
                "invalid_record"));
        return run(dir, """
                {"model": "openai:judge", "data": "/bench", "settings": ["no_ties", "ties"], "tasks": ["t2t", "ti2t"],
                 "unsupported": ["t2a"], "prices": {"input_usd_per_mtok": 2.5, "output_usd_per_mtok": 10.0}}
                """, lines);
    }

    /** A scalar run whose summary is recomputed when the report loads it (global tie scope). */
    private static Path recomputed(Path dir) throws IOException {
        List<PredictionRecord> lines = new ArrayList<>();
        double[][] scores = {{2, 1}, {1, 3}, {1, 2}, {1, 0.5}, {1.0, 0.95}, {0.5, 0.52}, {1, 0.9}};
        String[] labels = {"response1", "response2", "response1", "response2", "tie", "tie", "response1"};
        for (int i = 0; i < scores.length; i++) {
            for (String setting : List.of("no_ties", "ties")) {
                if (setting.equals("no_ties") && labels[i].equals("tie")) {
                    continue;
                }
                String task = i % 2 == 0 ? "t2t" : "t2v";
                lines.add(scalar("r" + i, task, setting, i, labels[i], scores[i][0], scores[i][1]));
            }
        }
        Path d = Files.createDirectories(dir);
        Files.writeString(d.resolve("run.json"), """
                {"model": "length", "data": "/bench", "settings": ["no_ties", "ties"], "tasks": ["t2t", "t2v"],
                 "tie_calibration": "definition", "tie_scope": "global"}
                """, StandardCharsets.UTF_8);
        writeLines(d, lines);
        return d;
    }

    /** A summary without predictions.jsonl. */
    private static Path withoutPredictions(Path dir) throws IOException {
        RunFixture f = new RunFixture("summary <only>");
        f.setting("no_ties", 0.61, 0.6, "t2a");
        f.task("no_ties", "t2t", 0.61, 50, 1, 0.5, 0.7, null);
        f.task("no_ties", "t2i", 0.6, 40, 0, 0.45, 0.73, null);
        Path d = f.write(dir);
        Files.delete(d.resolve("predictions.jsonl"));
        return d;
    }

    private static Path run(Path dir, String runJson, List<PredictionRecord> lines) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("run.json"), runJson, StandardCharsets.UTF_8);
        writeLines(dir, lines);
        RunSummaries.write(dir);
        return dir;
    }

    private static void writeLines(Path dir, List<PredictionRecord> lines) throws IOException {
        List<String> jsonl = new ArrayList<>();
        for (PredictionRecord r : lines) {
            jsonl.add(Json.mapper().writeValueAsString(r));
        }
        Files.write(dir.resolve("predictions.jsonl"), jsonl, StandardCharsets.UTF_8);
    }

    private static PredictionRecord judged(
            String id, String task, String setting, String label, String prediction, boolean consistent) {
        return new PredictionRecord(
                id,
                task,
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
                1000L,
                100L,
                consistent,
                null,
                "stop");
    }

    private static PredictionRecord failedLine(String id, String task, String setting, String kind) {
        return new PredictionRecord(
                id,
                task,
                setting,
                0,
                "response1",
                null,
                false,
                null,
                true,
                false,
                "it failed <" + kind + ">",
                5,
                5,
                null,
                "no verdict here",
                null,
                null,
                null,
                kind,
                kind.equals("truncated") ? "length" : null);
    }

    private static PredictionRecord scalar(
            String id, String task, String setting, int index, String label, double r1, double r2) {
        String prediction = r1 > r2 ? "response1" : r1 < r2 ? "response2" : "tie";
        return new PredictionRecord(
                id, task, setting, index, label, prediction, null, List.of(r1, r2), false, false, null, 1, 10, null);
    }
}
