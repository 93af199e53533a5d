package org.omnireward.bench.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.omnireward.bench.report.Report.AccuracyColumn;
import org.omnireward.bench.results.PredictionsFile;
import org.omnireward.bench.results.Setting;
import org.omnireward.core.Task;

/**
 * The report as Markdown: runs with supported tasks, the accuracy table (n in parentheses, tie
 * thresholds, failed counts), the model calls, the published reference values, the paired tests and,
 * with three or more runs, the task correlation matrices. Text from result files is escaped for table
 * cells ({@link #md}).
 */
final class MarkdownReport {

    private final Report report;
    private final StringBuilder sb = new StringBuilder();

    MarkdownReport(Report report) {
        this.report = report;
    }

    String render() {
        sb.append("# Omni-RewardBench report\n\n");
        runs();
        accuracy();
        calls();
        published();
        pairedTests();
        correlations();
        return sb.toString();
    }

    private void runs() {
        sb.append("## Runs\n\n");
        for (int i = 0; i < report.runs().size(); i++) {
            RunReport r = report.runs().get(i);
            sb.append(i + 1)
                    .append(". **")
                    .append(md(r.label()))
                    .append("** — `")
                    .append(md(r.dir().toString()))
                    .append("`  \n   ")
                    .append(md(Report.supportLine(r)))
                    .append('\n');
        }
    }

    private void accuracy() {
        sb.append("\n## Accuracy (%)\n\n");
        List<AccuracyColumn> columns = report.accuracyColumns();
        if (columns.isEmpty()) {
            sb.append("No results for the selected setting(s).\n");
            return;
        }
        sb.append("| task |");
        columns.forEach(c -> sb.append(' ').append(md(header(c))).append(" |"));
        sb.append("\n|---|");
        columns.forEach(c -> sb.append("---:|"));
        sb.append('\n');
        List<List<String>> cells =
                columns.stream().map(c -> c.cells(ReportText.UNSUPPORTED)).toList();
        List<String> names = new ArrayList<>();
        Arrays.stream(Task.values()).forEach(t -> names.add(t.id()));
        names.addAll(List.of("**Overall**", "Overall strict", "Failed"));
        for (int row = 0; row < names.size(); row++) {
            sb.append("| ").append(names.get(row)).append(" |");
            for (List<String> column : cells) {
                String cell = column.get(row);
                boolean bold = row == Task.values().length && !cell.isEmpty();
                sb.append(' ').append(bold ? "**" + md(cell) + "**" : md(cell)).append(" |");
            }
            sb.append('\n');
        }
        sb.append("\nn in parentheses = samples with a prediction; ")
                .append(ReportText.UNSUPPORTED)
                .append(" = not supported by the model; n/a = not evaluated. Overall = mean of per-task "
                        + "accuracy over the supported tasks; strict counts failed samples as wrong.");
        if (columns.stream().anyMatch(AccuracyColumn::epsilon)) {
            sb.append(" ε = tie threshold (|r1 − r2| ≤ ε predicted as tie; none = no ties).");
        }
        sb.append('\n');
    }

    private static String header(AccuracyColumn c) {
        String setting = ReportText.setting(c.setting());
        return c.epsilon()
                ? "[" + (c.run() + 1) + "] ε " + setting
                : "[" + (c.run() + 1) + "] " + c.label() + " " + setting;
    }

    private void calls() {
        if (report.callRows().isEmpty()) {
            return;
        }
        sb.append("\n## Model calls\n\n|");
        CallsTable.HEADER.forEach(h -> sb.append(' ').append(md(h)).append(" |"));
        sb.append("\n|---|---|")
                .append("---:|".repeat(CallsTable.HEADER.size() - 2))
                .append('\n');
        for (List<String> row : report.callRows()) {
            sb.append('|');
            row.forEach(c -> sb.append(' ').append(md(c)).append(" |"));
            sb.append('\n');
        }
        sb.append('\n').append(md(CallsTable.NOTE)).append('\n');
    }

