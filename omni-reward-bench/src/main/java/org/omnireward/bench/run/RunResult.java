package org.omnireward.bench.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.omnireward.core.Task;
import org.omnireward.runtime.endpoint.ReplicaStats;

/**
 * What a run did: per task, how many lines it wrote, how many of those failed or came from invalid
 * records, how many were already in {@code predictions.jsonl} from an earlier run, and which tasks
 * were skipped because the model does not support them.
 *
 * @param outDir the run directory
 * @param predictionsFile the {@code predictions.jsonl} written to
 * @param tasks counts per task that ran, in task order
 * @param unsupported selected tasks the model does not support (never sent to it)
 * @param elapsed wall time of the run
 * @param replicas how a model served by several replicas used each during this run (requests, failures,
 *     ejections); empty for other models
 */
public record RunResult(
        Path outDir,
        Path predictionsFile,
        Map<Task, TaskCounts> tasks,
        List<Task> unsupported,
        Duration elapsed,
        List<ReplicaStats> replicas) {

    public RunResult {
        EnumMap<Task, TaskCounts> copy = new EnumMap<>(Task.class);
        copy.putAll(tasks);
        tasks = Collections.unmodifiableMap(copy);
        unsupported = List.copyOf(unsupported);
        replicas = replicas == null ? List.of() : List.copyOf(replicas);
    }

    /** A result without replica counts. */
    public RunResult(
            Path outDir, Path predictionsFile, Map<Task, TaskCounts> tasks, List<Task> unsupported, Duration elapsed) {
        this(outDir, predictionsFile, tasks, unsupported, elapsed, List.of());
    }

    /**
     * Counts of one task, in lines (one line per sample and setting).
     *
     * @param written lines written by this run (failed and invalid included)
     * @param failed written lines without a prediction (invalid records included)
     * @param invalid written lines for invalid records
     * @param alreadyDone lines skipped because an earlier run had written them
     * @param duplicates lines not written because the same sample id appeared earlier in the task
     */
    public record TaskCounts(long written, long failed, long invalid, long alreadyDone, long duplicates) {

        /** Written lines that got a prediction. */
        public long predicted() {
            return written - failed;
        }
    }

    public long written() {
        return sum(TaskCounts::written);
    }

    public long failed() {
        return sum(TaskCounts::failed);
    }

    public long invalid() {
        return sum(TaskCounts::invalid);
    }

    public long alreadyDone() {
        return sum(TaskCounts::alreadyDone);
    }

    public long duplicates() {
        return sum(TaskCounts::duplicates);
    }

    private long sum(ToLongFunction<TaskCounts> f) {
        return tasks.values().stream().mapToLong(f).sum();
    }
}
