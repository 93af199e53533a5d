package org.omnireward.bench.metrics;

import java.util.Locale;
import org.omnireward.core.InvalidInputException;

/** Whether scalar models get one tie threshold per task or one shared by all tasks of a setting. */
public enum TieScope {
    /** Each task chooses its own ε (the paper's protocol; the default). */
    PER_TASK("per_task"),
    /** One ε for all tasks of the setting, chosen to maximise the mean of the per-task accuracies. */
    GLOBAL("global");

    private final String wireName;

    TieScope(String wireName) {
        this.wireName = wireName;
    }

    /** {@code per_task} or {@code global}, as in {@code summary.json}. */
    public String wireName() {
        return wireName;
    }

    /** Parses {@code per_task}, {@code per-task} or {@code global} (any case). */
    public static TieScope parse(String s) {
        if (s != null) {
            String v = s.trim().toLowerCase(Locale.ROOT).replace('-', '_');
            for (TieScope t : values()) {
                if (t.wireName.equals(v)) {
                    return t;
                }
            }
        }
        throw new InvalidInputException("unknown tie scope '" + s + "'; expected per-task or global");
    }

    @Override
    public String toString() {
        return wireName;
    }
}
