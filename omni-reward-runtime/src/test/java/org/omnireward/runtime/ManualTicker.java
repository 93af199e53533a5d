package org.omnireward.runtime;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link Ticker} that moves only when a test (or a fake model) advances it. Thread-safe. */
public final class ManualTicker implements Ticker {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Override
    public long nanoTime() {
        return now.get();
    }

    /** Moves the time forward by {@code d}. */
    public void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    /** The time {@code d} from now, e.g. a deadline. */
    public long in(Duration d) {
        return now.get() + d.toNanos();
    }
}
