package org.omnireward.bench.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.omnireward.bench.metrics.CallStats;
import org.omnireward.bench.metrics.Summary;
import org.omnireward.bench.results.PredictionRecord;
import org.omnireward.bench.results.Setting;
import org.omnireward.core.Task;
import org.omnireward.core.util.Json;

/**
 * The report as one JSON document ({@code bench report --json}): {@code settings}, {@code runs} (with
 * supported/unsupported tasks, per setting the overall and per-task accuracy, n, failed and ci95, tie
 * thresholds, model calls, failed samples), {@code paired_tests}, {@code paired_tests_method},
 * {@code correlations} (per setting, null below three runs) and {@code published_reference}.
 * Accuracies are fractions; an undefined number is null. The records below are the document's
 * layout: their field order is the key order.
 */
final class JsonReport {

    private JsonReport() {}

    /** The document as pretty-printed JSON with a trailing newline. */
    static String render(Report report) {
        try {
            return Json.pretty().writeValueAsString(document(report)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise report", e);
        }
    }

    /** The document of a report. */
    static Document document(Report report) {
        List<Run> runs =
                report.runs().stream().map(r -> Run.of(r, report.settings())).toList();
        List<PairedTest> tests =
                report.pairedTests().stream().map(PairedTest::of).toList();
        Map<String, Correlations> correlations = new LinkedHashMap<>();
        for (Setting s : report.settings()) {
            TaskCorrelations tc = report.correlations().get(s);
            correlations.put(s.wireName(), tc == null ? null : Correlations.of(tc));
        }
        return new Document(
                report.settings().stream().map(Setting::wireName).toList(),
                runs,
                tests,
                Report.PAIRED_SAMPLES_NOTE,
                correlations,
                Published.of());
    }

    /** The whole document. */
    @JsonPropertyOrder({"settings", "runs", "paired_tests", "paired_tests_method", "correlations", "published_reference"
    })
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Document(
            @JsonProperty("settings") List<String> settings,
            @JsonProperty("runs") List<Run> runs,
            @JsonProperty("paired_tests") List<PairedTest> pairedTests,
            @JsonProperty("paired_tests_method") String pairedTestsMethod,
            @JsonProperty("correlations") Map<String, Correlations> correlations,
            @JsonProperty("published_reference") Published publishedReference) {}

    /** One run. */
    @JsonPropertyOrder({
        "label",
        "model",
        "dir",
        "data",
        "has_predictions",
        "tie_calibration",
        "tie_scope",
        "summary_recomputed",
        "supported_tasks",
        "unsupported_tasks",
        "not_evaluated_tasks",
        "settings"
    })
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Run(
            @JsonProperty("label") String label,
            @JsonProperty("model") String model,
            @JsonProperty("dir") String dir,
            @JsonProperty("data") String data,
            @JsonProperty("has_predictions") boolean hasPredictions,
            @JsonProperty("tie_calibration") String tieCalibration,
            @JsonProperty("tie_scope") String tieScope,
            @JsonProperty("summary_recomputed") boolean summaryRecomputed,
            @JsonProperty("supported_tasks") List<String> supportedTasks,
            @JsonProperty("unsupported_tasks") List<String> unsupportedTasks,
            @JsonProperty("not_evaluated_tasks") List<String> notEvaluatedTasks,
            @JsonProperty("settings") Map<String, RunSetting> settings) {

        static Run of(RunReport r, List<Setting> settings) {
            Map<String, RunSetting> perSetting = new LinkedHashMap<>();
            for (Setting s : settings) {
                Summary.SettingSummary sum = r.setting(s);
                if (sum != null) {
                    perSetting.put(s.wireName(), RunSetting.of(sum, r.failedLines(s)));
                }
            }
            return new Run(
                    r.label(),
                    r.model(),
                    r.dir().toString(),
                    r.data(),
                    r.hasPredictions(),
                    r.tieCalibration().wireName(),
                    r.tieScope().wireName(),
                    r.recomputed(),
                    ids(r.supportedTasks()),
                    ids(r.unsupportedTasks()),
                    ids(r.notEvaluatedTasks()),
                    perSetting);
        }
    }

    /** One setting of a run; {@code calls} only when the summary has model-call details. */
    @JsonPropertyOrder({
        "overall",
        "overall_strict",
        "failed",
        "tie_threshold",
        "calls",
        "unsupported",
        "tasks",
        "failed_samples"
    })
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record RunSetting(
            @JsonProperty("overall") Double overall,
            @JsonProperty("overall_strict") Double overallStrict,
            @JsonProperty("failed") int failed,
            @JsonProperty("tie_threshold") Double tieThreshold,

            @JsonProperty("calls") @JsonInclude(JsonInclude.Include.NON_NULL)
            CallStats calls,

            @JsonProperty("unsupported") List<String> unsupported,
            @JsonProperty("tasks") Map<String, TaskAccuracy> tasks,
            @JsonProperty("failed_samples") List<FailedSample> failedSamples) {

        static RunSetting of(Summary.SettingSummary sum, List<PredictionRecord> failedLines) {
            Map<String, TaskAccuracy> tasks = new LinkedHashMap<>();
            sum.tasks().forEach((id, t) -> tasks.put(id, TaskAccuracy.of(t)));
            return new RunSetting(
                    number(sum.overall()),
                    number(sum.overallStrict()),
                    sum.failedTotal(),
                    number(sum.tieThreshold()),
                    sum.calls(),
                    ids(sum.unsupportedTasks()),
                    tasks,
                    failedLines.stream().map(FailedSample::of).toList());
        }
    }

    /** One task of a setting. */
    @JsonPropertyOrder({
        "accuracy",
        "n",
        "correct",
        "failed",
        "invalid",
        "strict_accuracy",
        "ci95",
        "tie_threshold",
        "tie_calibrated"
    })
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record TaskAccuracy(
            @JsonProperty("accuracy") Double accuracy,
            @JsonProperty("n") int n,
            @JsonProperty("correct") int correct,
            @JsonProperty("failed") int failed,
            @JsonProperty("invalid") int invalid,
            @JsonProperty("strict_accuracy") Double strictAccuracy,
            @JsonProperty("ci95") List<Double> ci95,
            @JsonProperty("tie_threshold") Double tieThreshold,
            @JsonProperty("tie_calibrated") boolean tieCalibrated) {

        static TaskAccuracy of(Summary.TaskSummary t) {
            return new TaskAccuracy(
                    number(t.accuracy()),
                    t.n(),
                    t.correct(),
                    t.failed(),
                    t.invalid(),
                    number(t.strictAccuracy()),
                    t.hasInterval() ? List.of(t.ciLow(), t.ciHigh()) : null,
                    number(t.tieThreshold()),
                    t.tieCalibrated());
        }
    }

    /** A failed line of a setting. */
    @JsonPropertyOrder({"task", "id", "invalid", "error"})
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record FailedSample(
            @JsonProperty("task") String task,
            @JsonProperty("id") String id,
            @JsonProperty("invalid") boolean invalid,
            @JsonProperty("error") String error) {

        static FailedSample of(PredictionRecord p) {
            return new FailedSample(p.task(), p.id(), p.invalid(), p.error());
        }
    }

    /** A paired test between two runs. */
    @JsonPropertyOrder({
        "setting",
        "run_a",
        "run_b",
        "n_common",
        "b",
        "c",
        "accuracy_a",
        "accuracy_b",
        "difference",
        "p_value"
    })
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record PairedTest(
            @JsonProperty("setting") String setting,
            @JsonProperty("run_a") String runA,
            @JsonProperty("run_b") String runB,
            @JsonProperty("n_common") int nCommon,
            @JsonProperty("b") int b,
            @JsonProperty("c") int c,
            @JsonProperty("accuracy_a") Double accuracyA,
            @JsonProperty("accuracy_b") Double accuracyB,
            @JsonProperty("difference") Double difference,
            @JsonProperty("p_value") double pValue) {

        static PairedTest of(PairedComparison p) {
            return new PairedTest(
                    p.setting().wireName(),
                    p.runA(),
                    p.runB(),
                    p.nCommon(),
                    p.b(),
                    p.c(),
                    number(p.accuracyA()),
                    number(p.accuracyB()),
                    number(p.difference()),
                    p.pValue());
        }
    }

    /** The task correlations of a setting: {@code matrix[i][j]} for {@code tasks[i]} and {@code tasks[j]}. */
    @JsonPropertyOrder({"runs", "tasks", "matrix"})
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Correlations(
            @JsonProperty("runs") int runs,
            @JsonProperty("tasks") List<String> tasks,
            @JsonProperty("matrix") List<List<Double>> matrix) {

        static Correlations of(TaskCorrelations tc) {
            List<List<Double>> matrix = new ArrayList<>();
            for (Double[] row : tc.matrix()) {
                matrix.add(Arrays.asList(row.clone()));
            }
            return new Correlations(tc.runs(), ids(Arrays.asList(Task.values())), matrix);
        }
    }

    /** The published reference values, in percent. */
    @JsonPropertyOrder({"source", "unit", "models"})
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Published(
            @JsonProperty("source") String source,
            @JsonProperty("unit") String unit,
            @JsonProperty("models") List<PublishedModel> models) {

        static Published of() {
            return new Published(
                    PublishedResults.SOURCE,
                    "percent",
                    PublishedResults.ALL.stream().map(PublishedModel::of).toList());
        }
    }

    /** One published model; {@code note} only when there is one. */
    @JsonPropertyOrder({"model", "overall_no_ties", "overall_ties", "ties_per_task", "note"})
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record PublishedModel(
            @JsonProperty("model") String model,
            @JsonProperty("overall_no_ties") Double overallNoTies,
            @JsonProperty("overall_ties") Double overallTies,
            @JsonProperty("ties_per_task") Map<String, Double> tiesPerTask,

            @JsonProperty("note") @JsonInclude(JsonInclude.Include.NON_NULL)
            String note) {

        static PublishedModel of(PublishedResults.Entry e) {
            Map<String, Double> perTask = new LinkedHashMap<>();
            e.tiesPerTask().forEach((t, v) -> perTask.put(t.id(), v));
            return new PublishedModel(e.model(), number(e.overallNoTies()), number(e.overallTies()), perTask, e.note());
        }
    }

    private static List<String> ids(Collection<Task> tasks) {
        return tasks.stream().map(Task::id).toList();
    }

    /** A number as the document writes it: null when undefined (null or NaN). */
    private static Double number(Double v) {
        return v == null || v.isNaN() ? null : v;
    }
}
