package org.omnireward.bench.report;

import java.util.LinkedHashMap;
import java.util.Map;
import org.omnireward.bench.results.PredictionRecord;
import org.omnireward.bench.results.Setting;
import org.omnireward.core.Preference;
import org.omnireward.core.Task;

/**
 * Per-sample correctness of one run in one setting, derived from its prediction lines; the input
 * of the paired tests. Kept in this one class so it can later be replaced by the metrics module's
 * own per-sample outcomes.
 *
 * <p>Rules:
 * <ul>
 *   <li>Failed lines, and lines without a readable label or prediction, have no outcome: they are
 *       left out, so a paired test compares two runs only on samples where <em>both</em> made a
 *       prediction (the choice documented in the report).</li>
 *   <li>Pairwise lines (no scores): correct when {@code prediction == label}.</li>
 *   <li>Scalar lines ({@code scores} present), ties setting: a tie is predicted when
 *       |r1 − r2| ≤ the task's {@code tie_threshold} from the summary (falling back to the
 *       setting-level one); with no threshold, no tie is predicted beyond the line's own
 *       threshold-free prediction (equal scores). Otherwise the larger score wins.</li>
 *   <li>Scalar lines, no-ties setting: the line's threshold-free prediction.</li>
 * </ul>
 */
public final class SampleOutcomes {

    private SampleOutcomes() {
    }

    /**
     * Outcomes of the run's lines of {@code setting}, keyed by {@link #key(String, String)}.
     *
     * @return true for a correct prediction, false for a wrong one; samples without an outcome are absent
     */
    public static Map<String, Boolean> of(RunReport run, Setting setting) {
        SettingSummary summary = run.setting(setting);
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (PredictionRecord r : run.predictions()) {
            if (!setting.wireName().equals(r.setting())) {
                continue;
            }
            Preference predicted = effectivePrediction(r, setting, summary);
            Preference label = r.label() == null ? null : Preference.lookup(r.label()).orElse(null);
            if (predicted == null || label == null) {
                continue;
            }
            out.put(key(r.task(), r.id()), predicted == label);
        }
        return out;
    }

    /** The prediction a line counts as in the setting, or null when it has none (failed). */
    static Preference effectivePrediction(PredictionRecord r, Setting setting, SettingSummary summary) {
        if (r.failed()) {
            return null;
        }
        Preference raw = r.prediction() == null ? null : Preference.lookup(r.prediction()).orElse(null);
        if (!r.hasScores() || !setting.allowsTies()) {
            return raw;
        }
        Double threshold = null;
        if (summary != null) {
            Task task = Task.lookup(r.task()).orElse(null);
            threshold = task == null ? summary.tieThreshold() : summary.tieThresholdFor(task);
        }
        double margin = r.margin();
        if (threshold != null && Math.abs(margin) <= threshold) {
            return Preference.TIE;
        }
        if (margin > 0) {
            return Preference.RESPONSE1;
        }
        if (margin < 0) {
            return Preference.RESPONSE2;
        }
        return Preference.TIE;
    }

    /** The key of a sample within a setting: task and id (ids need only be unique per task). */
    public static String key(String task, String id) {
        return task + "/" + id;
    }
}
