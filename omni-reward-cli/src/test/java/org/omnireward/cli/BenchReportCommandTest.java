package org.omnireward.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.omnireward.cli.CliRun.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.bench.results.PredictionRecord;
import org.omnireward.bench.results.PredictionsFile;
import org.omnireward.core.util.Json;

class BenchReportCommandTest {

    @TempDir
    Path tmp;

    /** A finished run of a text-only model: no_ties, t2t accuracy 0.75 on 4 samples, t2i unsupported. */
    private Path finishedRun(String name, String model) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            lines.append(PredictionsFile.toLine(new PredictionRecord(
                    "s" + i,
                    "t2t",
                    "no_ties",
                    i,
                    "response1",
                    i < 3 ? "response1" : "response2",
                    false,
                    null,
                    false,
                    false,
                    null,
                    1,
                    5,
                    null)));
        }
        Files.writeString(dir.resolve(PredictionsFile.NAME), lines.toString());
        ObjectNode summary = Json.mapper().createObjectNode();
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

        CliRun r = run("bench", "report", a.toString());

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("[1] length", "75.0 (4)", "supports: t2t; unsupported: t2i");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void json_goes_to_stdout_instead_of_the_table() throws Exception {
        Path a = finishedRun("a", "length");
        Path b = finishedRun("b", "random");

        CliRun r = run("bench", "report", a.toString(), b.toString(), "--json");

        assertThat(r.exit()).isZero();
        JsonNode doc = Json.mapper().readTree(r.out());
        assertThat(doc.get("runs")).hasSize(2);
        assertThat(doc.get("paired_tests").get(0).get("n_common").asInt()).isEqualTo(4);
        assertThat(r.out()).doesNotContain("+----");
    }

    @Test
    void markdown_to_file_keeps_the_table_on_stdout() throws Exception {
        Path a = finishedRun("a", "length");
        Path md = tmp.resolve("reports/r.md");

        CliRun r = run("bench", "report", a.toString(), "--markdown", "--out", md.toString());

        assertThat(r.exit()).isZero();
        assertThat(Files.readString(md)).contains("# Omni-RewardBench report", "| t2t | 75.0 (4) |");
        assertThat(r.out()).contains("75.0 (4)", "Markdown report written to " + md.toAbsolutePath());
    }

    @Test
    void writes_html_and_prints_its_path() throws Exception {
        Path a = finishedRun("a", "length");
        Path page = tmp.resolve("r.html");

        CliRun r = run("bench", "report", a.toString(), "--html", page.toString(), "--setting", "no_ties");

        assertThat(r.exit()).isZero();
        assertThat(Files.readString(page)).startsWith("<!DOCTYPE html>").contains("<svg");
        assertThat(r.out()).contains("HTML report written to " + page.toAbsolutePath());
    }

    @Test
    void run_without_summary_or_run_json_is_bad_input_with_exit_two() throws Exception {
        Path a = finishedRun("a", "length");
        Files.delete(a.resolve("summary.json"));

        CliRun r = run("bench", "report", a.toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: ").contains("rerun `bench run` with the same --out");
    }

    private static void writeRunJson(Path dir, String model, String calibration) throws Exception {
        ObjectNode config = Json.mapper().createObjectNode();
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

        CliRun r = run("bench", "report", a.toString());

        assertThat(r.exit()).isZero();
        assertThat(r.err())
                .startsWith("note: ")
                .contains("summary.json was missing; recomputed from predictions.jsonl");
        assertThat(r.out()).contains("75.0 (4)", "supports: t2t; unsupported: t2i");
        JsonNode saved = Json.mapper().readTree(a.resolve("summary.json").toFile());
        assertThat(saved.get("settings")
                        .get("no_ties")
                        .get("tasks")
                        .get("t2t")
                        .get("correct")
                        .asInt())
                .isEqualTo(3);
    }

    /** A scalar run in the ties setting: ti2t all right without human ties; stored summary computed as documented. */
    private Path scalarTiesRun() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("scalar"));
        double[][] scores = {{1, 0.5}, {0, 1}, {2, 1}};
        String[] labels = {"response1", "response2", "response1"};
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            lines.append(PredictionsFile.toLine(new PredictionRecord(
                    "u" + i,
                    "ti2t",
                    "ties",
                    i,
                    labels[i],
                    labels[i],
                    null,
                    java.util.List.of(scores[i][0], scores[i][1]),
                    false,
                    false,
                    null,
                    1,
                    5,
                    null)));
        }
        Files.writeString(dir.resolve(PredictionsFile.NAME), lines.toString());
        writeRunJson(dir, "scalar-rm", "definition");
        assertThat(run("bench", "report", dir.toString()).exit()).isZero(); // computes and saves summary.json
        return dir;
    }

    @Test
    void tie_calibration_option_recomputes_from_predictions_without_touching_summary_json() throws Exception {
        Path dir = scalarTiesRun();
        byte[] stored = Files.readAllBytes(dir.resolve("summary.json"));
        CliRun asStored = run("bench", "report", dir.toString(), "--json");
        assertThat(asStored.exit()).isZero();
        JsonNode before = Json.mapper().readTree(asStored.out());

        CliRun r = run("bench", "report", dir.toString(), "--json", "--tie-calibration", "reference");

        assertThat(r.exit()).isZero();
        JsonNode after = Json.mapper().readTree(r.out());
        JsonNode ti2tBefore = before.get("runs")
                .get(0)
                .get("settings")
                .get("ties")
                .get("tasks")
                .get("ti2t");
        JsonNode ti2tAfter = after.get("runs")
                .get(0)
                .get("settings")
                .get("ties")
                .get("tasks")
                .get("ti2t");
        assertThat(ti2tBefore.get("accuracy").asDouble()).isEqualTo(1.0);
        assertThat(ti2tAfter.get("accuracy").asDouble()).isEqualTo(2.0 / 3); // the reference never keeps "no ties"
        assertThat(after.get("runs").get(0).get("tie_calibration").asText()).isEqualTo("reference");
        assertThat(after.get("runs").get(0).get("summary_recomputed").asBoolean())
                .isTrue();
        assertThat(Files.readAllBytes(dir.resolve("summary.json"))).isEqualTo(stored);

        CliRun global = run("bench", "report", dir.toString(), "--tie-scope", "global");
        assertThat(global.exit()).isZero();
        assertThat(global.out())
                .contains(
                        "100.0 (3)",
                        "tie calibration definition (global)",
                        "summary recomputed from predictions.jsonl");
        assertThat(Files.readAllBytes(dir.resolve("summary.json"))).isEqualTo(stored);
    }

    @Test
    void rejects_unknown_tie_calibration_and_reference_with_global_scope() throws Exception {
        Path a = finishedRun("a", "length");

        CliRun unknown = run("bench", "report", a.toString(), "--tie-calibration", "best");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown tie calibration 'best'");
        CliRun globalReference =
                run("bench", "report", a.toString(), "--tie-calibration", "reference", "--tie-scope", "global");
        assertThat(globalReference.exit()).isEqualTo(2);
        assertThat(globalReference.err()).contains("tie scope 'global' needs tie calibration 'definition'");
    }

    @Test
    void help_explains_recomputation_for_published_numbers() {
        CliRun help = run("bench", "report", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out())
                .contains(
                        "--tie-calibration=MODE",
                        "--tie-scope=SCOPE",
                        "published numbers",
                        "(summary.json is not changed)");
    }

    @Test
    void rejects_out_without_a_format_and_conflicting_formats() throws Exception {
        Path a = finishedRun("a", "length");

        CliRun outWithoutFormat =
                run("bench", "report", a.toString(), "--out", tmp.resolve("x").toString());
        assertThat(outWithoutFormat.exit()).isEqualTo(2);
        assertThat(outWithoutFormat.err()).contains("--out FILE needs --markdown or --json");
        assertThat(run("bench", "report", a.toString(), "--json", "--markdown").exit())
                .isEqualTo(2);
        CliRun absentSetting = run("bench", "report", a.toString(), "--setting", "ties");
        assertThat(absentSetting.exit()).isEqualTo(2);
        assertThat(absentSetting.err()).contains("none of the runs has results for setting ties");
    }

    @Test
    void console_without_unicode_is_detected() {
        assertThat(BenchReportCommand.consoleShows(java.nio.charset.StandardCharsets.US_ASCII))
                .isFalse();
        assertThat(BenchReportCommand.consoleShows(java.nio.charset.StandardCharsets.UTF_8))
                .isTrue();
    }

    @Test
    void missing_run_argument_is_a_usage_error() {
        CliRun r = run("bench", "report");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("RUN");
    }
}
