package org.omnireward.runtime;

/**
 * Monotonic time in nanoseconds, injected where code measures or bounds time (the micro-batcher's
 * deadlines and batch-cost estimates, the benchmark runner's progress) so that a test can drive the
 * time itself instead of sleeping and asserting on the wall clock. {@link #system()} in production.
 */
@FunctionalInterface
public interface Ticker {

    /** The current time in nanoseconds, from an arbitrary origin; only differences mean anything. */
    long nanoTime();

    /** {@link System#nanoTime()}. */
    static Ticker system() {
        return System::nanoTime;
    }
}
