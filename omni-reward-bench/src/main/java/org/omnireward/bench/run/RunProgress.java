package org.omnireward.bench.run;

import org.omnireward.bench.results.PredictionRecord;
import org.omnireward.core.util.Progress;

/**
 * A run's progress told to the caller's {@link Progress}: lines written of the lines to write (the
 * label is the task of the last line), failures, lines an earlier run already wrote, and warnings as
 * messages. Called one line at a time, under the recorder's lock.
 */
final class RunProgress {

    private final Progress progress;
    private long toWrite = -1;
    private long alreadyDone = -1;
    private long written;
    private long failed;

    RunProgress(Progress progress) {
        this.progress = progress;
    }

    /**
     * The run is about to start sending samples.
     *
     * @param linesToWrite lines this run will write, or -1 when not counted in advance
     * @param alreadyDone lines of the selection that an earlier run already wrote, or -1 when not counted
     */
    void started(long linesToWrite, long alreadyDone) {
        this.toWrite = linesToWrite;
        this.alreadyDone = alreadyDone;
        progress.restartClock();
        progress.message(
                "progress: starting, " + (linesToWrite >= 0 ? linesToWrite + " lines to write" : "counting off")
                        + (alreadyDone > 0 ? ", " + alreadyDone + " already done" : ""));
    }

    /** A line was appended to {@code predictions.jsonl}. */
    void lineWritten(PredictionRecord record) {
        written++;
        if (record.failed()) {
            failed++;
        }
        progress.label(record.task());
        progress.update(written, toWrite, "lines", extra());
    }

    /** Something the user should know that does not stop the run (e.g. a duplicate sample id). */
    void warning(String message) {
        progress.message("warning: " + message);
    }

    /** All lines are written (before the finisher computes the summary). */
    void finished() {
        progress.finish(written, toWrite, "lines", extra());
    }

    /** The run stopped with an error or was interrupted: the status line ends. */
    void aborted() {
        progress.close();
    }

    private String extra() {
        return failed + " failed" + (alreadyDone > 0 ? "  (" + alreadyDone + " already done)" : "");
    }
}
