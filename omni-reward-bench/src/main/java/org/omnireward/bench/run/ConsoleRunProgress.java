package org.omnireward.bench.run;

import java.io.PrintStream;
import org.omnireward.bench.results.PredictionRecord;
import org.omnireward.core.util.ProgressDisplay;

/**
 * A run's progress for a person, drawn by the shared {@link ProgressDisplay}: lines written of the
 * lines to write, rate, ETA, failures and lines an earlier run already wrote. On a terminal one
 * redrawn line; in logs a plain line at most every 10 seconds and one at the end.
 */
public final class ConsoleRunProgress implements ProgressListener {

    private final ProgressDisplay display;
    private long toWrite = -1;
    private long alreadyDone = -1;
    private long written;
    private long failed;

    public ConsoleRunProgress(ProgressDisplay display) {
        this.display = display;
    }

    /** A display on {@code out} that redraws in place only on an interactive terminal. */
    public static ConsoleRunProgress on(PrintStream out) {
        return new ConsoleRunProgress(new ProgressDisplay(out, ""));
    }

    @Override
    public void started(long linesToWrite, long alreadyDone) {
        this.toWrite = linesToWrite;
        this.alreadyDone = alreadyDone;
        display.restartClock();
        display.message("progress: starting, " + (linesToWrite >= 0 ? linesToWrite + " lines to write" : "counting off")
                + (alreadyDone > 0 ? ", " + alreadyDone + " already done" : ""));
    }

    @Override
    public void lineWritten(PredictionRecord record) {
        written++;
        if (record.failed()) {
            failed++;
        }
        display.label(record.task());
        display.update(written, toWrite, "lines", extra());
    }

    @Override
    public void warning(String message) {
        display.message("warning: " + message);
    }

    @Override
    public void finished(RunResult result) {
        display.finish(written, toWrite, "lines", extra());
    }

    @Override
    public void aborted() {
        display.close();
    }

    private String extra() {
        return failed + " failed" + (alreadyDone > 0 ? "  (" + alreadyDone + " already done)" : "");
    }
}
