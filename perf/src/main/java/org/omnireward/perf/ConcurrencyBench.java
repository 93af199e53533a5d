package org.omnireward.perf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.omnireward.bench.results.Setting;
import org.omnireward.bench.run.BenchmarkRunner;
import org.omnireward.bench.run.ProgressListener;
import org.omnireward.bench.run.RunResult;
import org.omnireward.core.AbstractPairwiseRewardModel;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.Preference;
import org.omnireward.core.PreferenceSample;
import org.omnireward.core.Verdict;
import org.omnireward.data.benchmark.InMemoryBenchmarkSource;

/**
 * Concurrency: a pairwise model that sleeps a fixed time per call (like a remote judge) at a given
 * concurrency. The ideal rate is concurrency / sleep; the figure is the achieved fraction of it.
 */
final class ConcurrencyBench {

    private ConcurrencyBench() {}

    static void main(String[] args) throws Exception {
        int calls = Integer.parseInt(PerfBench.opt(args, "--calls", "2560"));
        int concurrency = Integer.parseInt(PerfBench.opt(args, "--concurrency", "64"));
        long sleepMs = Long.parseLong(PerfBench.opt(args, "--sleep-ms", "50"));
        double ideal = concurrency / (sleepMs / 1000.0);
        System.out.printf(
                "concurrency: %,d calls of a %d ms model at concurrency %d (ideal %.0f calls/s)%n",
                calls, sleepMs, concurrency, ideal);
        List<PreferenceSample> samples = RunnerOverheadBench.samples(calls);
        Path tmp = Files.createTempDirectory("omni-perf-concurrency");
        try {
            run(samples.subList(0, Math.min(calls, concurrency * 4)), tmp.resolve("warm"), concurrency, sleepMs);
            SleepyJudge judge = new SleepyJudge(sleepMs);
            long t0 = System.nanoTime();
            RunResult r = BenchmarkRunner.builder()
                    .setSource(InMemoryBenchmarkSource.of(tmp.resolve("data"), samples))
                    .setModel(judge)
                    .setOutDir(tmp.resolve("run"))
                    .optModelSpec(ModelSpec.parse("sleepy"))
                    .optSettings(EnumSet.of(Setting.NO_TIES))
                    .optConcurrency(concurrency)
                    .optProgress(ProgressListener.none())
                    .build()
                    .run();
            double secs = (System.nanoTime() - t0) / 1e9;
            if (r.written() != calls || r.failed() != 0 || judge.calls.get() != calls) {
                throw new IllegalStateException("expected " + calls + " lines and calls, got " + r.written()
                        + " lines, " + judge.calls.get() + " calls, " + r.failed() + " failed");
            }
            double rate = calls / secs;
            System.out.printf(
                    "  achieved %.0f calls/s in %.2f s   ratio to ideal %.3f   (target >= 0.90)%n",
                    rate, secs, rate / ideal);
        } finally {
            RunnerOverheadBench.deleteTree(tmp);
        }
    }

    private static void run(List<PreferenceSample> samples, Path dir, int concurrency, long sleepMs) {
        BenchmarkRunner.builder()
                .setSource(InMemoryBenchmarkSource.of(dir.resolveSibling("warm-data"), samples))
                .setModel(new SleepyJudge(sleepMs))
                .setOutDir(dir)
                .optModelSpec(ModelSpec.parse("sleepy"))
                .optSettings(EnumSet.of(Setting.NO_TIES))
                .optConcurrency(concurrency)
                .optProgress(ProgressListener.none())
                .build()
                .run();
    }

    /** Answers response1 after sleeping, like a remote judge with a fixed latency. */
    static final class SleepyJudge extends AbstractPairwiseRewardModel {
        final AtomicInteger calls = new AtomicInteger();
        private final long sleepMs;

        SleepyJudge(long sleepMs) {
            this.sleepMs = sleepMs;
        }

        @Override
        public String name() {
            return "sleepy";
        }

        @Override
        protected Verdict doJudge(org.omnireward.core.PairwiseRequest request) {
            calls.incrementAndGet();
            try {
                Thread.sleep(sleepMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Verdict.of(Preference.RESPONSE1);
        }
    }
}
