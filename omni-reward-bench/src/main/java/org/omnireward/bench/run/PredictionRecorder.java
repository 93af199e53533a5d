package org.omnireward.bench.run;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.omnireward.bench.results.PredictionRecord;
import org.omnireward.core.Task;

/**
 * Records finished lines: appends each to {@code predictions.jsonl} (one write per line), counts it
 * per task and tells the progress listener, one line at a time. Once the run is aborting, lines are
 * no longer written: a rerun writes them.
 */
final class PredictionRecorder {

    private final PredictionWriter writer;
    private final ProgressListener progress;
    private final BooleanSupplier aborting;
    private final Map<Task, Counters> counters = new EnumMap<>(Task.class);
    private final Object lock = new Object();

    PredictionRecorder(PredictionWriter writer, ProgressListener progress, List<Task> tasks, BooleanSupplier aborting) {
        this.writer = writer;
        this.progress = progress;
        this.aborting = aborting;
        for (Task t : tasks) {
            counters.put(t, new Counters());
        }
    }

    /** Appends one line (unless the run is aborting). Thread-safe. */
    void record(Task task, PredictionRecord line) {
        synchronized (lock) {
            if (aborting.getAsBoolean()) {
                return;
            }
            writer.write(line);
            Counters c = counters.get(task);
            c.written++;
            if (line.failed()) {
                c.failed++;
            }
            if (line.invalid()) {
                c.invalid++;
            }
            progress.lineWritten(line);
        }
    }

    /** A line an earlier run already wrote. */
    void alreadyDone(Task task) {
        synchronized (lock) {
            counters.get(task).alreadyDone++;
        }
    }

    /** A line skipped because its id repeats. */
    void duplicate(Task task) {
        synchronized (lock) {
            counters.get(task).duplicates++;
        }
    }

    /** A warning for the user, in turn with the lines. */
    void warn(String message) {
        synchronized (lock) {
            progress.warning(message);
        }
    }

    /** The counts so far. */
    Map<Task, RunResult.TaskCounts> counts() {
        synchronized (lock) {
            Map<Task, RunResult.TaskCounts> out = new EnumMap<>(Task.class);
            counters.forEach((t, c) ->
                    out.put(t, new RunResult.TaskCounts(c.written, c.failed, c.invalid, c.alreadyDone, c.duplicates)));
            return out;
        }
    }

    private static final class Counters {
        long written;
        long failed;
        long invalid;
        long alreadyDone;
        long duplicates;
    }
}
