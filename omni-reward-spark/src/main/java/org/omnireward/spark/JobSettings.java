package org.omnireward.spark;

import java.io.Serializable;
import org.omnireward.runtime.RetryPolicy;

/**
 * What every task of a job needs besides its rows: the model recipe, the response-order seed,
 * the retry policy's attempts and the calls in flight per partition. Serialisable.
 *
 * @param model how executors create the model
 * @param seed seeds which response a judge sees first, per (seed, id, setting) as in {@code bench run}
 * @param maxAttempts calls per line in all (the runtime's retry policy, with its backoff)
 * @param retryTruncated whether judge answers cut off at the token limit are retried
 * @param concurrency model calls in flight per partition (judges: pairs; scalar models: batches)
 */
public record JobSettings(ModelRecipe model, long seed, int maxAttempts, boolean retryTruncated, int concurrency)
        implements Serializable {

    public JobSettings {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max attempts must be at least 1, got " + maxAttempts);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
        }
    }

    /** The runtime's retry policy for these settings. */
    RetryPolicy retryPolicy() {
        return RetryPolicy.defaults().withMaxAttempts(maxAttempts).withRetryTruncated(retryTruncated);
    }
}
