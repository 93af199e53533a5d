package org.omnireward.runtime.decorate;

import java.time.Duration;
import org.omnireward.core.PairwiseRewardModel;
import org.omnireward.core.RewardModel;
import org.omnireward.core.ScalarRewardModel;

/**
 * The place where cross-cutting behaviour is put around any model, the same way for every backend:
 * a cache of answers, usage accounting, micro-batching. Each returns a model of the same kind that
 * closes the one it wraps.
 */
public final class Decorators {

    private Decorators() {}

    /** {@code model} with a bounded in-memory cache of answers keyed by request content. */
    public static RewardModel cached(RewardModel model, int capacity) {
        if (model instanceof ScalarRewardModel s) {
            return new CachingScalarRewardModel(s, capacity);
        }
        if (model instanceof PairwiseRewardModel p) {
            return new CachingPairwiseRewardModel(p, capacity);
        }
        throw new IllegalArgumentException("model " + model.name() + " is neither pairwise nor scalar");
    }

    /** {@code judge} with its token usage and failures added to {@code meter}. */
    public static PairwiseRewardModel metered(PairwiseRewardModel judge, UsageMeter meter) {
        return new MeteredPairwiseRewardModel(judge, meter);
    }

    /** {@code model} with concurrent callers' requests merged into batches (see {@link MicroBatchingScalarRewardModel}). */
    public static MicroBatchingScalarRewardModel microBatched(
            ScalarRewardModel model, int maxBatch, Duration maxWait, int queueCapacity) {
        return new MicroBatchingScalarRewardModel(model, maxBatch, maxWait, queueCapacity, 1);
    }
}
