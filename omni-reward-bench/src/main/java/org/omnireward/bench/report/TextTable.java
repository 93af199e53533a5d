package org.omnireward.bench.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table with ASCII borders: the first column is left-aligned, the others right-aligned;
 * header rows are separated from the body, and {@link #addSeparator()} draws a rule between rows.
 */
final class TextTable {

    private final List<List<String>> headers = new ArrayList<>();
    private final List<List<String>> rows = new ArrayList<>(); // null = separator

    void addHeader(List<String> cells) {
        headers.add(cells);
    }

    void addRow(List<String> cells) {
        rows.add(cells);
    }

    void addSeparator() {
        rows.add(null);
    }

    /** Width of each column in characters. */
    int[] widths() {
        int cols = headers.isEmpty()
                ? rows.stream()
                        .filter(r -> r != null)
                        .findFirst()
                        .map(List::size)
                        .orElse(0)
                : headers.get(0).size();
        int[] w = new int[cols];
        for (List<List<String>> part : List.of(headers, rows)) {
            for (List<String> r : part) {
                if (r == null) {
                    continue;
                }
                for (int i = 0; i < cols; i++) {
                    w[i] = Math.max(w[i], r.get(i).length());
                }
            }
        }
        return w;
    }

    String render() {
        int[] w = widths();
        StringBuilder sb = new StringBuilder();
        rule(sb, w);
        for (List<String> h : headers) {
            line(sb, w, h);
        }
        if (!headers.isEmpty()) {
            rule(sb, w);
        }
        for (List<String> r : rows) {
            if (r == null) {
                rule(sb, w);
            } else {
                line(sb, w, r);
            }
        }
        rule(sb, w);
        return sb.toString();
    }

    private static void rule(StringBuilder sb, int[] w) {
        sb.append('+');
        for (int x : w) {
            sb.append("-".repeat(x + 2)).append('+');
        }
        sb.append('\n');
    }

    private static void line(StringBuilder sb, int[] w, List<String> cells) {
        sb.append('|');
        for (int i = 0; i < w.length; i++) {
            String c = cells.get(i);
            String pad = " ".repeat(w[i] - c.length());
            sb.append(' ').append(i == 0 ? c + pad : pad + c).append(" |");
        }
        sb.append('\n');
    }

    /** Total rendered width of columns with the given widths. */
    static int renderedWidth(int[] w) {
        int total = 1;
        for (int x : w) {
            total += x + 3;
        }
        return total;
    }
}
