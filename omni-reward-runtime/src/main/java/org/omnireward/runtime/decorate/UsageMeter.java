package org.omnireward.runtime.decorate;

import java.util.concurrent.atomic.AtomicLong;
import org.omnireward.core.Usage;

/**
 * Running totals of what calls to a model cost: calls, failures, input and output tokens (as the
 * model reported them; calls that report none add nothing). Thread-safe.
 */
public final class UsageMeter {

    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong inputTokens = new AtomicLong();
    private final AtomicLong outputTokens = new AtomicLong();

    /** Records one successful call. */
    public void record(Usage usage) {
        calls.incrementAndGet();
        if (usage != null) {
            inputTokens.addAndGet(Math.max(0, usage.inputTokens()));
            outputTokens.addAndGet(Math.max(0, usage.outputTokens()));
        }
    }

    /** Records one failed call. */
    public void recordFailure() {
        calls.incrementAndGet();
        failures.incrementAndGet();
    }

    public long calls() {
        return calls.get();
    }

    public long failures() {
        return failures.get();
    }

    /** The token totals so far. */
    public Usage total() {
        return new Usage(inputTokens.get(), outputTokens.get());
    }
}
