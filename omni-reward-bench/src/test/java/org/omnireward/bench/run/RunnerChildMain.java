package org.omnireward.bench.run;

import java.nio.file.Path;
import java.util.EnumSet;
import org.omnireward.bench.testing.TestModels;
import org.omnireward.bench.testing.TestModels.ScriptedPairwise;
import org.omnireward.core.Preference;
import org.omnireward.core.Task;
import org.omnireward.data.benchmark.InMemoryBenchmarkSource;
import org.omnireward.runtime.RetryPolicy;
import org.omnireward.testing.TestSamples;

/**
 * A benchmark run in its own JVM, for {@link RunnerKillRecoveryIT} to kill: {@code RunnerChildMain
 * OUT_DIR SLEEP_MS}. The benchmark and model are fixed and deterministic, so every run of them must
 * end with the same lines.
 */
public final class RunnerChildMain {

    static final long SEED = 17;

    private RunnerChildMain() {}

    /** 160 t2t and 60 ta2t samples plus a few invalid records. */
    static InMemoryBenchmarkSource source() {
        InMemoryBenchmarkSource.Builder b = InMemoryBenchmarkSource.builder().dataDir(Path.of("/data/kill-test"));
        TestSamples.many(Task.T2T, "t", 160).forEach(b::add);
        b.addInvalid("bad-t", Task.T2T, null, "field 'criteria' is missing");
        TestSamples.many(Task.TA2T, "a", 60).forEach(b::add);
        b.addInvalid("bad-a", Task.TA2T, Preference.TIE, "field 'audio' is missing");
        return b.build();
    }

    /** Prefers the longer response; sleeps to make the run last; fails a few samples retriably for good. */
    static ScriptedPairwise model(long sleepMillis) {
        ScriptedPairwise longer = TestModels.prefersLonger();
        return new ScriptedPairwise(
                (s, ties) -> {
                    if (s.id().endsWith("7")) {
                        throw new org.omnireward.core.RetriableException("flaky backend for " + s.id());
                    }
                    return longer.judge(s, ties);
                },
                EnumSet.allOf(Task.class),
                sleepMillis);
    }

    static BenchmarkRunner runner(Path out, long sleepMillis) {
        return BenchmarkRunner.builder()
                .setSource(source())
                .setModel(model(sleepMillis))
                .setOutDir(out)
                .optSeed(SEED)
                .optConcurrency(4)
                .optRetryPolicy(RetryPolicy.defaults().withMaxAttempts(2).withSleeper(d -> {}))
                .build();
    }

    public static void main(String[] args) {
        RunResult r = runner(Path.of(args[0]), Long.parseLong(args[1])).run();
        System.out.println("finished: " + r.written() + " lines");
    }
}