    private void published() {
        sb.append("\n## Published reference values\n\n")
                .append(md(PublishedResults.SOURCE))
                .append(". ")
                .append(Report.PUBLISHED_CAVEAT)
                .append("\n\n");
        sb.append("| model | w/o ties | w/ ties |");
        Arrays.stream(Task.values()).forEach(t -> sb.append(' ').append(t.id()).append(" (w/ ties) |"));
        sb.append("\n|---|---:|---:|");
        Arrays.stream(Task.values()).forEach(t -> sb.append("---:|"));
        sb.append('\n');
        for (PublishedResults.Entry e : PublishedResults.ALL) {
            sb.append("| ")
                    .append(md(e.model()))
                    .append(e.note() == null ? "" : " (" + md(e.note()) + ")")
                    .append(" | ")
                    .append(ReportText.publishedPct(e.overallNoTies()))
                    .append(" | ")
                    .append(ReportText.publishedPct(e.overallTies()))
                    .append(" |");
            Arrays.stream(Task.values())
                    .forEach(t -> sb.append(' ')
                            .append(ReportText.publishedPct(e.tiesPerTask().get(t)))
                            .append(" |"));
            sb.append('\n');
        }
    }

    private void pairedTests() {
        sb.append("\n## Paired tests\n\n");
        if (report.pairedTests().isEmpty()) {
            sb.append("Needs two or more runs with ")
                    .append(PredictionsFile.NAME)
                    .append(" that share predicted samples.\n");
            return;
        }
        sb.append(md(Report.PAIRED_SAMPLES_NOTE)).append(".\n\n");
        sb.append("| setting | run A | run B | n common | b | c | A − B (pts) | p |\n");
        sb.append("|---|---|---|---:|---:|---:|---:|---:|\n");
        for (PairedComparison p : report.pairedTests()) {
            sb.append("| ")
                    .append(ReportText.setting(p.setting()))
                    .append(" | ")
                    .append(md(p.runA()))
                    .append(" | ")
                    .append(md(p.runB()))
                    .append(" | ")
                    .append(p.nCommon())
                    .append(" | ")
                    .append(p.b())
                    .append(" | ")
                    .append(p.c())
                    .append(" | ")
                    .append(ReportText.pctPoints(p.difference()))
                    .append(" | ")
                    .append(md(ReportText.pValue(p.pValue())))
                    .append(" |\n");
        }
    }

    private void correlations() {
        sb.append("\n## Correlation of accuracy between tasks\n\n");
        if (!report.hasCorrelations()) {
            sb.append("Needs three or more runs.\n");
            return;
        }
        for (Setting s : report.settings()) {
            TaskCorrelations tc = report.correlations().get(s);
            sb.append("### ")
                    .append(ReportText.setting(s))
                    .append(" (Pearson r over ")
                    .append(tc.runs())
                    .append(" runs)\n\n| |");
            Arrays.stream(Task.values())
                    .forEach(t -> sb.append(' ').append(t.id()).append(" |"));
            sb.append("\n|---|");
            Arrays.stream(Task.values()).forEach(t -> sb.append("---:|"));
            sb.append('\n');
            for (Task a : Task.values()) {
                sb.append("| ").append(a.id()).append(" |");
                for (Task b : Task.values()) {
                    sb.append(' ')
                            .append(ReportText.r(tc.matrix()[a.ordinal()][b.ordinal()]))
                            .append(" |");
                }
                sb.append('\n');
            }
            sb.append("\nn/a: fewer than three runs with both tasks, or no variation.\n\n");
        }
    }

    /** Escapes text for a Markdown table cell (also neutralising inline HTML). */
    static String md(String s) {
        StringBuilder out = new StringBuilder();
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '|' -> out.append("\\|");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '\n', '\r' -> out.append(' ');
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
