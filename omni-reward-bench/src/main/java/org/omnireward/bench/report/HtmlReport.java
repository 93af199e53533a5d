package org.omnireward.bench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.omnireward.bench.metrics.Summary;
import org.omnireward.bench.results.PredictionRecord;
import org.omnireward.bench.results.PredictionsFile;
import org.omnireward.bench.results.Setting;
import org.omnireward.core.Task;
import org.omnireward.core.util.Html;

/**
 * The report as one self-contained HTML page: inline CSS and inline SVG, no scripts and no network
 * references, so it opens anywhere and can be attached to an e-mail. Per setting it draws per-task
 * accuracy bars with 95 % interval whiskers for every run against the published reference values,
 * then lists the paired McNemar tests, the task correlation matrix (three or more runs) and the
 * failed samples. All text from result files is escaped. The markup is well-formed XML.
 */
public final class HtmlReport {

    /** Failed samples listed per run; the rest are counted. */
    public static final int FAILED_ROWS_PER_RUN = 200;

    private static final String[] COLOURS = {
        "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"
    };
    private static final int LABEL_W = 90;
    private static final int PLOT_W = 560;
    private static final int RIGHT_W = 60;
    private static final int BAR_H = 14;
    private static final int GROUP_GAP = 10;
    private static final int AXIS_H = 22;

    private HtmlReport() {}

