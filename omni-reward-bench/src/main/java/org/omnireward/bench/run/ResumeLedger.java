package org.omnireward.bench.run;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.omnireward.bench.results.PredictionRecord;
import org.omnireward.bench.results.Setting;
import org.omnireward.core.Task;

/**
 * Which (task, setting, id) lines a run still has to write: not those an earlier run already wrote
 * (resume), and each at most once even when a benchmark repeats an id. Used by the producer thread
 * only (no locking); also answers the count-first question of how many lines a run will write.
 */
public final class ResumeLedger {

    /** What {@link #claim} decided for one line. */
    public enum Claim {
        /** Not written yet: this run writes it. */
        NEW,
        /** An earlier run wrote it. */
        ALREADY_DONE,
        /** This run has already claimed the same key (a repeated id). */
        DUPLICATE
    }

    private final Set<String> alreadyWritten = new HashSet<>();
    private final Set<String> claimed = new HashSet<>();

    /** A ledger that knows the lines in {@code existing}. */
    public ResumeLedger(List<PredictionRecord> existing) {
        for (PredictionRecord r : existing) {
            String task = Task.lookup(r.task()).map(Task::id).orElse(r.task());
            alreadyWritten.add(key(task, r.setting(), r.id()));
        }
    }

    /** Claims one line for this run. */
    public Claim claim(Task task, Setting setting, String id) {
        String key = key(task.id(), setting.wireName(), id);
        if (!claimed.add(key)) {
            return Claim.DUPLICATE;
        }
        return alreadyWritten.contains(key) ? Claim.ALREADY_DONE : Claim.NEW;
    }

    /** Whether an earlier run wrote this line (without claiming it). */
    public boolean written(Task task, Setting setting, String id) {
        return alreadyWritten.contains(key(task.id(), setting.wireName(), id));
    }

    private static String key(String task, String setting, String id) {
        return task + '\u0000' + setting + '\u0000' + id;
    }
}
