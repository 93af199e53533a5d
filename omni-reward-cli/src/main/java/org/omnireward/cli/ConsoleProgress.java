package org.omnireward.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.omnireward.bench.run.Durations;

/**
 * Progress of long CLI work (encoding, training): on an interactive terminal one line redrawn in
 * place (at most every 200 ms) with count, rate and ETA; elsewhere (CI, logs) a plain line for the
 * first update, then at most one every 10 s, and always the final one.
 */
final class ConsoleProgress {

    /** Least time between two plain (non-interactive) lines. */
    static final long PLAIN_INTERVAL_NANOS = 10_000_000_000L;
    /** Least time between two redraws on a terminal. */
    static final long INTERACTIVE_INTERVAL_NANOS = 200_000_000L;

    private final PrintStream out;
    private final String label;
    private final boolean interactive;
    private final LongSupplier nanoClock;
    private final long start;
    private long lastPrint;
    private boolean printedAny;
    private boolean drewLine;

    ConsoleProgress(PrintStream out, String label) {
        this(out, label, System.console() != null && System.getenv("CI") == null, System::nanoTime);
    }

    ConsoleProgress(PrintStream out, String label, boolean interactive, LongSupplier nanoClock) {
        this.out = out;
        this.label = label;
        this.interactive = interactive;
        this.nanoClock = nanoClock;
        this.start = nanoClock.getAsLong();
    }

    /** Reports {@code done} of {@code total} units, with {@code extra} appended (may be empty). */
    void update(long done, long total, String unit, String extra) {
        long now = nanoClock.getAsLong();
        boolean last = done >= total;
        long interval = interactive ? INTERACTIVE_INTERVAL_NANOS : PLAIN_INTERVAL_NANOS;
        if (!last && printedAny && now - lastPrint < interval) {
            return;
        }
        lastPrint = now;
        printedAny = true;
        double secs = Math.max(1e-9, (now - start) / 1e9);
        double rate = done / secs;
        String eta = rate > 0 && !last ? " ETA " + Durations.format((long) Math.ceil((total - done) / rate)) : "";
        String line = String.format(Locale.ROOT, "%s %,d/%,d %s (%.0f%%)  %.1f %s/s%s%s", label, done, total, unit,
                total == 0 ? 100.0 : 100.0 * done / total, rate, unit, eta, extra.isEmpty() ? "" : "  " + extra);
        if (interactive) {
            out.print("\r" + line + "\u001b[K");
            drewLine = true;
            if (last) {
                out.println();
                drewLine = false;
            }
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Ends a redrawn line so that other output starts on a fresh line. */
    void breakLine() {
        if (drewLine) {
            out.println();
            drewLine = false;
        }
    }
}
