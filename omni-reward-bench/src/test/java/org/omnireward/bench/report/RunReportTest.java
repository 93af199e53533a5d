package org.omnireward.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.omnireward.bench.report.RunFixture.failed;
import static org.omnireward.bench.report.RunFixture.pairwise;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.bench.metrics.RunInfo;
import org.omnireward.bench.metrics.SampleOutcome;
import org.omnireward.bench.metrics.Summary;
import org.omnireward.bench.metrics.SummaryCalculator;
import org.omnireward.bench.metrics.SummaryReader;
import org.omnireward.bench.metrics.TieCalibrationMode;
import org.omnireward.bench.metrics.TieScope;
import org.omnireward.bench.results.PredictionRecord;
import org.omnireward.bench.results.PredictionsFile;
import org.omnireward.bench.results.Setting;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.Task;

class RunReportTest {

    @TempDir
    Path tmp;

    private RunFixture textOnlyRun() {
        RunFixture f = new RunFixture("text-judge");
        f.setting("no_ties", 0.65, 0.6, "t2i", "t2v");
        f.task("no_ties", "t2t", 0.7, 300, 2, 0.65, 0.75, null);
        f.task("no_ties", "ti2t", 0.6, 200, 0, 0.53, 0.66, null);
        f.line(pairwise("a", "t2t", "no_ties", "response1", "response1"));
        f.line(failed("b", "t2t", "no_ties", "response1", "retries exhausted"));
        return f;
    }

    @Test
    void loads_summary_predictions_and_support_from_directory() throws Exception {
        Path dir = textOnlyRun().write(tmp.resolve("run"));

        RunReport r = RunReport.load(dir);

        assertThat(r.label()).isEqualTo("text-judge");
        assertThat(r.data()).isEqualTo("/data/bench");
        assertThat(r.settings()).containsExactly(Setting.NO_TIES);
        assertThat(r.recomputed()).isFalse();
        Summary.SettingSummary s = r.setting(Setting.NO_TIES);
        assertThat(s.overall()).isEqualTo(0.65);
        assertThat(s.task(Task.T2T).n()).isEqualTo(300);
        assertThat(s.task(Task.T2T).ciHigh()).isEqualTo(0.75);
        assertThat(s.failedTotal()).isEqualTo(2);
        assertThat(r.supportedTasks()).containsExactly(Task.T2T, Task.TI2T);
        assertThat(r.unsupportedTasks()).containsExactly(Task.T2I, Task.T2V);
        assertThat(r.notEvaluatedTasks()).contains(Task.TV2T).doesNotContain(Task.T2T, Task.T2I);
        assertThat(r.predictions()).hasSize(2);
        assertThat(r.failedLines(Setting.NO_TIES)).extracting(p -> p.id()).containsExactly("b");
        assertThat(r.runConfig().get("model").asText()).isEqualTo("text-judge");
    }

    @Test
    void accepts_the_path_of_summary_json() throws Exception {
        Path dir = textOnlyRun().write(tmp.resolve("run"));
        RunReport r = RunReport.load(dir.resolve("summary.json"));
        assertThat(r.dir()).isEqualTo(dir.toAbsolutePath());
        assertThat(r.hasPredictions()).isTrue();
    }

