package org.omnireward.bench.report;

import org.omnireward.bench.metrics.RunInfo;
import org.omnireward.bench.metrics.TieCalibrationMode;
import org.omnireward.bench.metrics.TieScope;

/**
 * A tie calibration asked for when reporting ({@code bench report --tie-calibration/--tie-scope}):
 * each run's summary is then recomputed from its {@code predictions.jsonl} with it, instead of read
 * from {@code summary.json} (which is left unchanged). Useful to compare a run with the published
 * numbers, which come from the reference implementation's calibration.
 *
 * @param mode  the calibration, or null to keep each run's own
 * @param scope the scope, or null to keep each run's own; with {@link TieCalibrationMode#REFERENCE}
 *              given and no scope, per task (the only scope the reference supports)
 */
public record Recalibration(TieCalibrationMode mode, TieScope scope) {

    public Recalibration {
        if (mode == null && scope == null) {
            throw new IllegalArgumentException("a recalibration needs a mode or a scope");
        }
        if (mode != null && scope != null) {
            RunInfo.checkCombination(mode, scope);
        }
    }

    /** The run's info with this calibration applied. */
    public RunInfo applyTo(RunInfo run) {
        TieCalibrationMode m = mode != null ? mode : run.tieCalibration();
        TieScope s = scope != null ? scope : m == TieCalibrationMode.REFERENCE ? TieScope.PER_TASK : run.tieScope();
        return run.withTies(m, s);
    }
}
