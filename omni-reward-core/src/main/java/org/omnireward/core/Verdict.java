package org.omnireward.core;

import java.util.Objects;

/**
 * What a pairwise reward model decided about one sample.
 *
 * @param preference which response is better (a tie only when ties were allowed)
 * @param rationale the model's analysis, when it wrote one; may be null
 * @param rawOutput the model's full output, for audits; may be null
 * @param usage token usage of the call(s); {@link Usage#UNKNOWN} when not reported
 * @param positionConsistent when the model judged the pair in both orders: whether the two answers
 *     agreed once mapped back (reports count the position-consistency rate from it); null when the
 *     pair was judged in one order only
 * @param finishReason why the model stopped writing, as its server said ({@code stop}, Anthropic's
 *     {@code end_turn}, …; several calls' distinct reasons joined with {@code ,}); null for models
 *     without one
 */
public record Verdict(
        Preference preference,
        String rationale,
        String rawOutput,
        Usage usage,
        Boolean positionConsistent,
        String finishReason) {

    public Verdict {
        Objects.requireNonNull(preference, "preference");
        usage = usage == null ? Usage.UNKNOWN : usage;
    }

    /** A verdict without a finish reason. */
    public Verdict(Preference preference, String rationale, String rawOutput, Usage usage, Boolean positionConsistent) {
        this(preference, rationale, rawOutput, usage, positionConsistent, null);
    }

    /** A verdict from one order of the responses. */
    public Verdict(Preference preference, String rationale, String rawOutput, Usage usage) {
        this(preference, rationale, rawOutput, usage, null, null);
    }

    /** This verdict with another preference (e.g. mapped back after the responses were shown swapped). */
    public Verdict withPreference(Preference p) {
        return new Verdict(p, rationale, rawOutput, usage, positionConsistent, finishReason);
    }

    /** A bare verdict with no rationale or usage, as simple models give. */
    public static Verdict of(Preference preference) {
        return new Verdict(preference, null, null, Usage.UNKNOWN);
    }
}
