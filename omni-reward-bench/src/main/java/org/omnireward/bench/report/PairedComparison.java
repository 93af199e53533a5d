package org.omnireward.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.omnireward.bench.metrics.SampleOutcome;
import org.omnireward.bench.results.Setting;

/**
 * McNemar's exact test between two runs in one setting, on the samples both runs made a prediction
 * for. Per-sample correctness comes from the metrics module ({@link RunReport#outcomes(Setting)},
 * i.e. {@code SummaryCalculator.evaluate}), so it is the same as behind each run's accuracy —
 * including the tie-calibrated predictions of scalar models. Failed lines are left out; a sample
 * is matched between runs by task and id (ids need only be unique per task).
 *
 * @param runA      label of the first run
 * @param runB      label of the second run
 * @param nCommon   samples with an outcome in both runs
 * @param b         samples A got right and B wrong
 * @param c         samples A got wrong and B right
 * @param accuracyA A's accuracy on the common samples, or NaN when there are none
 * @param accuracyB B's accuracy on the common samples, or NaN when there are none
 * @param pValue    two-sided exact p-value ({@link McNemar#exactPValue(int, int)})
 */
public record PairedComparison(
        Setting setting,
        String runA,
        String runB,
        int nCommon,
        int b,
        int c,
        double accuracyA,
        double accuracyB,
        double pValue) {

    /** accuracyA − accuracyB on the common samples, i.e. (b − c) / nCommon; NaN when there are none. */
    public double difference() {
        return nCommon == 0 ? Double.NaN : (double) (b - c) / nCommon;
    }

    /** Compares two runs in a setting. */
    public static PairedComparison compare(RunReport a, RunReport b, Setting setting) {
        Map<String, Boolean> outA = predicted(a, setting);
        Map<String, Boolean> outB = predicted(b, setting);
        int common = 0;
        int onlyA = 0;
        int onlyB = 0;
        int rightA = 0;
        int rightB = 0;
        for (Map.Entry<String, Boolean> e : outA.entrySet()) {
            Boolean other = outB.get(e.getKey());
            if (other == null) {
                continue;
            }
            boolean x = e.getValue();
            common++;
            rightA += x ? 1 : 0;
            rightB += other ? 1 : 0;
            if (x && !other) {
                onlyA++;
            } else if (!x && other) {
                onlyB++;
            }
        }
        double accA = common == 0 ? Double.NaN : (double) rightA / common;
        double accB = common == 0 ? Double.NaN : (double) rightB / common;
        return new PairedComparison(
                setting, a.label(), b.label(), common, onlyA, onlyB, accA, accB, McNemar.exactPValue(onlyA, onlyB));
    }

    /** Correctness of the run's non-failed samples in the setting, keyed by task and id. */
    private static Map<String, Boolean> predicted(RunReport run, Setting setting) {
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (SampleOutcome o : run.outcomes(setting)) {
            if (!o.failed()) {
                out.put(o.task().id() + "/" + o.id(), o.correct());
            }
        }
        return out;
    }

    /**
     * Every pair of runs (in the given order, i &lt; j) in every setting both evaluated. Pairs where
     * either run lacks {@code predictions.jsonl}, or that share no predicted sample, are left out.
     */
    public static List<PairedComparison> all(List<RunReport> runs, List<Setting> settings) {
        List<PairedComparison> out = new ArrayList<>();
        for (Setting s : settings) {
            for (int i = 0; i < runs.size(); i++) {
                for (int j = i + 1; j < runs.size(); j++) {
                    RunReport a = runs.get(i);
                    RunReport b = runs.get(j);
                    if (a.setting(s) != null && b.setting(s) != null && a.hasPredictions() && b.hasPredictions()) {
                        PairedComparison p = compare(a, b, s);
                        if (p.nCommon() > 0) {
                            out.add(p);
                        }
                    }
                }
            }
        }
        return out;
    }
}
