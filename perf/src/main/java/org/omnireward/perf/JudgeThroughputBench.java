package org.omnireward.perf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.omnireward.data.benchmark.InMemoryBenchmarkSource;
import org.omnireward.bench.results.Setting;
import org.omnireward.bench.run.BenchmarkRunner;
import org.omnireward.bench.run.ProgressListener;
import org.omnireward.bench.run.RunResult;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.PreferenceSample;
import org.omnireward.core.RewardModel;
import org.omnireward.core.RewardModels;

/**
 * Judge throughput: {@code bench run} with the {@code openai} judge (cache off) against a local
 * chat-completions server that answers after a fixed delay, at a given concurrency. The ideal rate
 * is concurrency / delay; the figure is the achieved fraction of it (issue goal: at least 0.90 at
 * concurrency 32 and 20 ms), printed beside the rate a bare JDK HTTP/1.1 client reaches against the
 * same server in the same run (the ceiling of the machine, which the server shares).
 */
final class JudgeThroughputBench {

    private JudgeThroughputBench() {
    }

    static void main(String[] args) throws Exception {
        int calls = Integer.parseInt(PerfBench.opt(args, "--calls", "3200"));
        int concurrency = Integer.parseInt(PerfBench.opt(args, "--concurrency", "32"));
        long delayMs = Long.parseLong(PerfBench.opt(args, "--delay-ms", "20"));
        double ideal = concurrency / (delayMs / 1000.0);
        System.out.printf("judge: %,d requests to a %d ms chat server at concurrency %d (ideal %.0f requests/s)%n",
                calls, delayMs, concurrency, ideal);
        String answer = "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"A is more complete.\\n[[A]]\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":50,\"completion_tokens\":9,\"total_tokens\":59}}";
        LocalChatServer server = new LocalChatServer(answer, delayMs);
        Path tmp = Files.createTempDirectory("omni-perf-judge");
        ModelSpec spec = ModelSpec.parse("openai:perf-judge", Map.of(
                "base-url", "http://127.0.0.1:" + server.port() + "/v1",
                "api-key-env", "OMNI_REWARD_PERF_NO_KEY", "cache", "false"));
        try (RewardModel judge = RewardModels.create(spec)) {
            rawClientRate(server.port(), calls / 4, concurrency); // warm-up
            long cpu0 = processCpuNanos();
            double raw = rawClientRate(server.port(), calls, concurrency);
            double rawCpuMs = (processCpuNanos() - cpu0) / 1e6 / calls;
            System.out.printf("  baseline: a bare JDK HTTP/1.1 client, %d threads: %.0f requests/s (ratio to ideal %.3f); "
                    + "%.3f ms CPU per request, client and server together%n", concurrency, raw, raw / ideal, rawCpuMs);
            server.resetServed();
            run(judge, spec, RunnerOverheadBench.samples(concurrency * 8), tmp.resolve("warm"), concurrency);
            server.resetServed();
            List<PreferenceSample> samples = RunnerOverheadBench.samples(calls);
            long cpu1 = processCpuNanos();
            long t0 = System.nanoTime();
            RunResult r = run(judge, spec, samples, tmp.resolve("run"), concurrency);
            double secs = (System.nanoTime() - t0) / 1e9;
            double judgeCpuMs = (processCpuNanos() - cpu1) / 1e6 / calls;
            if (r.written() != calls || r.failed() != 0 || server.served() != calls) {
                throw new IllegalStateException("expected " + calls + " lines and requests, got " + r.written()
                        + " lines, " + server.served() + " requests, " + r.failed() + " failed");
            }
            double rate = calls / secs;
            System.out.printf("  achieved %.0f requests/s in %.2f s   ratio to ideal %.3f   (target >= 0.90)"
                    + "   ratio to the bare client %.3f%n", rate, secs, rate / ideal, rate / raw);
            int cores = Runtime.getRuntime().availableProcessors();
            System.out.printf("  CPU: %.3f ms per judged request (judge, runner, predictions file and test server) vs %.3f ms"
                    + " for the bare client; %d cores allow at most %.0f judged requests/s; load average now %.2f%n",
                    judgeCpuMs, rawCpuMs, cores, cores * 1000 / judgeCpuMs,
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        } finally {
            server.close();
            RunnerOverheadBench.deleteTree(tmp);
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Requests per second a bare JDK client reaches against the same server (the ceiling of this machine). */
    private static double rawClientRate(int port, int calls, int concurrency) throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        java.net.http.HttpRequest req = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"model\":\"m\",\"messages\":[]}")).build();
        ExecutorService threads = Executors.newFixedThreadPool(concurrency);
        try {
            AtomicInteger left = new AtomicInteger(calls);
            long t0 = System.nanoTime();
            List<java.util.concurrent.Future<?>> fs = new java.util.ArrayList<>();
            for (int t = 0; t < concurrency; t++) {
                fs.add(threads.submit(() -> {
                    while (left.getAndDecrement() > 0) {
                        client.send(req, java.net.http.HttpResponse.BodyHandlers.ofString());
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : fs) {
                f.get();
            }
            return calls / ((System.nanoTime() - t0) / 1e9);
        } finally {
            threads.shutdownNow();
        }
    }

    private static RunResult run(RewardModel judge, ModelSpec spec, List<PreferenceSample> samples, Path dir,
            int concurrency) {
        return BenchmarkRunner.builder().setSource(InMemoryBenchmarkSource.of(dir.resolveSibling(dir.getFileName() + "-data"), samples))
                .setModel(judge).setOutDir(dir).optModelSpec(spec)
                .optSettings(EnumSet.of(Setting.NO_TIES)).optConcurrency(concurrency)
                .optProgress(ProgressListener.none()).build().run();
    }
}
