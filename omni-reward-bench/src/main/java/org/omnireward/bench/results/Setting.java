package org.omnireward.bench.results;

import java.util.Locale;
import org.omnireward.core.InvalidInputException;

/** The two evaluation settings of Omni-RewardBench (protocol.md, "Evaluation protocol"). */
public enum Setting {
    /** Samples labelled tie are dropped; the model picks response1 or response2. */
    NO_TIES("no_ties"),
    /** All samples; the model may also answer tie. */
    TIES("ties");

    private final String wireName;

    Setting(String wireName) {
        this.wireName = wireName;
    }

    /** {@code no_ties} or {@code ties}, as in result files. */
    public String wireName() {
        return wireName;
    }

    public boolean allowsTies() {
        return this == TIES;
    }

    /** Parses {@code no_ties}/{@code no-ties}/{@code ties}. */
    public static Setting parse(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (Setting x : values()) {
            if (x.wireName.equals(v)) {
                return x;
            }
        }
        throw new InvalidInputException("unknown setting '" + s + "'; expected no_ties or ties");
    }

    @Override
    public String toString() {
        return wireName;
    }
}
