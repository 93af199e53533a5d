package org.omnireward.core;

/**
 * One of the two responses of a {@link PairwiseRequest}: {@link #A}, shown first, or {@link #B},
 * shown second. A pairwise model's {@link Verdict} names the better side (or a tie); which response
 * of a benchmark sample stands on which side is the caller's choice (the runner randomises it), so
 * sides are never confused with a sample's {@link Preference} (response1, response2, tie).
 */
public enum Side {
    /** The response shown first. */
    A,
    /** The response shown second. */
    B;

    /** The other side. */
    public Side other() {
        return this == A ? B : A;
    }
}
