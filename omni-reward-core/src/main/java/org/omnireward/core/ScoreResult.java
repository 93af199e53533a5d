package org.omnireward.core;

import java.util.Objects;

/**
 * The outcome of scoring one request of a batch: a finite score, or the reason this item could not
 * be scored. A batch reports one result per request so that one bad item neither fails nor forces
 * a re-score of the others.
 *
 * @param score the score when {@link #ok()}; NaN otherwise
 * @param error why the item failed, or null
 */
public record ScoreResult(double score, OmniRewardException error) {

    public ScoreResult {
        if (error == null && !Double.isFinite(score)) {
            throw new IllegalArgumentException("a successful score must be finite, got " + score);
        }
    }

    /** A scored item. */
    public static ScoreResult of(double score) {
        return new ScoreResult(score, null);
    }

    /** An item that could not be scored. */
    public static ScoreResult failed(OmniRewardException error) {
        return new ScoreResult(Double.NaN, Objects.requireNonNull(error, "error"));
    }

    /** Whether the item was scored. */
    public boolean ok() {
        return error == null;
    }

    /** The score, or the item's error thrown. */
    public double orThrow() {
        if (error != null) {
            throw error;
        }
        return score;
    }
}
