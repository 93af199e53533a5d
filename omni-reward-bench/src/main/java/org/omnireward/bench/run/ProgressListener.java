package org.omnireward.bench.run;

import java.io.PrintStream;
import org.omnireward.bench.results.PredictionRecord;

/**
 * Hears how a run progresses. {@link #lineWritten} is called once per line, one call at a time
 * (under the writer's lock), so implementations need no locking of their own but must be quick.
 */
public interface ProgressListener {

    /**
     * The run is about to start sending samples.
     *
     * @param linesToWrite lines this run will write, or -1 when not counted in advance
     * @param alreadyDone lines of the selection that an earlier run already wrote (skipped), or -1 when not counted
     */
    default void started(long linesToWrite, long alreadyDone) {}

    /** A line was appended to {@code predictions.jsonl}. */
    default void lineWritten(PredictionRecord record) {}

    /** Something the user should know that does not stop the run (e.g. a duplicate sample id). */
    default void warning(String message) {}

    /** All lines are written (called before the finisher computes the summary). */
    default void finished(RunResult result) {}

    /** The run stopped with an error or was interrupted; a display ends its status line. */
    default void aborted() {}

    /** A listener that ignores everything. */
    static ProgressListener none() {
        return new ProgressListener() {};
    }

    /**
     * The display for a human ({@link ConsoleRunProgress}): a single redrawn line on an interactive
     * terminal, otherwise a plain line at most every 10 seconds and one at the end.
     */
    static ProgressListener forConsole(PrintStream out) {
        return ConsoleRunProgress.on(out);
    }
}
