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
    default void started(long linesToWrite, long alreadyDone) {
    }

    /** A line was appended to {@code predictions.jsonl}. */
    default void lineWritten(PredictionRecord record) {
    }

    /** Something the user should know that does not stop the run (e.g. a duplicate sample id). */
    default void warning(String message) {
    }

    /** All lines are written (called before the finisher computes the summary). */
    default void finished(RunResult result) {
    }

    /** A listener that ignores everything. */
    static ProgressListener none() {
        return new ProgressListener() {
        };
    }

    /**
     * The display for a human: a single redrawn line when {@code out} is an interactive terminal
     * (a console is attached and the {@code CI} environment variable is not set), otherwise a plain
     * line at most every 10 seconds and one at the end.
     */
    static ProgressListener forConsole(PrintStream out) {
        boolean interactive = System.console() != null && System.getenv("CI") == null;
        return interactive ? new TerminalProgress(out, System::nanoTime) : new PlainProgress(out, System::nanoTime);
    }
}
