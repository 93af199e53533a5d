package org.omnireward.perf;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.omnireward.bench.results.Setting;
import org.omnireward.bench.run.BenchmarkRunner;
import org.omnireward.bench.run.RunResult;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.PreferenceSample;
import org.omnireward.core.RewardModel;
import org.omnireward.core.RewardModels;
import org.omnireward.core.util.Progress;
import org.omnireward.data.benchmark.InMemoryBenchmarkSource;
import org.omnireward.runtime.endpoint.ReplicaStats;
import org.omnireward.runtime.endpoint.ReportsReplicas;

/**
 * Judge throughput and CPU: {@code bench run} with the {@code openai} judge (cache off) against local
 * chat-completions servers that answer after a fixed delay, beside a bare client on the judge's
 * transport (blocking HTTP/1.1 through {@code HttpURLConnection}, one tiny request body) against the
 * same server in the same process. Both sides get the same warm-up (twice, so that the JIT has
 * settled), then run in alternation (bare, judge, bare, judge, …) so that load from elsewhere on the
 * machine falls on both; each phase starts after a full GC and ends with one, so the garbage a phase
 * makes is collected on its own account; the medians of the rounds are reported.
 *
 * <p>By default two scenarios run, each with its goal: <b>throughput</b> at 200 ms latency and
 * concurrency 64 (the judge at ≥ 0.90 of the ideal concurrency / latency), and <b>CPU</b> at 20 ms and
 * concurrency 32 (the judge's CPU per request, runner and predictions file included, within 1.5× the
 * bare client's; both figures include the test server's share). {@code --delay-ms}/{@code --concurrency}
 * run one scenario with both goals printed; {@code --replicas N} spreads the judge over N servers
 * (comma-separated base-url) and prints the requests each received.
 */
final class JudgeThroughputBench {

    /** The servers' answer: a chat completion whose verdict the judge parses ({@code [[A]]}). */
    static final String ANSWER =
            "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                    + "\"message\":{\"role\":\"assistant\",\"content\":\"A is more complete.\\n[[A]]\"},\"logprobs\":null,"
                    + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":50,\"completion_tokens\":9,\"total_tokens\":59}}";

    private JudgeThroughputBench() {}

    /** One measured phase. */
    record Phase(double rate, double cpuMsPerRequest, long jitMs) {}

