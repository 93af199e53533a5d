package org.omnireward.core.util;

/**
 * Progress of long work (a benchmark run, encoding, training, data conversion, mixing, synthesis,
 * indexing), reported by the code that does the work and shown by whoever called it. This is the one
 * progress abstraction of the toolkit: libraries report to it and never draw anything themselves;
 * the command line renders it on a terminal (count, rate, ETA, redrawn in place) or as plain lines in
 * logs and CI; an embedding program passes its own implementation or {@link #none()}.
 *
 * <p>A caller reports from one thread at a time (work spread over threads reports under the lock
 * that counts it), so implementations need no locking of their own, and should be quick. Use
 * try-with-resources: {@link #close()} ends a status line so that what follows a failure starts on a
 * fresh line.
 */
public interface Progress extends AutoCloseable {

    /** Changes the label shown before the counts (e.g. the task being run, the phase). */
    void label(String label);

    /** Restarts the clock the rate and ETA are measured from. */
    default void restartClock() {
        restartClock(0);
    }

    /**
     * Restarts the clock with {@code done} units already done before it (a resumed job, or a first
     * step that included warming up): the rate and ETA count only the units done since.
     */
    void restartClock(long done);

    /**
     * Reports {@code done} of {@code total} units ({@code total < 0}: unknown), with {@code extra}
     * shown after the counts (may be empty). An implementation shows as often as it likes and always
     * when done reaches total.
     */
    void update(long done, long total, String unit, String extra);

    /** Reports the final counts whatever the time since the last report, then ends the status line. */
    void finish(long done, long total, String unit, String extra);

    /** A line for the user on its own (above the status line on a terminal). */
    void message(String message);

    /** Ends a status line so that what follows starts on a fresh line. Safe to call twice. */
    @Override
    void close();

    /** Progress that shows nothing (messages included). */
    static Progress none() {
        return Silent.INSTANCE;
    }

    /** The implementation of {@link #none()}. */
    enum Silent implements Progress {
        INSTANCE;

        @Override
        public void label(String label) {}

        @Override
        public void restartClock(long done) {}

        @Override
        public void update(long done, long total, String unit, String extra) {}

        @Override
        public void finish(long done, long total, String unit, String extra) {}

        @Override
        public void message(String message) {}

        @Override
        public void close() {}
    }
}