    @Test
    void missing_summary_is_recomputed_from_predictions_and_run_json_then_saved() throws Exception {
        RunFixture f = textOnlyRun();
        f.runConfig().putArray("settings").add("no_ties");
        f.runConfig().putArray("tasks").add("t2t").add("ti2t").add("t2i");
        f.runConfig().putArray("unsupported").add("t2i");
        f.runConfig().put("tie_calibration", "reference");
        f.runConfig().put("tie_scope", "per-task");
        f.runConfig().put("seed", 7);
        f.runConfig().put("format", "hf");
        f.runConfig().put("limit", 10);
        f.runConfig().put("concurrency", 4);
        Path dir = f.write(tmp.resolve("run"));
        Files.delete(dir.resolve("summary.json"));
        List<String> notices = new ArrayList<>();

        RunReport r = RunReport.load(dir, null, notices::add);

        assertThat(notices)
                .singleElement()
                .asString()
                .contains("summary.json was missing; recomputed from predictions.jsonl")
                .contains("rerun `bench run` with the same --out " + dir);
        Summary expected = SummaryCalculator.summarize(
                PredictionsFile.read(dir.resolve(PredictionsFile.NAME)),
                new RunInfo(
                        "text-judge",
                        "/data/bench",
                        "hf",
                        7L,
                        List.of(Setting.NO_TIES),
                        List.of(Task.T2T, Task.TI2T, Task.T2I),
                        Set.of(Task.T2I),
                        TieCalibrationMode.REFERENCE,
                        TieScope.PER_TASK));
        assertThat(r.summary()).isEqualTo(expected);
        assertThat(r.recomputed()).isTrue();
        assertThat(r.settings()).containsExactly(Setting.NO_TIES);
        Summary.TaskSummary t2t = r.setting(Setting.NO_TIES).task(Task.T2T);
        assertThat(List.of(t2t.n(), t2t.correct(), t2t.failed())).containsExactly(1, 1, 1);
        assertThat(r.setting(Setting.NO_TIES).task(Task.TI2T).n()).isZero();
        assertThat(r.unsupportedTasks()).containsExactly(Task.T2I);
        assertThat(r.summary().tieCalibration()).isEqualTo("reference");
        assertThat(r.failedLines(Setting.NO_TIES))
                .extracting(PredictionRecord::id)
                .containsExactly("b");
        assertThat(SummaryReader.read(dir.resolve("summary.json"))).isEqualTo(expected);

        notices.clear();
        RunReport again = RunReport.load(dir, null, notices::add);
        assertThat(again.recomputed()).isFalse();
        assertThat(again.summary()).isEqualTo(expected);
        assertThat(notices).isEmpty();
    }

    @Test
    void run_json_keys_that_are_missing_get_defaults() throws Exception {
        Path dir = textOnlyRun().write(tmp.resolve("run"));
        Files.delete(dir.resolve("summary.json"));
        Files.writeString(dir.resolve("run.json"), "{\"model\": \"text-judge\"}");

        RunReport r = RunReport.load(dir, null, n -> {});

        assertThat(r.model()).isEqualTo("text-judge");
        assertThat(r.data()).isNull();
        assertThat(r.settings()).containsExactly(Setting.NO_TIES, Setting.TIES);
        assertThat(r.supportedTasks()).containsExactly(Task.values());
        assertThat(r.summary().tieCalibration()).isEqualTo("definition");
        assertThat(r.summary().tieScope()).isEqualTo("per_task");

        Files.delete(dir.resolve("summary.json"));
        Files.writeString(dir.resolve("run.json"), "{}");
        assertThat(RunReport.load(dir, null, n -> {}).model()).isEqualTo("run");
    }

    @Test
    void missing_summary_without_run_json_says_to_rerun_with_the_same_out() throws Exception {
        Path dir = textOnlyRun().write(tmp.resolve("run"));
        Files.delete(dir.resolve("summary.json"));
        Files.delete(dir.resolve("run.json"));

        assertThatThrownBy(() -> RunReport.load(dir, null, n -> {}))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("summary.json is missing")
                .hasMessageContaining("cannot be recomputed from " + PredictionsFile.NAME)
                .hasMessageContaining("rerun `bench run` with the same --out " + dir);
        assertThat(dir.resolve("summary.json")).doesNotExist();
    }

    @Test
    void bad_run_json_value_names_the_file_and_key() throws Exception {
        RunFixture f = textOnlyRun();
        f.runConfig().putArray("tasks").add("t2t").add("t2smell");
        Path dir = f.write(tmp.resolve("run"));
        Files.delete(dir.resolve("summary.json"));

        assertThatThrownBy(() -> RunReport.load(dir, null, n -> {}))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(dir.resolve("run.json") + ": tasks: unknown task 't2smell'");
        f.runConfig().put("tasks", "t2t");
        f.runConfig().put("seed", "seven");
        f.write(dir);
        Files.delete(dir.resolve("summary.json"));
        assertThatThrownBy(() -> RunReport.load(dir, null, n -> {}))
                .hasMessageContaining(dir.resolve("run.json") + ": seed: expected an integer or null");
    }

