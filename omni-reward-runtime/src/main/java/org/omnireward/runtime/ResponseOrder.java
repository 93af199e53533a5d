package org.omnireward.runtime;

import org.omnireward.core.PairwiseRequest;
import org.omnireward.core.PairwiseRewardModel;
import org.omnireward.core.Verdict;
import org.omnireward.core.util.StableHash;

/**
 * Order randomisation for pairwise models: which response a judge sees first is a fair coin derived
 * from (seed, key parts) by {@link StableHash}, so it does not depend on threads or order and a
 * resumed run decides the same way; the verdict is mapped back to the caller's order. Judges favour
 * one position; randomising the position turns that bias into noise instead of a systematic error.
 */
public final class ResponseOrder {

    private ResponseOrder() {}

    /** Whether response2 is shown as A for the item identified by {@code keyParts} (e.g. sample id and setting). */
    public static boolean swapped(long seed, String... keyParts) {
        String[] parts = new String[keyParts.length + 1];
        parts[0] = "swap";
        System.arraycopy(keyParts, 0, parts, 1, keyParts.length);
        return StableHash.bit(seed, parts);
    }

    /**
     * Asks {@code model} about {@code request}, with the responses exchanged when {@code swap}, and
     * returns the verdict in the caller's order (A = the request's response A).
     */
    public static Verdict judge(PairwiseRewardModel model, PairwiseRequest request, boolean swap) {
        Verdict v = model.judge(swap ? request.swapped() : request);
        if (v == null) {
            throw new IllegalStateException("model " + model.name() + " returned no verdict");
        }
        return swap ? v.withPreference(v.preference().swapped()) : v;
    }
}
