package org.omnireward.runtime.decorate;

import java.time.Duration;
import org.omnireward.core.PairwiseRewardModel;
import org.omnireward.core.ScalarRewardModel;

/**
 * The place where cross-cutting behaviour is put around any model, the same way for every backend:
 * a cache of answers, usage accounting, micro-batching. Each returns a model of the same kind that
 * closes the one it wraps.
 */
public final class Decorators {

    private Decorators() {}

    /** {@code model} with a bounded in-memory cache of scores keyed by request content. */
    public static ScalarRewardModel cached(ScalarRewardModel model, int capacity) {
        return new CachingScalarRewardModel(model, capacity);
    }

    /** {@code judge} with a bounded in-memory cache of verdicts keyed by request content. */
    public static PairwiseRewardModel cached(PairwiseRewardModel judge, int capacity) {
        return new CachingPairwiseRewardModel(judge, capacity);
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
