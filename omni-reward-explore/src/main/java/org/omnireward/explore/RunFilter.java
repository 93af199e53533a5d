package org.omnireward.explore;

import org.omnireward.bench.results.Setting;
import org.omnireward.core.Task;

/**
 * What a sample list shows.
 *
 * @param task the task
 * @param setting no_ties or ties
 * @param run the run a status refers to (its position), or null for the runs together
 * @param allRuns with {@code run} null: true when every run must match the status, false when any may
 * @param status {@code all}, {@code wrong}, {@code correct}, {@code failed}, {@code failed:<kind>},
 *     {@code predicted-tie} or {@code inconsistent} (a judge's answers for the two orders disagreed)
 * @param label {@code tie}, {@code decisive}, or null for any label
 * @param disagree only samples on which the runs' predictions differ
 * @param text searched (case-insensitive) in id, prompt, criterion, rationale, raw output and error
 */
public record RunFilter(
        Task task,
        Setting setting,
        Integer run,
        boolean allRuns,
        String status,
        String label,
        boolean disagree,
        String text) {

    public RunFilter {
        status = status == null || status.isBlank() ? "all" : status;
    }

    /** Everything of a task and setting. */
    public static RunFilter all(Task task, Setting setting) {
        return new RunFilter(task, setting, null, false, "all", null, false, null);
    }
}
