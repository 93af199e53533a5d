package org.omnireward.bench.metrics;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.omnireward.bench.results.Setting;
import org.omnireward.core.Task;

/**
 * The content of {@code summary.json}: metrics of one run computed from {@code predictions.jsonl}
 * by {@link SummaryCalculator}. Field meanings are in {@code docs/results-format.md}. Maps keep
 * their insertion order (settings no_ties, ties; tasks in {@link Task} order) so that the file is
 * byte-for-byte stable.
 *
 * @param model          the model name
 * @param data           the benchmark path
 * @param format         the benchmark format ({@code hf}, {@code json}, {@code llamafactory})
 * @param seed           the run's seed, or null
 * @param ciMethod       always {@code wilson}
 * @param tieCalibration {@code definition} or {@code reference}
 * @param tieScope       {@code per_task} or {@code global}
 * @param prices         token prices the run was given (for the cost in {@code calls}); absent when none
 * @param settings       per setting wire name ({@code no_ties}, {@code ties})
 */
@JsonPropertyOrder({"model", "data", "format", "seed", "ci_method", "tie_calibration", "tie_scope", "prices", "settings"
})
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Summary(
        @JsonProperty("model") String model,
        @JsonProperty("data") String data,
        @JsonProperty("format") String format,
        @JsonProperty("seed") Long seed,
        @JsonProperty("ci_method") String ciMethod,
        @JsonProperty("tie_calibration") String tieCalibration,
        @JsonProperty("tie_scope") String tieScope,

        @JsonProperty("prices") @JsonInclude(JsonInclude.Include.NON_NULL)
        Prices prices,

        @JsonProperty("settings") Map<String, SettingSummary> settings) {

    /** The only confidence-interval method used. */
    public static final String CI_METHOD = "wilson";

    public Summary {
        settings = settings == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /** A summary of a run given no token prices. */
    public Summary(
            String model,
            String data,
            String format,
            Long seed,
            String ciMethod,
            String tieCalibration,
            String tieScope,
            Map<String, SettingSummary> settings) {
        this(model, data, format, seed, ciMethod, tieCalibration, tieScope, null, settings);
    }

    /** One setting's metrics, or null when the setting is absent. */
    public SettingSummary setting(Setting setting) {
        return settings.get(setting.wireName());
    }

    /** The settings present, in order (no_ties, ties). */
    @JsonIgnore
    public Set<Setting> presentSettings() {
        EnumSet<Setting> out = EnumSet.noneOf(Setting.class);
        settings.keySet().forEach(name -> out.add(Setting.parse(name)));
        return Collections.unmodifiableSet(out);
    }

    /**
     * Metrics of one setting.
     *
     * @param overall       mean of the per-task accuracies over the tasks with n &gt; 0; null if none
     * @param overallStrict mean of the per-task strict accuracies over the tasks with n + failed &gt; 0; null if none
     * @param tasks         per task id, supported tasks only, in {@link Task} order
     * @param unsupported   ids of the tasks the model does not support, in {@link Task} order
     * @param tieThreshold  the shared ε in tie scope {@code global} (null there means "no ties");
     *                      always null in tie scope {@code per_task} and in the no_ties setting
     * @param calls         failures by kind, position consistency, tokens and cost ({@link CallStats});
     *                      absent when no line carried such details (e.g. a scalar model without failures)
     */
    @JsonPropertyOrder({"overall", "overall_strict", "tasks", "unsupported", "tie_threshold", "calls"})
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record SettingSummary(
            @JsonProperty("overall") Double overall,
            @JsonProperty("overall_strict") Double overallStrict,
            @JsonProperty("tasks") Map<String, TaskSummary> tasks,
            @JsonProperty("unsupported") List<String> unsupported,
            @JsonProperty("tie_threshold") Double tieThreshold,

            @JsonProperty("calls") @JsonInclude(JsonInclude.Include.NON_NULL)
            CallStats calls) {

        public SettingSummary {
            tasks = tasks == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(tasks));
            unsupported = unsupported == null ? List.of() : List.copyOf(unsupported);
        }

        /** A setting's metrics without call details. */
        public SettingSummary(
                Double overall,
                Double overallStrict,
                Map<String, TaskSummary> tasks,
                List<String> unsupported,
                Double tieThreshold) {
            this(overall, overallStrict, tasks, unsupported, tieThreshold, null);
        }

        /** One task's metrics, or null when the task is absent (unsupported or not evaluated). */
        public TaskSummary task(Task task) {
            return tasks.get(task.id());
        }

        /** The tasks that have metrics, in {@link Task} order. */
        @JsonIgnore
        public Set<Task> evaluatedTasks() {
            return taskSet(tasks.keySet());
        }

        /** The tasks the model does not support, in {@link Task} order. */
        @JsonIgnore
        public Set<Task> unsupportedTasks() {
            return taskSet(unsupported);
        }

        /** Whether the model does not support {@code task}. */
        public boolean isUnsupported(Task task) {
            return unsupported.contains(task.id());
        }

        /**
         * The tie threshold that applies to the task: its own {@code tie_threshold}, else the
         * setting-level one; null means "no ties predicted" (or nothing calibrated).
         */
        public Double tieThresholdFor(Task task) {
            TaskSummary t = task(task);
            if (t != null && t.tieThreshold() != null) {
                return t.tieThreshold();
            }
            return tieThreshold;
        }

        /** Whether any task was tie-calibrated or any tie threshold (setting-level or per task) is present. */
        @JsonIgnore
        public boolean hasTieThresholds() {
            return tieThreshold != null
                    || tasks.values().stream().anyMatch(t -> t.tieCalibrated() || t.tieThreshold() != null);
        }

        /** Sum of the per-task failed counts. */
        @JsonIgnore
        public int failedTotal() {
            return tasks.values().stream().mapToInt(TaskSummary::failed).sum();
        }

        private static Set<Task> taskSet(Collection<String> ids) {
            EnumSet<Task> out = EnumSet.noneOf(Task.class);
            ids.forEach(id -> out.add(Task.parse(id)));
            return Collections.unmodifiableSet(out);
        }
    }

    /**
     * Metrics of one task in one setting.
     *
     * @param accuracy       correct / n; null when n = 0
     * @param n              lines with a prediction (failed ones excluded)
     * @param correct        correct predictions
     * @param failed         failed lines, invalid records included
     * @param invalid        invalid records alone
     * @param strictAccuracy correct / (n + failed); null when n + failed = 0
     * @param ci95           Wilson 95 % interval of accuracy as {@code [lower, upper]}; null when n = 0
     * @param tieThreshold   the ε applied to this task's scalar scores (ties setting); null for
     *                       "no ties" or when nothing was calibrated
     * @param tieCalibrated  true when this task's accuracy comes from tie-calibrated scalar scores
     *                       (ties setting, scalar model) — tells "no ties chosen" from "not applicable"
     */
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
    public record TaskSummary(
            @JsonProperty("accuracy") Double accuracy,
            @JsonProperty("n") int n,
            @JsonProperty("correct") int correct,
            @JsonProperty("failed") int failed,
            @JsonProperty("invalid") int invalid,
            @JsonProperty("strict_accuracy") Double strictAccuracy,
            @JsonProperty("ci95") List<Double> ci95,
            @JsonProperty("tie_threshold") Double tieThreshold,
            @JsonProperty("tie_calibrated") boolean tieCalibrated) {

        public TaskSummary {
            if (ci95 != null && ci95.size() != 2) {
                throw new IllegalArgumentException("ci95 must be [lower, upper], got " + ci95);
            }
            ci95 = ci95 == null ? null : List.copyOf(ci95);
        }

        /** Whether the 95 % interval is given. */
        @JsonIgnore
        public boolean hasInterval() {
            return ci95 != null;
        }

        /** Lower end of the 95 % interval, or null. */
        @JsonIgnore
        public Double ciLow() {
            return ci95 == null ? null : ci95.get(0);
        }

        /** Upper end of the 95 % interval, or null. */
        @JsonIgnore
        public Double ciHigh() {
            return ci95 == null ? null : ci95.get(1);
        }

        /** Lines of the task in the setting, failed ones included. */
        @JsonIgnore
        public int lines() {
            return n + failed;
        }
    }
}
