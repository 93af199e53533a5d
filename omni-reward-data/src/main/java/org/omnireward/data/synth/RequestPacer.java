package org.omnireward.data.synth;

/**
 * Spaces requests to at most {@code perSecond} per second across threads (each caller takes the next
 * free slot and sleeps until it). A rate of 0 means no limit. Rate-limit answers from the service
 * itself (429 with Retry-After) are handled by the runtime's {@code Retrier}.
 */
public final class RequestPacer {

    private final long intervalNanos;
    private long next;

    public RequestPacer(double perSecond) {
        if (perSecond < 0 || Double.isNaN(perSecond)) {
            throw new IllegalArgumentException(
                    "requests per second must be 0 (no limit) or positive, got " + perSecond);
        }
        this.intervalNanos = perSecond == 0 ? 0 : (long) (1e9 / perSecond);
    }

    /** Waits for the caller's slot. */
    public void acquire() throws InterruptedException {
        if (intervalNanos == 0) {
            return;
        }
        long slot;
        synchronized (this) {
            long now = System.nanoTime();
            slot = Math.max(now, next);
            next = slot + intervalNanos;
        }
        long wait = slot - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}
