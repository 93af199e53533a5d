package org.omnireward.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.omnireward.bench.report.RunFixture.failed;
import static org.omnireward.bench.report.RunFixture.pairwise;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
        assertThat(r.settings()).containsOnlyKeys(Setting.NO_TIES);
        SettingSummary s = r.setting(Setting.NO_TIES);
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
    void unfinished_run_says_to_rerun_with_the_same_out() throws Exception {
        Path dir = textOnlyRun().write(tmp.resolve("run"));
        Files.delete(dir.resolve("summary.json"));

        assertThatThrownBy(() -> RunReport.load(dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("summary.json is missing")
                .hasMessageContaining(PredictionsFile.NAME)
                .hasMessageContaining("rerun `bench run` with the same --out " + dir);
    }

    @Test
    void directory_without_results_is_not_a_run() {
        assertThatThrownBy(() -> RunReport.load(tmp)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not a run directory");
        assertThatThrownBy(() -> RunReport.load(tmp.resolve("nope"))).isInstanceOf(InvalidInputException.class)
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
        ((com.fasterxml.jackson.databind.node.ObjectNode) f.summary().get("settings").get("no_ties").get("tasks")
                .get("t2t")).put("n", "many");
        Path dir = f.write(tmp.resolve("run"));

        assertThatThrownBy(() -> RunReport.load(dir)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("settings.no_ties.tasks.t2t.n: expected a non-negative integer");
    }

    @Test
    void unknown_task_key_is_rejected() throws Exception {
        RunFixture f = textOnlyRun();
        f.task("no_ties", "t2smell", 0.5, 10, 0, 0, 1, null);
        Path dir = f.write(tmp.resolve("run"));

        assertThatThrownBy(() -> RunReport.load(dir)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("settings.no_ties.tasks.t2smell: unknown task");
    }

    @Test
    void runs_of_the_same_model_get_distinct_labels() throws Exception {
        Path a = textOnlyRun().write(tmp.resolve("first"));
        Path b = textOnlyRun().write(tmp.resolve("second"));

        List<RunReport> runs = Reports.load(List.of(a, b));

        assertThat(runs).extracting(RunReport::label)
                .containsExactly("text-judge (first)", "text-judge (second)");
    }
}
