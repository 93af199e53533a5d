package org.omnireward.bench.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.omnireward.bench.report.Report.AccuracyColumn;
import org.omnireward.core.Task;

/**
 * The report as plain-text tables for a terminal: the runs with their supported tasks, accuracy per
 * task (rows) and run × setting (columns) wrapped into several tables when wider than the terminal,
 * the model calls, and the paired tests. With {@code asciiOnly} it writes "-" for an unsupported task
 * and "eps" for ε, for consoles that cannot show them.
 */
final class TerminalReport {

    private static final int HEADER_LABEL_MAX = 24;

    private final Report report;
    private final int maxWidth;
    private final String unsupported;
    private final String epsilon;

    TerminalReport(Report report, int maxWidth, boolean asciiOnly) {
        this.report = report;
        this.maxWidth = maxWidth;
        this.unsupported = asciiOnly ? "-" : ReportText.UNSUPPORTED;
        this.epsilon = asciiOnly ? "eps" : "ε";
    }

    /** One column as the terminal shows it. */
    private record Column(AccuracyColumn source, String header1, String header2, List<String> cells) {
        int width() {
            int w = Math.max(header1.length(), header2.length());
            for (String c : cells) {
                w = Math.max(w, c.length());
            }
            return w;
        }
    }

    String render() {
        StringBuilder sb = new StringBuilder();
        runs(sb);
        List<Column> columns =
                report.accuracyColumns().stream().map(this::column).toList();
        if (columns.isEmpty()) {
            sb.append("No results for the selected setting(s).\n");
            return sb.toString();
        }
        List<String> firstColumn = new ArrayList<>();
        Arrays.stream(Task.values()).forEach(t -> firstColumn.add(t.id()));
        firstColumn.addAll(AccuracyColumn.TOTAL_ROWS);
        int firstWidth = Math.max(
                "task".length(),
                firstColumn.stream().mapToInt(String::length).max().orElse(0));
        for (List<Column> chunk : chunks(columns, firstWidth)) {
            sb.append(accuracyTable(chunk, firstColumn));
        }
        legend(sb, columns.stream().anyMatch(c -> c.source().epsilon()));
        calls(sb);
        pairedTests(sb);
        return sb.toString();
    }

    private void runs(StringBuilder sb) {
        sb.append("Runs:\n");
        for (int i = 0; i < report.runs().size(); i++) {
            RunReport r = report.runs().get(i);
            sb.append("  [")
                    .append(i + 1)
                    .append("] ")
                    .append(r.label())
                    .append("  ")
                    .append(r.dir())
                    .append('\n');
            sb.append("      ").append(Report.supportLine(r)).append('\n');
        }
        sb.append('\n');
    }

    private Column column(AccuracyColumn c) {
        String number = "[" + (c.run() + 1) + "]";
        return c.epsilon()
                ? new Column(c, number, epsilon + " " + ReportText.setting(c.setting()), c.cells(unsupported))
                : new Column(
                        c,
                        number + " " + ReportText.clip(c.label(), HEADER_LABEL_MAX),
                        ReportText.setting(c.setting()),
                        c.cells(unsupported));
    }

    /** The columns split into tables no wider than the terminal; an ε column stays with its accuracy column. */
    private List<List<Column>> chunks(List<Column> columns, int firstWidth) {
        List<List<Column>> chunks = new ArrayList<>();
        List<Column> current = new ArrayList<>();
        int used = TextTable.renderedWidth(new int[] {firstWidth});
        for (int k = 0; k < columns.size(); k++) {
            Column c = columns.get(k);
            int unit = c.width() + 3;
            if (k + 1 < columns.size() && columns.get(k + 1).source().epsilon()) {
                unit += columns.get(k + 1).width() + 3;
            }
            if (!c.source().epsilon() && !current.isEmpty() && used + unit > maxWidth) {
                chunks.add(current);
                current = new ArrayList<>();
                used = TextTable.renderedWidth(new int[] {firstWidth});
            }
            current.add(c);
            used += c.width() + 3;
        }
        chunks.add(current);
        return chunks;
    }

    private static String accuracyTable(List<Column> chunk, List<String> firstColumn) {
        TextTable t = new TextTable();
        List<String> h1 = new ArrayList<>(List.of("task"));
        List<String> h2 = new ArrayList<>(List.of(""));
        chunk.forEach(c -> {
            h1.add(c.header1());
            h2.add(c.header2());
        });
        t.addHeader(h1);
        t.addHeader(h2);
        for (int row = 0; row < firstColumn.size(); row++) {
            if (row == Task.values().length) {
                t.addSeparator();
            }
            List<String> cells = new ArrayList<>(List.of(firstColumn.get(row)));
            for (Column c : chunk) {
                cells.add(c.cells().get(row));
            }
            t.addRow(cells);
        }
        return t.render();
    }

    private void legend(StringBuilder sb, boolean withEpsilon) {
        sb.append("Accuracy in % (n = samples with a prediction); ")
                .append(unsupported)
                .append(" = task not supported by the model; n/a = not evaluated.\n");
        sb.append("Overall = mean of per-task accuracy over the supported tasks; strict counts failed samples"
                + " as wrong.\n");
        if (withEpsilon) {
            sb.append(epsilon)
                    .append(" = tie threshold of a scalar model (|r1 - r2| <= ")
                    .append(epsilon)
                    .append(" predicted as tie; none = no ties).\n");
        }
    }

    private void calls(StringBuilder sb) {
        if (report.callRows().isEmpty()) {
            return;
        }
        sb.append('\n').append("Model calls:\n");
        TextTable t = new TextTable();
        t.addHeader(CallsTable.HEADER);
        report.callRows().forEach(t::addRow);
        sb.append(t.render()).append(CallsTable.NOTE).append('\n');
    }

    private void pairedTests(StringBuilder sb) {
        if (report.pairedTests().isEmpty()) {
            return;
        }
        sb.append('\n')
                .append("Paired tests (")
                .append(Report.PAIRED_SAMPLES_NOTE)
                .append("):\n");
        TextTable t = new TextTable();
        t.addHeader(List.of("setting", "run A", "run B", "n common", "b", "c", "A - B (pts)", "p"));
        for (PairedComparison p : report.pairedTests()) {
            t.addRow(List.of(
                    ReportText.setting(p.setting()),
                    "[" + report.number(p.runA()) + "]",
                    "[" + report.number(p.runB()) + "]",
                    Integer.toString(p.nCommon()),
                    Integer.toString(p.b()),
                    Integer.toString(p.c()),
                    ReportText.pctPoints(p.difference()),
                    ReportText.pValue(p.pValue())));
        }
        sb.append(t.render());
    }
}
