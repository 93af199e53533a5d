package org.omnireward.testing;

import java.util.ArrayList;
import java.util.List;
import org.omnireward.core.util.Progress;

/** A {@link Progress} that records every call, for tests of code that reports progress. Thread-safe. */
public final class RecordingProgress implements Progress {

    /**
     * One {@link #update} or {@link #finish} call.
     *
     * @param label the label at the time of the call
     * @param last whether it was {@link #finish}
     */
    public record Report(String label, long done, long total, String unit, String extra, boolean last) {}

    private final List<Report> reports = new ArrayList<>();
    private final List<String> messages = new ArrayList<>();
    private final List<Long> restarts = new ArrayList<>();
    private String label = "";
    private int closes;

    @Override
    public synchronized void label(String newLabel) {
        this.label = newLabel;
    }

    @Override
    public synchronized void restartClock(long done) {
        restarts.add(done);
    }

    @Override
    public synchronized void update(long done, long total, String unit, String extra) {
        reports.add(new Report(label, done, total, unit, extra, false));
    }

    @Override
    public synchronized void finish(long done, long total, String unit, String extra) {
        reports.add(new Report(label, done, total, unit, extra, true));
        closes++;
    }

    @Override
    public synchronized void message(String message) {
        messages.add(message);
    }

    @Override
    public synchronized void close() {
        closes++;
    }

    /** Every update and finish, in order. */
    public synchronized List<Report> reports() {
        return List.copyOf(reports);
    }

    /** The last update or finish. */
    public synchronized Report last() {
        if (reports.isEmpty()) {
            throw new AssertionError("nothing was reported");
        }
        return reports.get(reports.size() - 1);
    }

    /** Every message, in order. */
    public synchronized List<String> messages() {
        return List.copyOf(messages);
    }

    /** The units already done at each restart of the clock, in order. */
    public synchronized List<Long> restarts() {
        return List.copyOf(restarts);
    }

    /** Calls of {@link #close()} and {@link #finish}. */
    public synchronized int closes() {
        return closes;
    }
}
