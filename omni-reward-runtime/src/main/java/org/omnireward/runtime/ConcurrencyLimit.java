package org.omnireward.runtime;

import java.util.concurrent.Semaphore;

/**
 * At most N calls at once (a remote service's parallelism, a model's threads). Acquire a permit with
 * try-with-resources: {@code try (ConcurrencyLimit.Permit p = limit.acquire()) { ... }}.
 */
public final class ConcurrencyLimit {

    private final int limit;
    private final Semaphore permits;

    public ConcurrencyLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("a concurrency limit must be at least 1, got " + limit);
        }
        this.limit = limit;
        this.permits = new Semaphore(limit, true);
    }

    /** The limit. */
    public int limit() {
        return limit;
    }

    /** Calls in progress right now. */
    public int inUse() {
        return limit - permits.availablePermits();
    }

    /** Waits for a permit. */
    public Permit acquire() throws InterruptedException {
        permits.acquire();
        return new Permit();
    }

    /** A held permit; closing it releases it (once). */
    public final class Permit implements AutoCloseable {
        private boolean released;

        private Permit() {}

        @Override
        public void close() {
            if (!released) {
                released = true;
                permits.release();
            }
        }
    }
}
