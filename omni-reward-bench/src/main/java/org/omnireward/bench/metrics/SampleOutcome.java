package org.omnireward.bench.metrics;

import org.omnireward.bench.results.Setting;
import org.omnireward.core.Preference;
import org.omnireward.core.Task;

/**
 * Whether one (sample, setting) was predicted right, after tie calibration. The report module
 * pairs these between runs for significance tests.
 *
 * @param id         sample id
 * @param task       task
 * @param setting    setting
 * @param index      position among the task's records in benchmark-file order
 * @param label      the human label; null when unreadable (then the line is failed)
 * @param prediction the final prediction (for scalar models in the ties setting: after tie
 *                   calibration); null when failed, and for a scalar zero margin that was not
 *                   made a tie (it names neither response and counts wrong)
 * @param failed     no prediction could be made (invalid records included); never correct
 * @param invalid    the record itself was invalid
 * @param correct    prediction equals label
 */
public record SampleOutcome(
        String id,
        Task task,
        Setting setting,
        int index,
        Preference label,
        Preference prediction,
        boolean failed,
        boolean invalid,
        boolean correct) {}
