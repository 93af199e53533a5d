package org.omnireward.core;

import java.util.Objects;

/**
 * What a pairwise reward model decided about one sample.
 *
 * @param preference which response is better (a tie only when ties were allowed)
 * @param rationale the model's analysis, when it wrote one; may be null
 * @param rawOutput the model's full output, for audits; may be null
 * @param usage token usage of the call(s); {@link Usage#UNKNOWN} when not reported
 */
public record Verdict(Preference preference, String rationale, String rawOutput, Usage usage) {

    public Verdict {
        Objects.requireNonNull(preference, "preference");
        usage = usage == null ? Usage.UNKNOWN : usage;
    }

    /** This verdict with another preference (e.g. mapped back after the responses were shown swapped). */
    public Verdict withPreference(Preference p) {
        return new Verdict(p, rationale, rawOutput, usage);
    }

    /** A bare verdict with no rationale or usage, as simple models give. */
    public static Verdict of(Preference preference) {
        return new Verdict(preference, null, null, Usage.UNKNOWN);
    }
}
