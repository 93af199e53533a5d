package org.omnireward.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.omnireward.core.AuthenticationException;
import org.omnireward.core.ModelOutputFailure;
import org.omnireward.core.RetriableException;
import org.omnireward.core.TruncatedOutputException;

/**
 * Calls a model with the retries a {@link RetryPolicy} allows: {@link RetriableException}s
 * (timeouts, 429, 5xx, unparseable output) are retried after a backoff that honours a server's
 * retry-after hint; any other exception ends the call at once as a failed {@link CallOutcome}, except
 * a {@link TruncatedOutputException} when the policy says {@link RetryPolicy#retryTruncated()}. What
 * the model wrote in failed attempts ({@link ModelOutputFailure}s: unparseable, truncated, refused) is
 * kept in the outcome. An {@link AuthenticationException} is thrown, not recorded: every later call
 * would fail the same way.
 */
public final class Retrier {

    private final RetryPolicy policy;
    private final BooleanSupplier aborted;

    /**
     * @param policy attempts and waits
     * @param aborted checked before each wait; when true the call stops with an InterruptedException
     *     (a run being aborted should not sleep through backoffs)
     */
    public Retrier(RetryPolicy policy, BooleanSupplier aborted) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.aborted = Objects.requireNonNull(aborted, "aborted");
    }

    /** A retrier that is never aborted from outside. */
    public Retrier(RetryPolicy policy) {
        this(policy, () -> false);
    }

    /** The policy in use. */
    public RetryPolicy policy() {
        return policy;
    }

    /**
     * Calls {@code call} until it succeeds, fails with a non-retriable error, or runs out of attempts.
     *
     * @throws AuthenticationException when the service refuses the credentials
     * @throws InterruptedException when the thread is interrupted or the retrier aborted while waiting
     */
    public <T> CallOutcome<T> call(Callable<T> call) throws InterruptedException {
        List<String> rawOutputs = new ArrayList<>(0);
        for (int attempt = 1; ; attempt++) {
            long t0 = System.nanoTime();
            try {
                T value = call.call();
                return new CallOutcome<>(value, null, false, attempt, millisSince(t0), rawOutputs);
            } catch (AuthenticationException | InterruptedException e) {
                throw e;
            } catch (Exception e) {
                long latency = millisSince(t0);
                if (e instanceof ModelOutputFailure f && f.rawOutput() != null) {
                    rawOutputs.add(f.rawOutput());
                }
                boolean retriable = e instanceof RetriableException
                        || (e instanceof TruncatedOutputException && policy.retryTruncated());
                if (!retriable) {
                    return new CallOutcome<>(null, e, false, attempt, latency, rawOutputs);
                }
                if (attempt >= policy.maxAttempts()) {
                    return new CallOutcome<>(null, e, true, attempt, latency, rawOutputs);
                }
                if (Thread.currentThread().isInterrupted() || aborted.getAsBoolean()) {
                    throw new InterruptedException("call aborted");
                }
                policy.sleeper().sleep(policy.delayAfter(attempt, e));
            }
        }
    }

    private static long millisSince(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }
}
