package org.omnireward.bench.metrics;

import java.util.Locale;
import org.omnireward.core.InvalidInputException;

/**
 * How the tie threshold ε of scalar reward models is chosen in the ties setting (protocol.md, "Evaluation protocol",
 * known quirks of the reference implementation). See {@link TieCalibration} for the exact rules.
 */
public enum TieCalibrationMode {
    /**
     * The definition: ε is swept over "no ties" and every distinct |r1 − r2|, samples with equal
     * |margin| move together, and the best three-way accuracy wins (smallest ε on equal accuracy).
     */
    DEFINITION("definition"),
    /**
     * The reference implementation used for the published numbers: ties assigned one sample at a
     * time in (benchmark order, stably sorted by |margin|), the "no ties" state never scored.
     */
    REFERENCE("reference");

    private final String wireName;

    TieCalibrationMode(String wireName) {
        this.wireName = wireName;
    }

    /** {@code definition} or {@code reference}, as in {@code summary.json} and on the command line. */
    public String wireName() {
        return wireName;
    }

    /** Parses {@code definition} or {@code reference} (any case). */
    public static TieCalibrationMode parse(String s) {
        if (s != null) {
            String v = s.trim().toLowerCase(Locale.ROOT);
            for (TieCalibrationMode m : values()) {
                if (m.wireName.equals(v)) {
                    return m;
                }
            }
        }
        throw new InvalidInputException("unknown tie calibration '" + s + "'; expected definition or reference");
    }

    @Override
    public String toString() {
        return wireName;
    }
}
