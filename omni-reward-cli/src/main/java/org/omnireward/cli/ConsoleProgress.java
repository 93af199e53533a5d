package org.omnireward.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of long CLI work (encoding, training): on an interactive terminal one line redrawn in
 * place with count, rate and ETA; elsewhere (CI, logs) a plain line at most every 10 s and at the end.
 */
final class ConsoleProgress {

    private final PrintStream out;
    private final String label;
    private final boolean interactive;
    private final long start = System.nanoTime();
    private long lastPrint;
    private boolean drewLine;

    ConsoleProgress(PrintStream out, String label) {
        this(out, label, System.console() != null && System.getenv("CI") == null);
    }

    ConsoleProgress(PrintStream out, String label, boolean interactive) {
        this.out = out;
        this.label = label;
        this.interactive = interactive;
    }

    /** Reports {@code done} of {@code total} units, with {@code extra} appended (may be empty). */
    void update(long done, long total, String unit, String extra) {
        long now = System.nanoTime();
        boolean last = done >= total;
        long interval = interactive ? 200_000_000L : 10_000_000_000L;
        if (!last && now - lastPrint < interval) {
            return;
        }
        lastPrint = now;
        double secs = Math.max(1e-9, (now - start) / 1e9);
        double rate = done / secs;
        String eta = rate > 0 && !last ? " ETA " + duration((long) ((total - done) / rate)) : "";
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

    static String duration(long seconds) {
        return seconds >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, (seconds % 3600) / 60)
                : seconds >= 60 ? String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60) : seconds + "s";
    }
}