    @Test
    void broken_prediction_line_names_the_predictions_file_and_sample() throws Exception {
        RunFixture f = textOnlyRun();
        f.line(pairwise("c", "t2t", "no_ties", null, "response1"));
        Path dir = f.write(tmp.resolve("run"));

        assertThatThrownBy(() -> RunReport.load(dir, null, n -> {}))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(dir.resolve(PredictionsFile.NAME).toString())
                .hasMessageContaining("id 'c'");
    }

    @Test
    void repeated_prediction_lines_are_reported_as_ignored() throws Exception {
        RunFixture f = textOnlyRun();
        f.line(pairwise("a", "t2t", "no_ties", "response1", "response2"));
        Path dir = f.write(tmp.resolve("run"));
        List<String> notices = new ArrayList<>();

        RunReport r = RunReport.load(dir, null, notices::add);

        assertThat(notices).singleElement().asString().contains("1 repeated (id, setting) line(s) ignored");
        assertThat(r.outcomes(Setting.NO_TIES))
                .filteredOn(o -> o.id().equals("a"))
                .singleElement()
                .matches(SampleOutcome::correct);
    }

    /** A scalar run with perfect predictions and no human ties in ti2t, stored summary made by hand. */
    private Path scalarRunWithoutTies() throws Exception {
        RunFixture f = new RunFixture("scalar");
        f.setting("ties", 0.5, 0.5);
        f.task("ties", "ti2t", 0.5, 3, 0, 0.1, 0.9, null);
        f.line(scalarAt("u0", 0, "response1", 1.0, 0.5))
                .line(scalarAt("u1", 1, "response2", 0.0, 1.0))
                .line(scalarAt("u2", 2, "response1", 2.0, 1.0));
        return f.write(tmp.resolve("scalar"));
    }

    private static PredictionRecord scalarAt(String id, int index, String label, double r1, double r2) {
        PredictionRecord r = RunFixture.scalar(id, "ti2t", "ties", label, r1, r2);
        return new PredictionRecord(
                r.id(),
                r.task(),
                r.setting(),
                index,
                r.label(),
                r.prediction(),
                null,
                r.scores(),
                false,
                false,
                null,
                1,
                10,
                null);
    }

    @Test
    void recalibration_recomputes_from_predictions_without_touching_summary_json() throws Exception {
        Path dir = scalarRunWithoutTies();
        byte[] before = Files.readAllBytes(dir.resolve("summary.json"));
        List<String> notices = new ArrayList<>();

        RunReport reference = RunReport.load(dir, new Recalibration(TieCalibrationMode.REFERENCE, null), notices::add);
        RunReport definition =
                RunReport.load(dir, new Recalibration(TieCalibrationMode.DEFINITION, null), notices::add);
        RunReport stored = RunReport.load(dir, null, notices::add);

        // the reference never scores "no ties": its best is 2 of 3; the definition keeps all 3 right
        assertThat(reference.setting(Setting.TIES).task(Task.TI2T).accuracy()).isEqualTo(2.0 / 3);
        assertThat(reference.summary().tieCalibration()).isEqualTo("reference");
        assertThat(reference.recomputed()).isTrue();
        assertThat(reference.outcomes(Setting.TIES))
                .filteredOn(SampleOutcome::correct)
                .hasSize(2);
        assertThat(definition.setting(Setting.TIES).task(Task.TI2T).accuracy()).isEqualTo(1.0);
        assertThat(stored.setting(Setting.TIES).task(Task.TI2T).accuracy()).isEqualTo(0.5);
        assertThat(stored.recomputed()).isFalse();
        assertThat(Files.readAllBytes(dir.resolve("summary.json"))).isEqualTo(before);
        assertThat(notices).isEmpty();
    }

