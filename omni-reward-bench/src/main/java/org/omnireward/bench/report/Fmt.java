package org.omnireward.bench.report;

import java.util.Collection;
import java.util.Locale;
import java.util.stream.Collectors;
import org.omnireward.bench.results.Setting;
import org.omnireward.core.Task;

/** Number and name formatting shared by the report renderers. */
final class Fmt {

    /** Shown for a task the model does not support. */
    static final String UNSUPPORTED = "—";
    /** Shown for a value that does not exist (task not evaluated, n = 0, undefined statistic). */
    static final String NA = "n/a";

    private Fmt() {}

    /** A fraction as a percentage with one decimal, e.g. 0.7012 → "70.1"; null → "n/a". */
    static String pct(Double fraction) {
        return fraction == null || fraction.isNaN() ? NA : String.format(Locale.ROOT, "%.1f", fraction * 100);
    }

    /** A value already in percent with two decimals, as published. */
    static String publishedPct(Double percent) {
        return percent == null ? UNSUPPORTED : String.format(Locale.ROOT, "%.2f", percent);
    }

    /** A signed difference of fractions in percentage points, e.g. "+3.2". */
    static String pctPoints(double fractionDiff) {
        return Double.isNaN(fractionDiff) ? NA : String.format(Locale.ROOT, "%+.1f", fractionDiff * 100);
    }

    /** A p-value: four decimals, scientific below 1e-4, "&lt;1e-300" when it underflowed. */
    static String pValue(double p) {
        if (p == 0.0) {
            return "<1e-300";
        }
        if (p < 1e-4) {
            return String.format(Locale.ROOT, "%.2e", p);
        }
        return String.format(Locale.ROOT, "%.4f", p);
    }

    /** A tie threshold ε; null → "none" (no ties predicted). */
    static String threshold(Double eps) {
        return eps == null ? "none" : String.format(Locale.ROOT, "%.4g", eps);
    }

    /** A correlation coefficient with two decimals. */
    static String r(Double r) {
        return r == null ? NA : String.format(Locale.ROOT, "%.2f", r);
    }

    /** "w/o ties" or "w/ ties", as in the paper. */
    static String setting(Setting s) {
        return s == Setting.TIES ? "w/ ties" : "w/o ties";
    }

    /** Task ids separated by spaces, or "none". */
    static String tasks(Collection<Task> tasks) {
        return tasks.isEmpty() ? "none" : tasks.stream().map(Task::id).collect(Collectors.joining(", "));
    }

    /** Shortens text to at most {@code max} characters, marking the cut with "...". */
    static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, Math.max(0, max - 3)) + "...";
    }
}
