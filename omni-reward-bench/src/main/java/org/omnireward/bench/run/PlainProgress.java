package org.omnireward.bench.run;

import java.io.PrintStream;
import java.util.function.LongSupplier;
import org.omnireward.bench.results.PredictionRecord;

/**
 * Progress for logs and CI: a plain line at most every 10 seconds while lines are being written,
 * and one at the end. No control characters, so log files stay readable.
 */
public final class PlainProgress extends ProgressStats {

    /** Minimum time between two progress lines. */
    public static final long INTERVAL_NANOS = 10_000_000_000L;

    private final PrintStream out;
    private long lastPrint;

    public PlainProgress(PrintStream out, LongSupplier nanoClock) {
        super(nanoClock);
        this.out = out;
        this.lastPrint = nanoClock.getAsLong();
    }

    @Override
    public void started(long linesToWrite, long alreadyDone) {
        super.started(linesToWrite, alreadyDone);
        lastPrint = nanoClock.getAsLong();
        out.println("progress: starting, " + (linesToWrite >= 0 ? linesToWrite + " lines to write" : "counting off")
                + (alreadyDone > 0 ? ", " + alreadyDone + " already done" : ""));
        out.flush();
    }

    @Override
    public void lineWritten(PredictionRecord record) {
        super.lineWritten(record);
        long now = nanoClock.getAsLong();
        if (now - lastPrint >= INTERVAL_NANOS) {
            print();
            lastPrint = now;
        }
    }

    @Override
    public void warning(String message) {
        out.println("warning: " + message);
        out.flush();
    }

    @Override
    public void finished(RunResult result) {
        print();
    }

    private void print() {
        out.println("progress: " + describe());
        out.flush();
    }
}
