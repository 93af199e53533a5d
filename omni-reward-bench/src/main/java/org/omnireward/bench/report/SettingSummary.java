package org.omnireward.bench.report;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.omnireward.bench.results.Setting;
import org.omnireward.core.Task;

/**
 * One setting of {@code summary.json} ({@code settings.no_ties} or {@code settings.ties}).
 *
 * @param overall       mean of the per-task accuracies over supported tasks with n &gt; 0, or null
 * @param overallStrict the same with failed samples counted wrong, or null
 * @param tasks         the evaluated tasks, in {@link Task} order
 * @param unsupported   tasks the model does not support (absent from {@code tasks})
 * @param tieThreshold  the setting-level tie threshold, or null (per-task mode)
 */
public record SettingSummary(Setting setting, Double overall, Double overallStrict, Map<Task, TaskSummary> tasks,
                             Set<Task> unsupported, Double tieThreshold) {

    public SettingSummary {
        tasks = Collections.unmodifiableMap(tasks.isEmpty() ? new EnumMap<>(Task.class) : new EnumMap<>(tasks));
        unsupported = Collections.unmodifiableSet(unsupported.isEmpty() ? EnumSet.noneOf(Task.class)
                : EnumSet.copyOf(unsupported));
    }

    /** The task's entry, or null when the task was not evaluated (unsupported or left out). */
    public TaskSummary task(Task task) {
        return tasks.get(task);
    }

    /**
     * The tie threshold that applies to the task: its own {@code tie_threshold}, else the
     * setting-level one; null means "no ties predicted".
     */
    public Double tieThresholdFor(Task task) {
        TaskSummary t = tasks.get(task);
        if (t != null && t.tieThreshold() != null) {
            return t.tieThreshold();
        }
        return tieThreshold;
    }

    /** Whether any tie threshold (setting-level or per task) is present. */
    public boolean hasTieThresholds() {
        return tieThreshold != null || tasks.values().stream().anyMatch(t -> t.tieThreshold() != null);
    }

    /** Sum of the per-task failed counts. */
    public int failedTotal() {
        return tasks.values().stream().mapToInt(TaskSummary::failed).sum();
    }
}