    /** Renders and writes the page (creating parent directories); returns the absolute path. */
    public static Path write(Path file, List<RunReport> runs, List<Setting> settings) {
        Path abs = file.toAbsolutePath();
        try {
            if (abs.getParent() != null) {
                Files.createDirectories(abs.getParent());
            }
            Files.writeString(abs, render(runs, settings), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write HTML report " + abs + ": " + e.getMessage(), e);
        }
        return abs;
    }

    /** Writes the page for all settings the runs have. */
    public static Path write(Path file, List<RunReport> runs) {
        return write(file, runs, Reports.settingsOf(runs));
    }

    /** The page as a string. */
    public static String render(List<RunReport> runs, List<Setting> settings) {
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
                .append("<title>Omni-RewardBench report</title>\n<style>\n")
                .append(CSS)
                .append("</style>\n</head>\n<body>\n")
                .append("<h1>Omni-RewardBench report</h1>\n");
        runsSection(h, runs);
        for (Setting s : settings) {
            settingSection(h, runs, s);
        }
        callsSection(h, runs, settings);
        pairedSection(h, runs, settings);
        correlationSection(h, runs, settings);
        failedSection(h, runs, settings);
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    private static void runsSection(StringBuilder h, List<RunReport> runs) {
        h.append(
                "<h2>Runs</h2>\n<table>\n<thead><tr><th>#</th><th>run</th><th>directory</th><th>supported tasks</th>"
                        + "<th>unsupported</th><th>not evaluated</th><th>predictions</th><th>summary</th></tr></thead>\n<tbody>\n");
        for (int i = 0; i < runs.size(); i++) {
            RunReport r = runs.get(i);
            h.append("<tr><td>")
                    .append(swatch(i))
                    .append(i + 1)
                    .append("</td><td>")
                    .append(Html.escape(r.label()))
                    .append("</td><td class=\"path\">")
                    .append(Html.escape(r.dir().toString()))
                    .append("</td><td>")
                    .append(Html.escape(Fmt.tasks(r.supportedTasks())))
                    .append("</td><td>")
                    .append(Html.escape(Fmt.tasks(r.unsupportedTasks())))
                    .append("</td><td>")
                    .append(Html.escape(Fmt.tasks(r.notEvaluatedTasks())))
                    .append("</td><td>")
                    .append(r.hasPredictions() ? "yes" : "missing (no paired tests)")
                    .append("</td><td>")
                    .append(Html.escape(r.recomputed() ? "recomputed from " + PredictionsFile.NAME : RunReport.SUMMARY))
                    .append(
                            r.hasTieThresholds()
                                    ? Html.escape("; tie calibration " + r.tieCalibration() + " (" + r.tieScope() + ")")
                                    : "")
                    .append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");
    }

    private static void settingSection(StringBuilder h, List<RunReport> runs, Setting s) {
        h.append("<h2>Accuracy ").append(Html.escape(Fmt.setting(s))).append("</h2>\n");
        List<Integer> with = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            if (runs.get(i).setting(s) != null) {
                with.add(i);
            }
        }
        if (with.isEmpty()) {
            h.append("<p>No run evaluated this setting.</p>\n");
            return;
        }
        h.append(accuracyFigure(runs, s));
        h.append(
                        "<p class=\"note\">Bars: accuracy; whiskers: 95 % Wilson interval from summary.json; Overall = mean of "
                                + "per-task accuracy over the supported tasks (no interval). Dashed mark: ")
                .append(Html.escape(PublishedResults.SOURCE))
                .append(".</p>\n");
        // numbers
        h.append("<table class=\"num\">\n<thead><tr><th>task</th>");
        for (int i : with) {
            h.append("<th>")
                    .append(swatch(i))
                    .append(Html.escape(runs.get(i).label()))
                    .append("</th>");
        }
        h.append("<th class=\"ref\">published BT (reference)</th></tr></thead>\n<tbody>\n");
        for (Task t : Task.values()) {
            h.append("<tr><td>").append(t.id()).append("</td>");
            for (int i : with) {
                Summary.SettingSummary sum = runs.get(i).setting(s);
                Summary.TaskSummary ts = sum.task(t);
                h.append("<td>");
                if (ts == null) {
                    h.append(Html.escape(Reports.accuracyCell(sum, t, false)));
                } else {
                    h.append(Fmt.pct(ts.accuracy())).append(" <small>(n=").append(ts.n());
                    if (ts.hasInterval()) {
                        h.append(", ").append(Fmt.pct(ts.ciLow())).append("–").append(Fmt.pct(ts.ciHigh()));
                    }
                    if (ts.failed() > 0) {
                        h.append(", ").append(ts.failed()).append(" failed");
                    }
                    Double eps = sum.tieThresholdFor(t);
                    if (eps != null) {
                        h.append(", ε=").append(Html.escape(Fmt.threshold(eps)));
                    }
                    h.append(")</small>");
                }
                h.append("</td>");
            }
            h.append("<td class=\"ref\">")
                    .append(Fmt.publishedPct(PublishedResults.OMNI_REWARD_MODEL_BT.task(s, t)))
                    .append("</td></tr>\n");
        }
        h.append("<tr class=\"total\"><td>Overall</td>");
        for (int i : with) {
            Summary.SettingSummary sum = runs.get(i).setting(s);
            h.append("<td>")
                    .append(Fmt.pct(sum.overall()))
                    .append(" <small>(strict ")
                    .append(Fmt.pct(sum.overallStrict()))
                    .append(", ")
                    .append(sum.failedTotal())
                    .append(" failed)</small></td>");
        }
        h.append("<td class=\"ref\">")
                .append(Fmt.publishedPct(PublishedResults.OMNI_REWARD_MODEL_BT.overall(s)))
                .append("</td></tr>\n</tbody>\n</table>\n");
        // published reference rows
        h.append("<h3>Published reference values (")
                .append(Html.escape(Fmt.setting(s)))
                .append(")</h3>\n")
                .append("<p class=\"note\">")
                .append(Html.escape(PublishedResults.SOURCE))
                .append(". Not results of this tool; comparable only with runs over the full official benchmark.</p>\n")
                .append("<table class=\"num ref\">\n<thead><tr><th>model</th><th>overall</th>");
        if (s == Setting.TIES) {
            for (Task t : Task.values()) {
                h.append("<th>").append(t.id()).append("</th>");
            }
        }
        h.append("</tr></thead>\n<tbody>\n");
        for (PublishedResults.Entry e : PublishedResults.ALL) {
            if (e.overall(s) == null) {
                continue;
            }
            h.append("<tr><td>")
                    .append(Html.escape(e.model()))
                    .append(e.note() == null ? "" : " (" + Html.escape(e.note()) + ")")
                    .append("</td><td>")
                    .append(Fmt.publishedPct(e.overall(s)))
                    .append("</td>");
            if (s == Setting.TIES) {
                for (Task t : Task.values()) {
                    h.append("<td>").append(Fmt.publishedPct(e.task(s, t))).append("</td>");
                }
            }
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table>\n");
    }

    /**
     * The per-task accuracy figure of one setting as the report draws it (legend and inline SVG: bars with
     * 95 % interval whiskers against the published reference), for pages that embed the report's figures
     * (the explorer). Needs {@link #css()}; holds no script and no style attribute.
     */
    public static String accuracyFigure(List<RunReport> runs, Setting s) {
        StringBuilder h = new StringBuilder();
        List<Integer> with = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            if (runs.get(i).setting(s) != null) {
                with.add(i);
            }
        }
        if (with.isEmpty()) {
            return "<p>No run evaluated this setting.</p>\n";
        }
        h.append("<p class=\"legend\">");
        for (int i : with) {
            h.append("<span>")
                    .append(swatch(i))
                    .append(Html.escape(runs.get(i).label()))
                    .append("</span> ");
        }
        h.append("<span><span class=\"tick\"></span>published Omni-RewardModel-BT (reference)</span></p>\n");
        chart(h, runs, with, s);
        return h.toString();
    }

    /** The report's style sheet, for pages that embed {@link #accuracyFigure}. */
    public static String css() {
        return CSS;
    }

    /** Horizontal grouped bars: one group per task plus Overall, one bar per run. */
    private static void chart(StringBuilder h, List<RunReport> runs, List<Integer> with, Setting s) {
        int groups = Task.values().length + 1;
        int groupH = with.size() * BAR_H + GROUP_GAP;
        int height = AXIS_H + groups * groupH;
        int width = LABEL_W + PLOT_W + RIGHT_W;
        h.append("<svg class=\"chart\" width=\"")
                .append(width)
                .append("\" height=\"")
                .append(height)
                .append("\" viewBox=\"0 0 ")
                .append(width)
                .append(' ')
                .append(height)
                .append("\" role=\"img\">\n")
                .append("<title>")
                .append(Html.escape("Per-task accuracy " + Fmt.setting(s)))
                .append("</title>\n");
        for (int pct = 0; pct <= 100; pct += 25) {
            double x = LABEL_W + PLOT_W * pct / 100.0;
            h.append("<line class=\"grid\" x1=\"")
                    .append(num(x))
                    .append("\" y1=\"")
                    .append(AXIS_H - 4)
                    .append("\" x2=\"")
                    .append(num(x))
                    .append("\" y2=\"")
                    .append(height)
                    .append("\"/>")
                    .append("<text class=\"axis\" x=\"")
                    .append(num(x))
                    .append("\" y=\"")
                    .append(AXIS_H - 8)
                    .append("\">")
                    .append(pct)
                    .append("%</text>\n");
        }
        for (int g = 0; g < groups; g++) {
            boolean overall = g == Task.values().length;
            Task task = overall ? null : Task.values()[g];
            double top = AXIS_H + g * groupH + GROUP_GAP / 2.0;
            h.append("<text class=\"label")
                    .append(overall ? " bold" : "")
                    .append("\" x=\"")
                    .append(LABEL_W - 8)
                    .append("\" y=\"")
                    .append(num(top + with.size() * BAR_H / 2.0 + 4))
                    .append("\">")
                    .append(overall ? "Overall" : task.id())
                    .append("</text>\n");
            Double ref = overall
                    ? PublishedResults.OMNI_REWARD_MODEL_BT.overall(s)
                    : PublishedResults.OMNI_REWARD_MODEL_BT.task(s, task);
            if (ref != null) {
                double x = LABEL_W + PLOT_W * clamp(ref / 100.0);
                h.append("<g><title>")
                        .append(Html.escape(
                                "published Omni-RewardModel-BT (reference): " + Fmt.publishedPct(ref) + " %"))
                        .append("</title><line class=\"ref\" x1=\"")
                        .append(num(x))
                        .append("\" y1=\"")
                        .append(num(top - 2))
                        .append("\" x2=\"")
                        .append(num(x))
                        .append("\" y2=\"")
                        .append(num(top + with.size() * BAR_H + 2))
                        .append("\"/></g>\n");
            }
            for (int k = 0; k < with.size(); k++) {
                int run = with.get(k);
                RunReport r = runs.get(run);
                Summary.SettingSummary sum = r.setting(s);
                double y = top + k * BAR_H;
                Double acc;
                String tip;
                Summary.TaskSummary ts = null;
                if (overall) {
                    acc = sum.overall();
                    tip = r.label() + ": Overall " + Fmt.pct(acc) + " %";
                } else {
                    ts = sum.task(task);
                    if (ts == null || ts.accuracy() == null) {
                        String why = sum.isUnsupported(task)
                                ? "unsupported"
                                : ts == null ? "not evaluated" : "no predictions";
                        h.append("<text class=\"missing\" x=\"")
                                .append(LABEL_W + 4)
                                .append("\" y=\"")
                                .append(num(y + BAR_H - 4))
                                .append("\">")
                                .append(Html.escape(r.label() + ": " + why))
                                .append("</text>\n");
                        continue;
                    }
                    acc = ts.accuracy();
                    tip = r.label() + ": " + task.id() + " " + Fmt.pct(acc) + " % (n=" + ts.n()
                            + (ts.hasInterval() ? ", 95% CI " + Fmt.pct(ts.ciLow()) + "–" + Fmt.pct(ts.ciHigh()) : "")
                            + ")";
                }
                if (acc == null) {
                    continue;
                }
                double x1 = LABEL_W + PLOT_W * clamp(acc);
                h.append("<g><title>")
                        .append(Html.escape(tip))
                        .append("</title><rect class=\"c")
                        .append(run % COLOURS.length)
                        .append("\" x=\"")
                        .append(LABEL_W)
                        .append("\" y=\"")
                        .append(num(y + 1))
                        .append("\" width=\"")
                        .append(num(x1 - LABEL_W))
                        .append("\" height=\"")
                        .append(BAR_H - 2)
                        .append("\"/>");
                double labelX = x1;
                if (ts != null && ts.hasInterval()) {
                    double lo = LABEL_W + PLOT_W * clamp(ts.ciLow());
                    double hi = LABEL_W + PLOT_W * clamp(ts.ciHigh());
                    double cy = y + BAR_H / 2.0;
                    h.append("<path class=\"whisker\" d=\"M")
                            .append(num(lo))
                            .append(' ')
                            .append(num(cy))
                            .append('H')
                            .append(num(hi))
                            .append("M")
                            .append(num(lo))
                            .append(' ')
                            .append(num(cy - 4))
                            .append('V')
                            .append(num(cy + 4))
                            .append("M")
                            .append(num(hi))
                            .append(' ')
                            .append(num(cy - 4))
                            .append('V')
                            .append(num(cy + 4))
                            .append("\"/>");
                    labelX = Math.max(labelX, hi);
                }
                h.append("<text class=\"value\" x=\"")
                        .append(num(labelX + 4))
                        .append("\" y=\"")
                        .append(num(y + BAR_H - 3))
                        .append("\">")
                        .append(Fmt.pct(acc))
                        .append("</text></g>\n");
            }
        }
        h.append("</svg>\n");
    }

    private static void callsSection(StringBuilder h, List<RunReport> runs, List<Setting> settings) {
        List<List<String>> rows = CallsTable.rows(runs, settings);
        if (rows.isEmpty()) {
            return;
        }
        h.append("<h2>Model calls</h2>\n<table class=\"num\">\n<thead><tr>");
        CallsTable.HEADER.forEach(c -> h.append("<th>").append(Html.escape(c)).append("</th>"));
        h.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : rows) {
            h.append("<tr>");
            row.forEach(c -> h.append("<td>").append(Html.escape(c)).append("</td>"));
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table>\n<p class=\"note\">")
                .append(Html.escape(CallsTable.NOTE))
                .append("</p>\n");
    }

    private static void pairedSection(StringBuilder h, List<RunReport> runs, List<Setting> settings) {
        h.append("<h2>Paired tests</h2>\n");
        List<PairedComparison> tests = PairedComparison.all(runs, settings);
        if (tests.isEmpty()) {
            h.append("<p>Needs two or more runs with ")
                    .append(PredictionsFile.NAME)
                    .append(" that share predicted samples.</p>\n");
            return;
        }
        h.append("<p class=\"note\">")
                .append(Html.escape(Reports.PAIRED_SAMPLES_NOTE))
                .append("; p = min(1, 2·P(X ≤ min(b, c))), X ~ Bin(b + c, 1/2).</p>\n")
                .append(
                        "<table class=\"num\">\n<thead><tr><th>setting</th><th>run A</th><th>run B</th><th>n common</th>"
                                + "<th>b</th><th>c</th><th>acc A</th><th>acc B</th><th>A − B (pts)</th><th>p</th></tr></thead>\n<tbody>\n");
        for (PairedComparison p : tests) {
            h.append("<tr")
                    .append(p.pValue() < 0.05 ? " class=\"signif\"" : "")
                    .append("><td>")
                    .append(Html.escape(Fmt.setting(p.setting())))
                    .append("</td><td>")
                    .append(Html.escape(p.runA()))
                    .append("</td><td>")
                    .append(Html.escape(p.runB()))
                    .append("</td><td>")
                    .append(p.nCommon())
                    .append("</td><td>")
                    .append(p.b())
                    .append("</td><td>")
                    .append(p.c())
                    .append("</td><td>")
                    .append(Fmt.pct(p.accuracyA()))
                    .append("</td><td>")
                    .append(Fmt.pct(p.accuracyB()))
                    .append("</td><td>")
                    .append(Fmt.pctPoints(p.difference()))
                    .append("</td><td>")
                    .append(Html.escape(Fmt.pValue(p.pValue())))
                    .append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n<p class=\"note\">Highlighted: p &lt; 0.05.</p>\n");
    }

    private static void correlationSection(StringBuilder h, List<RunReport> runs, List<Setting> settings) {
        h.append("<h2>Correlation of accuracy between tasks</h2>\n");
        if (runs.size() < TaskCorrelations.MIN_RUNS) {
            h.append("<p>Needs three or more runs (").append(runs.size()).append(" given).</p>\n");
            return;
        }
        for (Setting s : settings) {
            TaskCorrelations tc = TaskCorrelations.compute(runs, s);
            h.append("<h3>")
                    .append(Html.escape(Fmt.setting(s)))
                    .append(" — Pearson r over ")
                    .append(tc.runs())
                    .append(" runs</h3>\n<table class=\"corr\">\n<thead><tr><th></th>");
            for (Task t : Task.values()) {
                h.append("<th>").append(t.id()).append("</th>");
            }
            h.append("</tr></thead>\n<tbody>\n");
            for (Task a : Task.values()) {
                h.append("<tr><th>").append(a.id()).append("</th>");
                for (Task b : Task.values()) {
                    Double r = tc.matrix()[a.ordinal()][b.ordinal()];
                    if (r == null) {
                        h.append("<td class=\"na\">n/a</td>");
                    } else {
                        h.append("<td style=\"")
                                .append(cellStyle(r))
                                .append("\">")
                                .append(Fmt.r(r))
                                .append("</td>");
                    }
                }
                h.append("</tr>\n");
            }
            h.append("</tbody>\n</table>\n<p class=\"note\">For two tasks, r correlates their accuracies over the runs"
                    + " that have both; n/a: fewer than three such runs, or no variation.</p>\n");
        }
    }

    private static void failedSection(StringBuilder h, List<RunReport> runs, List<Setting> settings) {
        h.append("<h2>Failed samples</h2>\n");
        for (RunReport r : runs) {
            List<String[]> rows = new ArrayList<>();
            for (Setting s : settings) {
                if (r.setting(s) == null) {
                    continue;
                }
                for (PredictionRecord p : r.failedLines(s)) {
                    rows.add(new String[] {Fmt.setting(s), p.task(), p.id(), p.error()});
                }
            }
            h.append("<h3>")
                    .append(Html.escape(r.label()))
                    .append(" — ")
                    .append(rows.size())
                    .append(" failed</h3>\n");
            if (!r.hasPredictions()) {
                h.append("<p>No ").append(PredictionsFile.NAME).append(" next to the summary.</p>\n");
                continue;
            }
            if (rows.isEmpty()) {
                continue;
            }
            h.append("<table class=\"failed\">\n<thead><tr><th>run</th><th>setting</th><th>task</th><th>id</th>"
                    + "<th>error</th></tr></thead>\n<tbody>\n");
            for (int i = 0; i < Math.min(rows.size(), FAILED_ROWS_PER_RUN); i++) {
                String[] row = rows.get(i);
                h.append("<tr><td>")
                        .append(Html.escape(r.label()))
                        .append("</td><td>")
                        .append(Html.escape(row[0]))
                        .append("</td><td>")
                        .append(Html.escape(row[1]))
                        .append("</td><td>")
                        .append(Html.escape(row[2]))
                        .append("</td><td>")
                        .append(Html.escape(row[3]))
                        .append("</td></tr>\n");
            }
            h.append("</tbody>\n</table>\n");
            if (rows.size() > FAILED_ROWS_PER_RUN) {
                h.append("<p class=\"note\">… and ")
                        .append(rows.size() - FAILED_ROWS_PER_RUN)
                        .append(" more failed lines in this run (see ")
                        .append(PredictionsFile.NAME)
                        .append(").</p>\n");
            }
        }
    }

    /** Background blending from white to blue (r &gt; 0) or red (r &lt; 0) by |r|. */
    static String cellStyle(double r) {
        double a = Math.min(1.0, Math.abs(r));
        int[] target = r >= 0 ? new int[] {33, 102, 172} : new int[] {178, 24, 43};
        int red = (int) Math.round(255 + (target[0] - 255) * a);
        int green = (int) Math.round(255 + (target[1] - 255) * a);
        int blue = (int) Math.round(255 + (target[2] - 255) * a);
        return String.format(
                Locale.ROOT, "background-color:rgb(%d,%d,%d);color:%s", red, green, blue, a > 0.6 ? "#fff" : "#222");
    }

    private static String swatch(int run) {
        return "<span class=\"sw c" + (run % COLOURS.length) + "\"></span>";
    }

    private static double clamp(double v) {
        return Double.isNaN(v) ? 0 : Math.max(0, Math.min(1, v));
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static final String CSS = buildCss();

    private static String buildCss() {
        StringBuilder css = new StringBuilder("""
                body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px;color:#222;max-width:1200px}
                h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.8em;border-bottom:1px solid #ddd}h3{font-size:1em}
                table{border-collapse:collapse;margin:8px 0;font-size:.9em}
                th,td{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
                thead th{background:#f4f4f4}
                table.num td{text-align:right}table.num td:first-child{text-align:left}
                tr.total td{font-weight:bold;border-top:2px solid #999}
                tr.signif td{background:#fff6d5}
                td.ref,th.ref,table.ref td{color:#555;font-style:italic}
                table.corr td{text-align:center;min-width:3.2em}td.na{color:#999}
                table.failed td{font-family:ui-monospace,monospace;font-size:.85em;word-break:break-all}
                td.path{font-family:ui-monospace,monospace;font-size:.85em}
                small{color:#666}.note{color:#555;font-size:.85em}
                .legend span{margin-right:14px;white-space:nowrap}
                .sw{display:inline-block;width:11px;height:11px;margin-right:4px;vertical-align:middle;border-radius:2px}
                .tick{display:inline-block;width:0;height:12px;border-left:2px dashed #111;margin-right:6px;vertical-align:middle}
                svg.chart{display:block;margin:8px 0}
                svg text{font-size:11px;fill:#222}svg text.label{text-anchor:end}svg text.bold{font-weight:bold}
                svg text.axis{text-anchor:middle;fill:#777}svg text.value{fill:#333;paint-order:stroke;stroke:#fff;stroke-width:3px}svg text.missing{fill:#999;font-style:italic}
                svg line.grid{stroke:#e4e4e4}svg path.whisker{stroke:#222;stroke-width:1.2;fill:none}
                svg line.ref{stroke:#111;stroke-width:2;stroke-dasharray:3 2}
                """);
        for (int i = 0; i < COLOURS.length; i++) {
            css.append(".c")
                    .append(i)
                    .append("{background:")
                    .append(COLOURS[i])
                    .append(";fill:")
                    .append(COLOURS[i])
                    .append("}\n");
        }
        return css.toString();
    }
}
