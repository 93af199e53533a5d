package org.omnireward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.bench.results.PredictionRecord;
import org.omnireward.bench.results.PredictionsFile;
import picocli.CommandLine;

class BenchReportCommandTest {

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = OmniRewardCli.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    /** A finished run of a text-only model: no_ties, t2t accuracy 0.75 on 4 samples, t2i unsupported. */
    private Path finishedRun(String name, String model) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            lines.append(PredictionsFile.toLine(new PredictionRecord("s" + i, "t2t", "no_ties", i, "response1",
                    i < 3 ? "response1" : "response2", false, null, false, false, null, 1, 5, null)));
        }
        Files.writeString(dir.resolve(PredictionsFile.NAME), lines.toString());
        ObjectNode summary = PredictionsFile.MAPPER.createObjectNode();
        summary.put("model", model);
        ObjectNode noTies = summary.putObject("settings").putObject("no_ties");
        noTies.put("overall", 0.75);
        noTies.put("overall_strict", 0.75);
        ObjectNode t2t = noTies.putObject("tasks").putObject("t2t");
        t2t.put("accuracy", 0.75);
        t2t.put("n", 4);
        t2t.put("correct", 3);
        t2t.put("failed", 0);
        t2t.putArray("ci95").add(0.30).add(0.95);
        t2t.putNull("tie_threshold");
        noTies.putArray("unsupported").add("t2i");
        Files.writeString(dir.resolve("summary.json"), summary.toString());
        return dir;
    }

    @Test
    void prints_terminal_table_and_exits_zero() throws Exception {
        Path a = finishedRun("a", "length");

        int code = run("bench", "report", a.toString());

        assertThat(code).isZero();
        assertThat(out.toString()).contains("[1] length", "75.0 (4)", "supports: t2t; unsupported: t2i");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void json_goes_to_stdout_instead_of_the_table() throws Exception {
        Path a = finishedRun("a", "length");
        Path b = finishedRun("b", "random");

        int code = run("bench", "report", a.toString(), b.toString(), "--json");

        assertThat(code).isZero();
        JsonNode doc = PredictionsFile.MAPPER.readTree(out.toString());
        assertThat(doc.get("runs")).hasSize(2);
        assertThat(doc.get("paired_tests").get(0).get("n_common").asInt()).isEqualTo(4);
        assertThat(out.toString()).doesNotContain("+----");
    }

    @Test
    void markdown_to_file_keeps_the_table_on_stdout() throws Exception {
        Path a = finishedRun("a", "length");
        Path md = tmp.resolve("reports/r.md");

        int code = run("bench", "report", a.toString(), "--markdown", "--out", md.toString());

        assertThat(code).isZero();
        assertThat(Files.readString(md)).contains("# Omni-RewardBench report", "| t2t | 75.0 (4) |");
        assertThat(out.toString()).contains("75.0 (4)", "Markdown report written to " + md.toAbsolutePath());
    }

    @Test
    void writes_html_and_prints_its_path() throws Exception {
        Path a = finishedRun("a", "length");
        Path page = tmp.resolve("r.html");

        int code = run("bench", "report", a.toString(), "--html", page.toString(), "--setting", "no_ties");

        assertThat(code).isZero();
        assertThat(Files.readString(page)).startsWith("<!DOCTYPE html>").contains("<svg");
        assertThat(out.toString()).contains("HTML report written to " + page.toAbsolutePath());
    }

    @Test
    void run_without_summary_or_run_json_is_bad_input_with_exit_two() throws Exception {
        Path a = finishedRun("a", "length");
        Files.delete(a.resolve("summary.json"));

        int code = run("bench", "report", a.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: ").contains("rerun `bench run` with the same --out");
    }

    private static void writeRunJson(Path dir, String model, String calibration) throws Exception {
        ObjectNode config = PredictionsFile.MAPPER.createObjectNode();
        config.put("model", model);
        config.put("data", "/bench");
        config.putArray("settings").add("no_ties");
        config.putArray("tasks").add("t2t").add("t2i");
        config.put("seed", 0);
        config.put("tie_calibration", calibration);
        config.putArray("unsupported").add("t2i");
        Files.writeString(dir.resolve("run.json"), config.toString());
    }

    @Test
    void missing_summary_is_recomputed_saved_and_noted_on_stderr() throws Exception {
        Path a = finishedRun("a", "length");
        Files.delete(a.resolve("summary.json"));
        writeRunJson(a, "length", "definition");

        int code = run("bench", "report", a.toString());

        assertThat(code).isZero();
        assertThat(err.toString()).startsWith("note: ").contains("summary.json was missing; recomputed from predictions.jsonl");
        assertThat(out.toString()).contains("75.0 (4)", "supports: t2t; unsupported: t2i");
        JsonNode saved = PredictionsFile.MAPPER.readTree(a.resolve("summary.json").toFile());
        assertThat(saved.get("settings").get("no_ties").get("tasks").get("t2t").get("correct").asInt()).isEqualTo(3);
    }

    /** A scalar run in the ties setting: ti2t all right without human ties; stored summary computed as documented. */
    private Path scalarTiesRun() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("scalar"));
        double[][] scores = {{1, 0.5}, {0, 1}, {2, 1}};
        String[] labels = {"response1", "response2", "response1"};
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            lines.append(PredictionsFile.toLine(new PredictionRecord("u" + i, "ti2t", "ties", i, labels[i], labels[i],
                    null, java.util.List.of(scores[i][0], scores[i][1]), false, false, null, 1, 5, null)));
        }
        Files.writeString(dir.resolve(PredictionsFile.NAME), lines.toString());
        writeRunJson(dir, "scalar-rm", "definition");
        assertThat(run("bench", "report", dir.toString())).isZero(); // computes and saves summary.json
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return dir;
    }

    @Test
    void tie_calibration_option_recomputes_from_predictions_without_touching_summary_json() throws Exception {
        Path dir = scalarTiesRun();
        byte[] stored = Files.readAllBytes(dir.resolve("summary.json"));
        assertThat(run("bench", "report", dir.toString(), "--json")).isZero();
        JsonNode before = PredictionsFile.MAPPER.readTree(out.toString());
        out.getBuffer().setLength(0);

        int code = run("bench", "report", dir.toString(), "--json", "--tie-calibration", "reference");

        assertThat(code).isZero();
        JsonNode after = PredictionsFile.MAPPER.readTree(out.toString());
        JsonNode ti2tBefore = before.get("runs").get(0).get("settings").get("ties").get("tasks").get("ti2t");
        JsonNode ti2tAfter = after.get("runs").get(0).get("settings").get("ties").get("tasks").get("ti2t");
        assertThat(ti2tBefore.get("accuracy").asDouble()).isEqualTo(1.0);
        assertThat(ti2tAfter.get("accuracy").asDouble()).isEqualTo(2.0 / 3); // the reference never keeps "no ties"
        assertThat(after.get("runs").get(0).get("tie_calibration").asText()).isEqualTo("reference");
        assertThat(after.get("runs").get(0).get("summary_recomputed").asBoolean()).isTrue();
        assertThat(Files.readAllBytes(dir.resolve("summary.json"))).isEqualTo(stored);

        out.getBuffer().setLength(0);
        assertThat(run("bench", "report", dir.toString(), "--tie-scope", "global")).isZero();
        assertThat(out.toString()).contains("100.0 (3)", "tie calibration definition (global)",
                "summary recomputed from predictions.jsonl");
        assertThat(Files.readAllBytes(dir.resolve("summary.json"))).isEqualTo(stored);
    }

    @Test
    void rejects_unknown_tie_calibration_and_reference_with_global_scope() throws Exception {
        Path a = finishedRun("a", "length");

        assertThat(run("bench", "report", a.toString(), "--tie-calibration", "best")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown tie calibration 'best'");
        assertThat(run("bench", "report", a.toString(), "--tie-calibration", "reference", "--tie-scope", "global"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("tie scope 'global' needs tie calibration 'definition'");
    }

    @Test
    void help_explains_recomputation_for_published_numbers() {
        assertThat(run("bench", "report", "--help")).isZero();
        assertThat(out.toString()).contains("--tie-calibration=MODE", "--tie-scope=SCOPE", "published numbers",
                "(summary.json is not changed)");
    }

    @Test
    void rejects_out_without_a_format_and_conflicting_formats() throws Exception {
        Path a = finishedRun("a", "length");

        assertThat(run("bench", "report", a.toString(), "--out", tmp.resolve("x").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--out FILE needs --markdown or --json");
        assertThat(run("bench", "report", a.toString(), "--json", "--markdown")).isEqualTo(2);
        assertThat(run("bench", "report", a.toString(), "--setting", "ties")).isEqualTo(2);
        assertThat(err.toString()).contains("none of the runs has results for setting ties");
    }

    @Test
    void console_without_unicode_is_detected() {
        assertThat(BenchReportCommand.consoleShows(java.nio.charset.StandardCharsets.US_ASCII)).isFalse();
        assertThat(BenchReportCommand.consoleShows(java.nio.charset.StandardCharsets.UTF_8)).isTrue();
    }

    @Test
    void missing_run_argument_is_a_usage_error() {
        assertThat(run("bench", "report")).isEqualTo(2);
        assertThat(err.toString()).contains("RUN");
    }
}
