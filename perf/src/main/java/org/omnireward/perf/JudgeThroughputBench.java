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
 * concurrency 32 and 20 ms), printed beside the rate a bare client on the judge's transport (blocking
 * HTTP/1.1, {@code HttpURLConnection}) reaches against the same server in the same run (the ceiling
 * of the machine, which the server shares), and the CPU each request costs.
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
            System.out.printf("  baseline: a bare blocking HTTP/1.1 client (HttpURLConnection, the judge's transport), %d "
                    + "threads: %.0f requests/s (ratio to ideal %.3f); %.3f ms CPU per request, client and server together%n",
                    concurrency, raw, raw / ideal, rawCpuMs);
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

    /** Requests per second a bare blocking client reaches against the same server (the ceiling of this machine). */
    private static double rawClientRate(int port, int calls, int concurrency) throws Exception {
        System.setProperty("http.maxConnections", "256"); // as the judge's client sets it
        java.net.URL url = new java.net.URL("http://127.0.0.1:" + port + "/v1/chat/completions");
        byte[] body = "{\"model\":\"m\",\"messages\":[]}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ExecutorService threads = Executors.newFixedThreadPool(concurrency);
        try {
            AtomicInteger left = new AtomicInteger(calls);
            long t0 = System.nanoTime();
            List<java.util.concurrent.Future<?>> fs = new java.util.ArrayList<>();
            for (int t = 0; t < concurrency; t++) {
                fs.add(threads.submit(() -> {
                    while (left.getAndDecrement() > 0) {
                        java.net.HttpURLConnection c = (java.net.HttpURLConnection) url.openConnection();
                        c.setRequestMethod("POST");
                        c.setDoOutput(true);
                        c.setRequestProperty("Content-Type", "application/json");
                        c.setFixedLengthStreamingMode(body.length);
                        try (java.io.OutputStream o = c.getOutputStream()) {
                            o.write(body);
                        }
                        try (java.io.InputStream in = c.getInputStream()) {
                            in.readAllBytes();
                        }
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
