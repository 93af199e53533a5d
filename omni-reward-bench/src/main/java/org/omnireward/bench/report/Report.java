package org.omnireward.bench.report;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.omnireward.bench.metrics.Summary;
import org.omnireward.bench.results.PredictionsFile;
import org.omnireward.bench.results.Setting;
import org.omnireward.core.Task;

/**
 * The report model: what every rendering of {@code bench report} shows, computed once from the runs —
 * the runs and the settings shown, the accuracy columns (run × setting, with an ε column after a
 * tie-calibrated one), the model-call rows, the paired tests and the task correlations. The
 * renderers ({@link TerminalReport}, {@link MarkdownReport}, {@link JsonReport}, {@link HtmlReport})
 * only lay it out.
 *
 * @param runs         the runs, labels already unique, in the order given
 * @param settings     the settings shown, in order
 * @param pairedTests  McNemar tests between every two runs with common predicted samples
 * @param correlations per setting, the task correlations; empty below {@link TaskCorrelations#MIN_RUNS} runs
 * @param callRows     the model-call table's rows ({@link CallsTable#rows})
 */
public record Report(
        List<RunReport> runs,
        List<Setting> settings,
        List<PairedComparison> pairedTests,
        Map<Setting, TaskCorrelations> correlations,
        List<List<String>> callRows) {

    /** How the paired tests choose their samples, stated in every output that shows them. */
    public static final String PAIRED_SAMPLES_NOTE = "McNemar exact test on the samples both runs made a "
            + "prediction for (failed lines left out; right or wrong as counted in the accuracy, after tie calibration; "
            + "pairs without common samples are not listed); b = only the first run right, c = only the second right";

    /** The caption of the published reference values. */
    static final String PUBLISHED_CAVEAT =
            "Not results of this tool; comparable only with runs over the full official benchmark.";

    public Report {
        runs = List.copyOf(runs);
        settings = List.copyOf(settings);
        pairedTests = List.copyOf(pairedTests);
        correlations = Map.copyOf(correlations);
        callRows = List.copyOf(callRows);
    }

    /** Computes the report of {@code runs} in {@code settings}. */
    public static Report of(List<RunReport> runs, List<Setting> settings) {
        Map<Setting, TaskCorrelations> correlations = new EnumMap<>(Setting.class);
        if (runs.size() >= TaskCorrelations.MIN_RUNS) {
            settings.forEach(s -> correlations.put(s, TaskCorrelations.compute(runs, s)));
        }
        return new Report(
                runs, settings, PairedComparison.all(runs, settings), correlations, CallsTable.rows(runs, settings));
    }

    /** Whether the runs are enough for the task correlations. */
    public boolean hasCorrelations() {
        return runs.size() >= TaskCorrelations.MIN_RUNS;
    }

    /** The 1-based number of the run with this label, as the tables show it ({@code [n]}); 0 when none. */
    int number(String label) {
        for (int i = 0; i < runs.size(); i++) {
            if (runs.get(i).label().equals(label)) {
                return i + 1;
            }
        }
        return 0;
    }

    /**
     * The accuracy table's columns: per run, per setting it evaluated, the accuracy column, followed
     * by its ε column when the setting has tie thresholds.
     */
    List<AccuracyColumn> accuracyColumns() {
        List<AccuracyColumn> out = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            for (Setting s : settings) {
                Summary.SettingSummary sum = runs.get(i).setting(s);
                if (sum == null) {
                    continue;
                }
                out.add(new AccuracyColumn(i, runs.get(i).label(), s, false, sum));
                if (sum.hasTieThresholds()) {
                    out.add(new AccuracyColumn(i, runs.get(i).label(), s, true, sum));
                }
            }
        }
        return out;
    }

    /** "supports: …; unsupported: …" (and what was not evaluated, when anything). */
    static String supportLine(RunReport r) {
        StringBuilder sb = new StringBuilder("supports: ")
                .append(ReportText.tasks(r.supportedTasks()))
                .append("; unsupported: ")
                .append(ReportText.tasks(r.unsupportedTasks()));
        if (!r.notEvaluatedTasks().isEmpty()) {
            sb.append("; not evaluated: ").append(ReportText.tasks(r.notEvaluatedTasks()));
        }
        if (!r.hasPredictions()) {
            sb.append("; no ").append(PredictionsFile.NAME).append(" (no paired tests or failed-sample list)");
        }
        String summary = summaryNote(r);
        if (!summary.isEmpty()) {
            sb.append("; ").append(summary);
        }
        return sb.toString();
    }

    /**
     * Where the numbers come from when that matters: the tie calibration of a run with calibrated
     * ties, and whether the summary was recomputed from the predictions; empty otherwise.
     */
    static String summaryNote(RunReport r) {
        List<String> parts = new ArrayList<>();
        if (r.hasTieThresholds()) {
            parts.add("tie calibration " + r.tieCalibration() + " (" + r.tieScope() + ")");
        }
        if (r.recomputed()) {
            parts.add("summary recomputed from " + PredictionsFile.NAME);
        }
        return String.join("; ", parts);
    }

    /** "70.0 (300)" / "—" / "n/a". */
    static String accuracyCell(Summary.SettingSummary sum, Task t, boolean withN) {
        if (sum.isUnsupported(t)) {
            return ReportText.UNSUPPORTED;
        }
        Summary.TaskSummary ts = sum.task(t);
        if (ts == null) {
            return ReportText.NA;
        }
        return withN ? ReportText.pct(ts.accuracy()) + " (" + ts.n() + ")" : ReportText.pct(ts.accuracy());
    }

    /**
     * One column of the accuracy table: a run × setting accuracy column, or its ε column.
     *
     * @param run     the run's index
     * @param label   the run's label
     * @param epsilon whether this is the ε column (tie thresholds) rather than the accuracy
     * @param summary the run's summary of the setting
     */
    record AccuracyColumn(int run, String label, Setting setting, boolean epsilon, Summary.SettingSummary summary) {

        /** The rows below the task rows, in order. */
        static final List<String> TOTAL_ROWS = List.of("Overall", "Overall strict", "Failed");

        /** The cells: one per task, then Overall, Overall strict, Failed. */
        List<String> cells(String unsupported) {
            List<String> cells = new ArrayList<>();
            if (epsilon) {
                for (Task t : Task.values()) {
                    cells.add(summary.task(t) == null ? "" : ReportText.threshold(summary.tieThresholdFor(t)));
                }
                cells.add(summary.tieThreshold() == null ? "" : ReportText.threshold(summary.tieThreshold()));
                cells.add("");
                cells.add("");
                return cells;
            }
            for (Task t : Task.values()) {
                cells.add(summary.isUnsupported(t) ? unsupported : accuracyCell(summary, t, true));
            }
            cells.add(ReportText.pct(summary.overall()));
            cells.add(ReportText.pct(summary.overallStrict()));
            cells.add(Integer.toString(summary.failedTotal()));
            return cells;
        }
    }
}
