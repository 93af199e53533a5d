package org.omnireward.spark;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.omnireward.core.AbstractPairwiseRewardModel;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.ModelKind;
import org.omnireward.core.ModelOption;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.PairwiseRequest;
import org.omnireward.core.PairwiseRewardModel;
import org.omnireward.core.RetriableException;
import org.omnireward.core.RewardModelProvider;
import org.omnireward.core.Side;
import org.omnireward.core.Verdict;

/**
 * Test-only judge ({@code --model spark-test-judge:NAME}, registered in the test class path's service
 * file): answers response1 after {@code delay_ms}, and with {@code flaky=true} fails the first call of
 * every prompt with a retriable error. Counts calls and the most calls in flight at once per NAME
 * ({@link #stats}), so tests see what reached the model from Spark's tasks in this JVM.
 */
public final class TestJudgeProvider implements RewardModelProvider<PairwiseRewardModel> {

    static final ModelOption<Long> DELAY_MS =
            ModelOption.longInteger("delay_ms", "milliseconds per call").withDefault(0L);
    static final ModelOption<Boolean> FLAKY =
            ModelOption.bool("flaky", "fail each prompt's first call").withDefault(false);

    /** What the judges of one NAME saw. */
    static final class Stats {
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final AtomicInteger created = new AtomicInteger();
        /** The threads that created a judge of this NAME. */
        final Set<String> creators = ConcurrentHashMap.newKeySet();

        final Set<String> failedOnce = ConcurrentHashMap.newKeySet();
    }

    private static final Map<String, Stats> STATS = new ConcurrentHashMap<>();

    /** The counters of the judges named {@code name}. */
    static Stats stats(String name) {
        return STATS.computeIfAbsent(name, n -> new Stats());
    }

    @Override
    public String name() {
        return "spark-test-judge";
    }

    @Override
    public ModelKind<PairwiseRewardModel> kind() {
        return ModelKind.PAIRWISE;
    }

    @Override
    public List<ModelOption<?>> options() {
        return List.of(DELAY_MS, FLAKY);
    }

    @Override
    public PairwiseRewardModel create(ModelSpec spec) {
        if (spec.argument().isBlank()) {
            throw new InvalidInputException("spark-test-judge needs a name: spark-test-judge:NAME");
        }
        Stats stats = stats(spec.argument());
        stats.created.incrementAndGet();
        stats.creators.add(Thread.currentThread().getName());
        long delay = DELAY_MS.get(spec);
        boolean flaky = FLAKY.get(spec);
        return new AbstractPairwiseRewardModel() {
            @Override
            public String name() {
                return "spark-test-judge:" + spec.argument();
            }

            @Override
            protected Verdict doJudge(PairwiseRequest request) {
                stats.calls.incrementAndGet();
                int now = stats.inFlight.incrementAndGet();
                stats.maxInFlight.accumulateAndGet(now, Math::max);
                try {
                    if (delay > 0) {
                        Thread.sleep(delay);
                    }
                    if (flaky && stats.failedOnce.add(request.prompt())) {
                        throw new RetriableException("flaky test judge: first call of this prompt");
                    }
                    return Verdict.of(Side.A);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RetriableException("interrupted");
                } finally {
                    stats.inFlight.decrementAndGet();
                }
            }
        };
    }
}
