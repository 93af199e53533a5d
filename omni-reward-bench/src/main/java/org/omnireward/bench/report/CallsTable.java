package org.omnireward.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.omnireward.bench.metrics.CallStats;
import org.omnireward.bench.metrics.Summary;
import org.omnireward.bench.results.Setting;

/**
 * The "model calls" part of every report: per run and setting, failures (unparseable, truncated
 * and refused answers apart, the rest by kind), the position-consistency rate of judges that judged both orders, the
 * accuracy on consistent and inconsistent pairs (no_ties), tokens and cost. One table model for the
 * terminal, Markdown and HTML renderers; rows only for run × setting pairs whose summary has a
 * {@code calls} object.
 */
public final class CallsTable {

    /** Column headers, in order. */
    public static final List<String> HEADER = List.of(
            "run",
            "setting",
            "failed",
            "unparseable",
            "truncated",
            "refused",
            "other failures",
            "swap-consistent",
            "acc. consistent",
            "acc. inconsistent",
            "input tokens",
            "output tokens",
            "cost (USD)");

    /** What the columns mean, for a note under the table. */
    public static final String NOTE = "failed = lines without a prediction; unparseable = the model answered but no "
            + "verdict could be read (after every attempt); truncated = the answer was cut off at the token limit; refused = "
            + "the model declined (a refusal or a content filter); swap-consistent = pairs judged in both orders whose answers "
            + "agreed (swap=true); acc. consistent / inconsistent = accuracy (w/o ties) over those pairs / the others; "
            + "tokens as reported by the model (cache hits count none); cost from the run's --price-input/--price-output.";

    private CallsTable() {}

    /** The rows (cells as text, in {@link #HEADER} order) of the runs' settings that have call details. */
    public static List<List<String>> rows(List<RunReport> runs, List<Setting> settings) {
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            for (Setting s : settings) {
                Summary.SettingSummary sum = runs.get(i).setting(s);
                if (sum == null || sum.calls() == null) {
                    continue;
                }
                CallStats c = sum.calls();
                rows.add(List.of(
                        "[" + (i + 1) + "] " + runs.get(i).label(),
                        Fmt.setting(s),
                        Integer.toString(c.failed()),
                        Integer.toString(c.unparseable()),
                        Integer.toString(c.truncated()),
                        Integer.toString(c.refused()),
                        otherFailures(c),
                        consistency(c),
                        Fmt.pct(c.accuracyConsistent()),
                        Fmt.pct(c.accuracyInconsistent()),
                        tokens(c.inputTokens(), c),
                        tokens(c.outputTokens(), c),
                        usd(c.costUsd())));
            }
        }
        return rows;
    }

    /**
     * One line for a terminal, e.g. {@code 4 failed (2 unparseable, 1 truncated, 1 transient); finish reasons 156
     * stop, 1 length; swap-consistent 87.5% (140 of 160); tokens 120,400 in / 9,310 out; cost $0.41}.
     */
    public static String line(CallStats c) {
        List<String> parts = new ArrayList<>();
        String other = otherFailures(c);
        parts.add(c.failed() + " failed"
                + (c.failed() == 0
                        ? ""
                        : " (" + c.unparseable() + " unparseable"
                                + (c.truncated() == 0 ? "" : ", " + c.truncated() + " truncated")
                                + (c.refused() == 0 ? "" : ", " + c.refused() + " refused")
                                + (other.equals("0") ? "" : ", " + other) + ")"));
        if (!c.finishReasons().isEmpty()) {
            parts.add("finish reasons "
                    + c.finishReasons().entrySet().stream()
                            .map(e -> String.format(Locale.ROOT, "%,d %s", e.getValue(), e.getKey()))
                            .collect(Collectors.joining(", ")));
        }
        if (c.swapJudged() > 0) {
            parts.add("swap-consistent " + consistency(c));
        }
        if (c.linesWithUsage() > 0) {
            parts.add("tokens " + tokens(c.inputTokens(), c) + " in / " + tokens(c.outputTokens(), c) + " out");
        }
        if (c.costUsd() != null) {
            parts.add("cost " + usd(c.costUsd()));
        }
        return String.join("; ", parts);
    }

    private static String otherFailures(CallStats c) {
        String kinds = c.errorsByKind().entrySet().stream()
                .filter(e -> !List.of("unparseable", "truncated", "refused").contains(e.getKey()))
                .map(e -> e.getValue() + " " + e.getKey().replace('_', ' '))
                .collect(Collectors.joining(", "));
        return kinds.isEmpty() ? "0" : kinds;
    }

    private static String consistency(CallStats c) {
        return c.swapJudged() == 0
                ? Fmt.NA
                : Fmt.pct(c.consistencyRate()) + "% (" + c.swapConsistent() + " of " + c.swapJudged() + ")";
    }

    private static String tokens(long n, CallStats c) {
        return c.linesWithUsage() == 0 ? Fmt.NA : String.format(Locale.ROOT, "%,d", n);
    }

    private static String usd(Double v) {
        if (v == null) {
            return Fmt.NA;
        }
        return String.format(Locale.ROOT, v < 1 ? "$%.4f" : "$%,.2f", v);
    }
}