    @Test
    void recalibration_keeps_stored_summary_of_a_run_without_predictions_and_says_so() throws Exception {
        Path dir = scalarRunWithoutTies();
        Files.delete(dir.resolve(PredictionsFile.NAME));
        List<String> notices = new ArrayList<>();

        RunReport r = RunReport.load(dir, new Recalibration(TieCalibrationMode.REFERENCE, null), notices::add);

        assertThat(r.recomputed()).isFalse();
        assertThat(r.setting(Setting.TIES).task(Task.TI2T).accuracy()).isEqualTo(0.5);
        assertThat(notices)
                .singleElement()
                .asString()
                .contains("no " + PredictionsFile.NAME)
                .contains("stored summary.json");
    }

    @Test
    void recalibrating_a_run_without_summary_does_not_save_one() throws Exception {
        Path dir = scalarRunWithoutTies();
        Files.delete(dir.resolve("summary.json"));
        List<String> notices = new ArrayList<>();

        RunReport r = RunReport.load(dir, new Recalibration(TieCalibrationMode.REFERENCE, null), notices::add);

        assertThat(r.setting(Setting.TIES).task(Task.TI2T).accuracy()).isEqualTo(2.0 / 3);
        assertThat(notices)
                .singleElement()
                .asString()
                .contains(RunReport.RECOMPUTED_NOTICE)
                .contains("not saved");
        assertThat(dir.resolve("summary.json")).doesNotExist();
    }

    @Test
    void reference_calibration_with_global_scope_is_rejected() {
        assertThatThrownBy(() -> new Recalibration(TieCalibrationMode.REFERENCE, TieScope.GLOBAL))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("tie scope 'global' needs");
        assertThat(new Recalibration(TieCalibrationMode.REFERENCE, null)
                        .applyTo(RunInfo.of("m", null).withTies(TieCalibrationMode.DEFINITION, TieScope.GLOBAL))
                        .tieScope())
                .isEqualTo(TieScope.PER_TASK);
    }

    @Test
    void directory_without_results_is_not_a_run() {
        assertThatThrownBy(() -> RunReport.load(tmp))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not a run directory");
        assertThatThrownBy(() -> RunReport.load(tmp.resolve("nope")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no such run directory");
    }

    @Test
    void corrupt_summary_names_file_line_and_column() throws Exception {
        Path dir = textOnlyRun().write(tmp.resolve("run"));
        Files.writeString(dir.resolve("summary.json"), "{\n  \"model\": \"x\",\n  \"settings\": {,\n}");

        assertThatThrownBy(() -> RunReport.load(dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(dir.resolve("summary.json").toString())
                .hasMessageContaining("malformed JSON at line 3 column");
    }

    @Test
    void wrong_type_names_the_json_path() throws Exception {
        RunFixture f = textOnlyRun();
        ((com.fasterxml.jackson.databind.node.ObjectNode)
                        f.summary().get("settings").get("no_ties").get("tasks").get("t2t"))
                .put("n", "many");
        Path dir = f.write(tmp.resolve("run"));

        assertThatThrownBy(() -> RunReport.load(dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("settings.no_ties.tasks.t2t.n: expected a non-negative integer");
    }

    @Test
    void unknown_task_key_is_rejected() throws Exception {
        RunFixture f = textOnlyRun();
        f.task("no_ties", "t2smell", 0.5, 10, 0, 0, 1, null);
        Path dir = f.write(tmp.resolve("run"));

        assertThatThrownBy(() -> RunReport.load(dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("settings.no_ties.tasks.t2smell: unknown task");
    }

    @Test
    void runs_of_the_same_model_get_distinct_labels() throws Exception {
        Path a = textOnlyRun().write(tmp.resolve("first"));
        Path b = textOnlyRun().write(tmp.resolve("second"));

        List<RunReport> runs = Reports.load(List.of(a, b));

        assertThat(runs).extracting(RunReport::label).containsExactly("text-judge (first)", "text-judge (second)");
    }
}
