package org.omnireward.runtime;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.omnireward.core.RateLimitedException;
import org.omnireward.core.RetriableException;

/**
 * How the runner retries {@link RetriableException}s: up to {@code maxAttempts} calls in all, waiting
 * between them with exponential backoff and full jitter (a uniform wait in {@code [0, min(maxDelay,
 * baseDelay·2^(n−1))]} after the n-th failure), and at least as long as a {@link RateLimitedException}
 * asks. Full jitter spreads the retries of many concurrent calls so they do not hit a recovering
 * server together.
 *
 * @param maxAttempts calls per line in all, at least 1 (1 means no retries)
 * @param baseDelay the backoff ceiling after the first failure
 * @param maxDelay the largest backoff ceiling (a server's retry-after may ask for more and is honoured)
 * @param sleeper how to wait
 * @param jitter uniform numbers in [0, 1)
 * @param retryTruncated whether a {@link org.omnireward.core.TruncatedOutputException} (an answer cut off at the
 *     token limit) is retried like a retriable failure; off by default, since the same request is
 *     likely cut off again (useful with sampling, where another attempt may be shorter)
 */
public record RetryPolicy(
        int maxAttempts,
        Duration baseDelay,
        Duration maxDelay,
        Sleeper sleeper,
        DoubleSupplier jitter,
        boolean retryTruncated) {

    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    public static final Duration DEFAULT_BASE_DELAY = Duration.ofMillis(500);
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(30);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (baseDelay.isNegative() || maxDelay.isNegative()) {
            throw new IllegalArgumentException("delays must not be negative");
        }
        Objects.requireNonNull(sleeper, "sleeper");
        Objects.requireNonNull(jitter, "jitter");
    }

    /** A policy that does not retry truncated answers. */
    public RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Sleeper sleeper, DoubleSupplier jitter) {
        this(maxAttempts, baseDelay, maxDelay, sleeper, jitter, false);
    }

    /** 5 attempts, 500 ms base, 30 s cap, real sleeping, random jitter. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(
                DEFAULT_MAX_ATTEMPTS,
                DEFAULT_BASE_DELAY,
                DEFAULT_MAX_DELAY,
                Sleeper.system(),
                () -> ThreadLocalRandom.current().nextDouble());
    }

    public RetryPolicy withMaxAttempts(int n) {
        return new RetryPolicy(n, baseDelay, maxDelay, sleeper, jitter, retryTruncated);
    }

    public RetryPolicy withSleeper(Sleeper s) {
        return new RetryPolicy(maxAttempts, baseDelay, maxDelay, s, jitter, retryTruncated);
    }

    public RetryPolicy withJitter(DoubleSupplier j) {
        return new RetryPolicy(maxAttempts, baseDelay, maxDelay, sleeper, j, retryTruncated);
    }

    public RetryPolicy withDelays(Duration base, Duration max) {
        return new RetryPolicy(maxAttempts, base, max, sleeper, jitter, retryTruncated);
    }

    /** This policy retrying truncated answers ({@code true}) or not. */
    public RetryPolicy withRetryTruncated(boolean retry) {
        return new RetryPolicy(maxAttempts, baseDelay, maxDelay, sleeper, jitter, retry);
    }

    /** The backoff ceiling after the {@code failedAttempt}-th failure (1-based): base·2^(n−1), capped. */
    public Duration ceiling(int failedAttempt) {
        long base = baseDelay.toMillis();
        long cap = maxDelay.toMillis();
        int shift = Math.max(0, failedAttempt - 1);
        if (shift >= 62 || base > (cap >> Math.min(shift, 62))) {
            return maxDelay;
        }
        return Duration.ofMillis(Math.min(cap, base << shift));
    }

    /** How long to wait after the {@code failedAttempt}-th call failed with {@code error}. */
    public Duration delayAfter(int failedAttempt, Exception error) {
        double u = Math.min(Math.max(jitter.getAsDouble(), 0.0), 1.0);
        Duration wait = Duration.ofMillis((long) (u * ceiling(failedAttempt).toMillis()));
        if (error instanceof RateLimitedException rl
                && rl.retryAfter().isPresent()
                && rl.retryAfter().get().compareTo(wait) > 0) {
            wait = rl.retryAfter().get();
        }
        return wait;
    }
}
