package org.omnireward.scalar.bt;

import java.util.Objects;

/**
 * One pre-computed training pair: the feature vectors of the chosen and the rejected response.
 *
 * @param group the split group (must not cross train/valid)
 * @param chosen features of the preferred response
 * @param rejected features of the other response
 * @param tie true when neither is preferred (skipped in training)
 */
public record FeaturePair(String group, float[] chosen, float[] rejected, boolean tie) {

    public FeaturePair {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(chosen, "chosen");
        Objects.requireNonNull(rejected, "rejected");
        if (chosen.length != rejected.length) {
            throw new IllegalArgumentException(
                    "chosen has " + chosen.length + " features but rejected has " + rejected.length);
        }
    }

    /** A non-tie pair. */
    public static FeaturePair of(String group, float[] chosen, float[] rejected) {
        return new FeaturePair(group, chosen, rejected, false);
    }
}
