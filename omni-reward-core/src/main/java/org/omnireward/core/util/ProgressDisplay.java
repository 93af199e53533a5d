package org.omnireward.core.util;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The one progress display of every long command (benchmark runs, encoding, training, data
 * conversion): count, rate and ETA.
 *
 * <p>On an interactive terminal it redraws one status line in place (at most five times a second)
 * and prints messages above it; anywhere else (CI, a redirected log) it prints plain lines with no
 * control characters: the first update, then at most one every 10 seconds, and always the last.
 * Whether the stream is a terminal is decided by {@link #interactiveByDefault()}. {@link #close()}
 * ends a drawn line, so output after a failure starts on a fresh line; use try-with-resources.
 *
 * <p>Not thread-safe: callers serialise updates (the benchmark runner calls it under its writer lock).
 */
public final class ProgressDisplay implements AutoCloseable {

    /**
     * System property the {@code omni-reward} launcher sets to {@code true} or {@code false} after
     * testing whether standard error is a terminal ({@code [ -t 2 ]}); Java 17 cannot test that itself.
     */
    public static final String TERMINAL_PROPERTY = "omnireward.terminal";

    /** Least time between two plain lines. */
    public static final long PLAIN_INTERVAL_NANOS = 10_000_000_000L;
    /** Least time measured before a rate and an ETA are shown. */
    public static final long MIN_RATE_NANOS = 500_000_000L;
    /** Least time between two redraws on a terminal. */
    public static final long REDRAW_INTERVAL_NANOS = 200_000_000L;

    private final PrintStream out;
    private final boolean interactive;
    private final LongSupplier nanoClock;
    private String label;
    private long start;
    private long doneBefore;
    private long lastPrint;
    private boolean printedAny;
    private int drawnLength;
    private long finalDone = -1;

    /** A display on {@code out}, interactive when {@link #interactiveByDefault()} says so. */
    public ProgressDisplay(PrintStream out, String label) {
        this(out, label, interactiveByDefault(), System::nanoTime);
    }

    /** A display with the mode and clock given (tests). */
    public ProgressDisplay(PrintStream out, String label, boolean interactive, LongSupplier nanoClock) {
        this.out = out;
        this.label = label == null ? "" : label;
        this.interactive = interactive;
        this.nanoClock = nanoClock;
        this.start = nanoClock.getAsLong();
    }

    /**
     * Whether progress should be redrawn in place: never when the {@code CI} environment variable is
     * set; else what the launcher said in {@value #TERMINAL_PROPERTY}; else whether a console is
     * attached (which is also true when only standard error is redirected, hence the property).
     */
    public static boolean interactiveByDefault() {
        if (System.getenv("CI") != null) {
            return false;
        }
        String said = System.getProperty(TERMINAL_PROPERTY);
        if (said != null) {
            return Boolean.parseBoolean(said.trim());
        }
        return System.console() != null;
    }

    /** Whether this display redraws a line in place. */
    public boolean interactive() {
        return interactive;
    }

    /** Changes the label shown before the counts (e.g. the task being run). */
    public void label(String newLabel) {
        this.label = newLabel == null ? "" : newLabel;
    }

    /** Restarts the clock the rate and ETA are measured from. */
    public void restartClock() {
        this.start = nanoClock.getAsLong();
    }

    /**
     * Restarts the clock with {@code done} units already done before it (a resumed job): the rate
     * and ETA count only the units done since.
     */
    public void restartClock(long done) {
        this.start = nanoClock.getAsLong();
        this.doneBefore = done;
    }

    /**
     * Reports {@code done} of {@code total} units ({@code total < 0}: unknown), with {@code extra}
     * appended (may be empty). Prints only as often as the mode allows, and always when done reaches total.
     */
    public void update(long done, long total, String unit, String extra) {
        print(done, total, unit, extra, false);
    }

    /** Prints the final counts whatever the time since the last line, then ends the line. */
    public void finish(long done, long total, String unit, String extra) {
        print(done, total, unit, extra, true);
        close();
    }

    private void print(long done, long total, String unit, String extra, boolean force) {
        if (force && finalDone == done) {
            return; // the final counts are already on screen
        }
        long now = nanoClock.getAsLong();
        boolean last = force || (total >= 0 && done >= total);
        if (last) {
            finalDone = done;
        }
        long interval = interactive ? REDRAW_INTERVAL_NANOS : PLAIN_INTERVAL_NANOS;
        if (!last && printedAny && now - lastPrint < interval) {
            return;
        }
        lastPrint = now;
        printedAny = true;
        String line = describe(now, done, total, unit, extra);
        if (interactive) {
            draw(line);
            if (last) {
                end();
            }
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Prints {@code message} on a line of its own (above the status line on a terminal). */
    public void message(String message) {
        if (interactive && drawnLength > 0) {
            out.print("\r\u001b[K");
            drawnLength = 0;
            out.println(message);
            lastPrint = Long.MIN_VALUE / 2; // redraw at the next update
        } else {
            out.println(message);
        }
        out.flush();
    }

    /** Ends a drawn status line so that what follows starts on a fresh line. Safe to call twice. */
    @Override
    public void close() {
        end();
        out.flush();
    }

    private void end() {
        if (drawnLength > 0) {
            out.println();
            drawnLength = 0;
        }
    }

    private void draw(String line) {
        out.print("\r" + line + "\u001b[K");
        drawnLength = Math.max(1, line.length());
    }

    private String describe(long now, long done, long total, String unit, String extra) {
        double secs = Math.max(1e-9, (now - start) / 1e9);
        double rate = Math.max(0, done - doneBefore) / secs;
        StringBuilder sb = new StringBuilder();
        if (!label.isEmpty()) {
            sb.append(label).append(' ');
        }
        if (total >= 0) {
            sb.append(String.format(
                    Locale.ROOT, "%,d/%,d %s (%.0f%%)", done, total, unit, total == 0 ? 100.0 : 100.0 * done / total));
        } else {
            sb.append(String.format(Locale.ROOT, "%,d %s", done, unit));
        }
        if (now - start < MIN_RATE_NANOS) {
            // too early for a meaningful rate (work done before the clock started would show millions/s)
            if (extra != null && !extra.isEmpty()) {
                sb.append("  ").append(extra);
            }
            return sb.toString();
        }
        sb.append(String.format(Locale.ROOT, "  %.1f %s/s", rate, unit));
        if (total >= 0 && done < total && rate > 0) {
            sb.append(" ETA ").append(Durations.format((long) Math.ceil((total - done) / rate)));
        }
        if (extra != null && !extra.isEmpty()) {
            sb.append("  ").append(extra);
        }
        return sb.toString();
    }
}