    static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(PerfBench.opt(args, "--rounds", "3"));
        int replicas = Integer.parseInt(PerfBench.opt(args, "--replicas", "1"));
        System.out.printf(
                "judge: openai judge (bench run, cache off) vs a bare HttpURLConnection client, %d rounds alternating;"
                        + " %d cores; load average at start %.2f%n",
                rounds, Runtime.getRuntime().availableProcessors(), load());
        if (PerfBench.opt(args, "--delay-ms", null) != null || PerfBench.opt(args, "--concurrency", null) != null) {
            scenario(
                    Integer.parseInt(PerfBench.opt(args, "--calls", "6400")),
                    Integer.parseInt(PerfBench.opt(args, "--concurrency", "32")),
                    Long.parseLong(PerfBench.opt(args, "--delay-ms", "20")),
                    rounds,
                    replicas,
                    true,
                    true);
        } else {
            scenario(Integer.parseInt(PerfBench.opt(args, "--calls", "3200")), 64, 200, rounds, replicas, true, false);
            scenario(Integer.parseInt(PerfBench.opt(args, "--calls", "6400")), 32, 20, rounds, replicas, false, true);
        }
        System.out.printf("load average at the end %.2f%n", load());
    }

    private static void scenario(
            int calls, int concurrency, long delayMs, int rounds, int replicas, boolean rateGoal, boolean cpuGoal)
            throws Exception {
        double ideal = concurrency / (delayMs / 1000.0);
        System.out.printf(
                "%nscenario: %,d requests per phase to %d local chat server(s) answering after %d ms, concurrency %d"
                        + " (ideal %.0f requests/s)%n",
                calls, replicas, delayMs, concurrency, ideal);
        List<LocalChatServer> servers = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            servers.add(new LocalChatServer(ANSWER, delayMs));
        }
        Path tmp = Files.createTempDirectory("omni-perf-judge");
        String urls = String.join(
                ",",
                servers.stream()
                        .map(s -> "http://127.0.0.1:" + s.port() + "/v1")
                        .toList());
        ModelSpec spec = ModelSpec.parse(
                "openai:perf-judge",
                Map.of("base-url", urls, "api-key-env", "OMNI_REWARD_PERF_NO_KEY", "cache", "false"));
        try (RewardModel judge = RewardModels.create(spec)) {
            int warm = Math.max(concurrency * 8, calls / 2);
            int warmups = Integer.parseInt(System.getProperty("omnireward.perf.warmups", "3"));
            for (int w = 0;
                    w < warmups;
                    w++) { // the same warm-up for both sides, several times, so the JIT has settled
                rawClient(servers.get(0).port(), warm, concurrency);
                run(judge, spec, RunnerOverheadBench.samples(warm), tmp.resolve("warm" + w), concurrency);
            }
            List<PreferenceSample> samples = RunnerOverheadBench.samples(calls);
            List<Phase> bare = new ArrayList<>();
            List<Phase> judged = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                servers.forEach(LocalChatServer::resetServed);
                bare.add(rawClient(servers.get(0).port(), calls, concurrency));
                servers.forEach(LocalChatServer::resetServed);
                judged.add(judgePhase(judge, spec, samples, tmp.resolve("run" + round), concurrency, calls, servers));
                Phase b = bare.get(bare.size() - 1);
                Phase j = judged.get(judged.size() - 1);
                System.out.printf(
                        "  round %d: bare %.0f requests/s (%.3f of ideal), %.3f ms CPU/request | judge %.0f requests/s"
                                + " (%.3f of ideal, %.3f of bare), %.3f ms CPU/request (%.2fx bare); JIT %d/%d ms; load average %.2f%n",
                        round,
                        b.rate(),
                        b.rate() / ideal,
                        b.cpuMsPerRequest(),
                        j.rate(),
                        j.rate() / ideal,
                        j.rate() / b.rate(),
                        j.cpuMsPerRequest(),
                        j.cpuMsPerRequest() / b.cpuMsPerRequest(),
                        b.jitMs(),
                        j.jitMs(),
                        load());
            }
            double bareCpu =
                    median(bare.stream().mapToDouble(Phase::cpuMsPerRequest).toArray());
            double judgeCpu =
                    median(judged.stream().mapToDouble(Phase::cpuMsPerRequest).toArray());
            double judgeRate = median(judged.stream().mapToDouble(Phase::rate).toArray());
            double bareRate = median(bare.stream().mapToDouble(Phase::rate).toArray());
            System.out.printf(
                    "  median of %d rounds: judge %.0f requests/s = %.3f of ideal%s; bare %.0f requests/s = %.3f of ideal%n",
                    rounds,
                    judgeRate,
                    judgeRate / ideal,
                    rateGoal ? goal(judgeRate / ideal >= 0.90, ">= 0.90") : "",
                    bareRate,
                    bareRate / ideal);
            System.out.printf(
                    "  CPU per request: judge %.3f ms vs bare %.3f ms = %.2fx%s (judge: prompt, request JSON, HTTP, "
                            + "reply, verdict, runner, predictions line; both: the test server's share)%n",
                    judgeCpu, bareCpu, judgeCpu / bareCpu, cpuGoal ? goal(judgeCpu / bareCpu <= 1.5, "<= 1.5x") : "");
            if (judge instanceof ReportsReplicas r && replicas > 1) {
                for (ReplicaStats s : r.replicaStats()) {
                    System.out.printf(
                            "  replica %s: %,d requests over all phases, %d failed, %d ejections%n",
                            s.endpoint(), s.requests(), s.failed(), s.ejections());
                }
            }
        } finally {
            for (LocalChatServer s : servers) {
                s.close();
            }
            RunnerOverheadBench.deleteTree(tmp);
        }
    }

    /** Milliseconds the JIT compilers have spent so far (a phase with a large share still ran partly interpreted). */
    private static long jitMillis() {
        var c = ManagementFactory.getCompilationMXBean();
        return c != null && c.isCompilationTimeMonitoringSupported() ? c.getTotalCompilationTime() : -1;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /**
     * Starts a phase with no garbage of the one before (each phase pays for collecting its own: see
     * {@link #cpuSince}), and returns the process CPU time then.
     */
    private static long startPhase() {
        System.gc();
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return processCpuNanos();
    }

    /** Process CPU since {@code cpu0}, after collecting the phase's garbage, so GC work is charged to the phase that made it. */
    private static long cpuSince(long cpu0) {
        System.gc();
        return processCpuNanos() - cpu0;
    }

    private static String goal(boolean met, String target) {
        return "   (goal " + target + ": " + (met ? "met" : "NOT met") + ")";
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static Phase judgePhase(
            RewardModel judge,
            ModelSpec spec,
            List<PreferenceSample> samples,
            Path dir,
            int concurrency,
            int calls,
            List<LocalChatServer> servers) {
        long cpu0 = startPhase();
        long jit0 = jitMillis();
        long t0 = System.nanoTime();
        RunResult r = run(judge, spec, samples, dir, concurrency);
        double secs = (System.nanoTime() - t0) / 1e9;
        double cpuMs = cpuSince(cpu0) / 1e6 / calls;
        long jit = jitMillis() - jit0;
        int served = servers.stream().mapToInt(LocalChatServer::served).sum();
        if (r.written() != calls || r.failed() != 0 || served != calls) {
            throw new IllegalStateException("expected " + calls + " lines and requests, got " + r.written() + " lines, "
                    + served + " requests, " + r.failed() + " failed");
        }
        return new Phase(calls / secs, cpuMs, jit);
    }

    /** A bare blocking client on the judge's transport against the same server: the ceiling of this machine. */
    static Phase rawClient(int port, int calls, int concurrency) throws Exception {
        System.setProperty("http.maxConnections", "256"); // as the omni-reward launcher sets it (JvmDefaults)
        URL url = new URL("http://127.0.0.1:" + port + "/v1/chat/completions");
        byte[] body = "{\"model\":\"m\",\"messages\":[]}".getBytes(StandardCharsets.UTF_8);
        ExecutorService threads = Executors.newFixedThreadPool(concurrency);
        try {
            AtomicInteger left = new AtomicInteger(calls);
            long cpu0 = startPhase();
            long jit0 = jitMillis();
            long t0 = System.nanoTime();
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < concurrency; t++) {
                fs.add(threads.submit(() -> {
                    while (left.getAndDecrement() > 0) {
                        HttpURLConnection c = (HttpURLConnection) url.openConnection();
                        c.setRequestMethod("POST");
                        c.setDoOutput(true);
                        c.setRequestProperty("Content-Type", "application/json");
                        c.setFixedLengthStreamingMode(body.length);
                        try (OutputStream o = c.getOutputStream()) {
                            o.write(body);
                        }
                        try (InputStream in = c.getInputStream()) {
                            in.readAllBytes();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            return new Phase(calls / secs, cpuSince(cpu0) / 1e6 / calls, jitMillis() - jit0);
        } finally {
            threads.shutdownNow();
        }
    }

    private static RunResult run(
            RewardModel judge, ModelSpec spec, List<PreferenceSample> samples, Path dir, int concurrency) {
        return BenchmarkRunner.builder()
                .setSource(InMemoryBenchmarkSource.of(dir.resolveSibling(dir.getFileName() + "-data"), samples))
                .setModel(judge)
                .setOutDir(dir)
                .optModelSpec(spec)
                .optSettings(EnumSet.of(Setting.NO_TIES))
                .optConcurrency(concurrency)
                .optProgress(Progress.none())
                .build()
                .run();
    }
}
