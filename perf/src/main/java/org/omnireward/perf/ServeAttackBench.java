package org.omnireward.perf;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.RewardModels;
import org.omnireward.core.util.Json;
import org.omnireward.server.RewardServer;
import org.omnireward.server.ServerLog;
import org.omnireward.server.ServerSettings;

/**
 * The reward server under overload and attack, with the {@code embedded} model (cache off), each
 * scenario on a fresh server in this JVM; {@code /health} is probed every 100 ms throughout and its
 * slowest answer printed.
 *
 * <ol>
 *   <li><b>overload</b>: {@code --overload-clients} (128) clients each sending {@code --queries} (4)
 *       queries per {@code POST /get_reward} back to back against {@code --overload-timeout} (2 s);
 *       like OpenRLHF's client, one that gets an error waits 1 s. Goodput = rewards delivered to
 *       clients / items the model scored, over the measured window (goal: at least 0.8).</li>
 *   <li><b>slow clients</b>: {@code --probe-clients} (8) well-behaved clients (one query per
 *       request), in alternating phases without and with {@code --slow-clients} (200) clients that
 *       send a body one byte every 2 s and reconnect when cut off. The p99 latency of the
 *       well-behaved clients with the slow ones, over their p99 without (goal: at most 2).</li>
 *   <li><b>memory</b>: 500 connections that each declare a 32 MiB body and send nothing: heap after
 *       a full GC, above the idle server's (goal: under 64 MB).</li>
 * </ol>
 */
final class ServeAttackBench {

    private ServeAttackBench() {}

    static void main(String[] args) throws Exception {
        List<String> scenarios = Arrays.asList(PerfBench.opt(args, "--scenarios", "throughput,overload,slow,memory")
                .split(","));
        if (!scenarios.contains("overload") && !scenarios.contains("slow") && !scenarios.contains("memory")) {
            return;
        }
        System.out.printf(
                "serve under overload and attack: %s; %d cores; load average at start %.2f%n",
                scenarios, Runtime.getRuntime().availableProcessors(), loadAverage());
        if (scenarios.contains("overload")) {
            overload(
                    Integer.parseInt(PerfBench.opt(args, "--overload-clients", "128")),
                    Integer.parseInt(PerfBench.opt(args, "--queries", "4")),
                    Duration.parse("PT"
                            + PerfBench.opt(args, "--overload-timeout", "2s").toUpperCase()),
                    Integer.parseInt(PerfBench.opt(args, "--overload-seconds", "40")),
                    Integer.parseInt(PerfBench.opt(args, "--overload-warmup", "10")));
        }
        if (scenarios.contains("slow")) {
            slowClients(
                    Integer.parseInt(PerfBench.opt(args, "--probe-clients", "8")),
                    Integer.parseInt(PerfBench.opt(args, "--slow-clients", "200")),
                    Integer.parseInt(PerfBench.opt(args, "--phase-seconds", "20")),
                    Integer.parseInt(PerfBench.opt(args, "--slow-rounds", "2")));
        }
        if (scenarios.contains("memory")) {
            memory(Integer.parseInt(PerfBench.opt(args, "--connections", "500")));
        }
        System.out.printf("load average at end %.2f%n", loadAverage());
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static RewardServer start(ServerSettings.Builder settings) throws Exception {
        ModelSpec spec = ModelSpec.parse("embedded").withOption("cache", "false");
        RewardServer server =
                RewardServer.start(settings.port(0).build(), () -> RewardModels.create(spec), ServerLog.NONE);
        if (!server.awaitReady(Duration.ofMinutes(5))) {
            throw new IllegalStateException("the model did not load: " + server.loadFailure());
        }
        return server;
    }

    private static String query(int i) {
        String prompt = "Question " + i + ": how does topic " + (i % 97) + " work?\n";
        return prompt + "A careful answer about topic " + (i % 97) + " with details " + "and more ".repeat(i % 40);
    }

    private static String body(int first, int n) {
        List<String> queries = new ArrayList<>();
        List<String> prompts = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            queries.add(query(first + k));
            prompts.add("Question " + (first + k) + ": how does topic " + ((first + k) % 97) + " work?\n");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", queries);
        body.put("prompts", prompts);
        body.put("labels", List.of());
        return Json.write(body);
    }

    // ---- overload ----

    private static void overload(int clients, int queries, Duration timeout, int seconds, int warmup) throws Exception {
        RewardServer server = start(ServerSettings.builder()
                .maxBatch(32)
                .maxWait(Duration.ofMillis(5))
                .queueCapacity(4096)
                .requestTimeout(timeout));
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create("http://127.0.0.1:" + server.port() + "/get_reward");
        AtomicBoolean counting = new AtomicBoolean();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong ok = new AtomicLong();
        AtomicLong delivered = new AtomicLong();
        Map<Integer, AtomicLong> byStatus = new java.util.concurrent.ConcurrentSkipListMap<>();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Thread t = new Thread(
                    () -> {
                        while (running.get()) {
                            HttpRequest req = HttpRequest.newBuilder(uri)
                                    .timeout(Duration.ofSeconds(180))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body(next.getAndAdd(queries), queries)))
                                    .build();
                            long t0 = System.nanoTime();
                            int status;
                            int rewards = 0;
                            try {
                                HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                                status = r.statusCode();
                                if (status == 200) {
                                    rewards = Json.mapper()
                                            .readTree(r.body())
                                            .get("rewards")
                                            .size();
                                }
                            } catch (Exception e) {
                                status = -1;
                            }
                            if (counting.get()) {
                                byStatus.computeIfAbsent(status, k -> new AtomicLong())
                                        .incrementAndGet();
                                if (status == 200) {
                                    ok.incrementAndGet();
                                    delivered.addAndGet(rewards);
                                    latencies.add((System.nanoTime() - t0) / 1000);
                                }
                            }
                            if (status != 200) {
                                sleep(1000); // OpenRLHF's client waits 1 s after an error
                            }
                        }
                    },
                    "overload-client-" + c);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        Thread.sleep(warmup * 1000L);
        double scored0 = metric(server.port(), "omni_reward_items_model_scored_total");
        double dropped0 = metric(server.port(), "omni_reward_items_dropped_total");
        HealthProbe health = new HealthProbe(server.port());
        counting.set(true);
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        counting.set(false);
        double secs = (System.nanoTime() - t0) / 1e9;
        double scored = metric(server.port(), "omni_reward_items_model_scored_total") - scored0;
        double dropped = metric(server.port(), "omni_reward_items_dropped_total") - dropped0;
        health.stop();
        running.set(false);
        long[] lat = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(
                "  overload: %d clients x %d queries per POST /get_reward, --request-timeout %d ms, %d s measured"
                        + " after %d s%n",
                clients, queries, timeout.toMillis(), seconds, warmup);
        System.out.printf(
                "    answers by status %s; rewards delivered %d (%.1f/s); items scored by the model %.0f (%.1f/s);"
                        + " items dropped before scoring %.0f%n",
                byStatus, delivered.get(), delivered.get() / secs, scored, scored / secs, dropped);
        System.out.printf(
                "    GOODPUT rewards delivered / items scored = %.3f (goal >= 0.8); latency of 200s p50 %.0f ms,"
                        + " p99 %.0f ms; %s%n",
                scored == 0 ? 0 : delivered.get() / scored, pct(lat, 50), pct(lat, 99), health);
        server.stop();
        for (Thread t : threads) {
            t.join(200_000);
        }
    }

    // ---- slow clients ----

    private static void slowClients(int probeClients, int slowClients, int seconds, int rounds) throws Exception {
        RewardServer server = start(ServerSettings.builder().maxBatch(32).maxWait(Duration.ofMillis(5)));
        int port = server.port();
        Probes probes = new Probes(port, probeClients);
        Slowloris slow = new Slowloris(port, slowClients);
        probes.window(10); // warm-up
        System.out.printf(
                "  slow clients: %d well-behaved clients (one query per POST /get_reward); phases of %d s"
                        + " without and with %d clients sending a body 1 byte every 2 s (reconnecting when cut off)%n",
                probeClients, seconds, slowClients);
        List<Long> quiet = new ArrayList<>();
        List<Long> attacked = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            HealthProbe h0 = new HealthProbe(port);
            long[] a = probes.window(seconds);
            h0.stop();
            a(quiet, a);
            System.out.printf(
                    "    without slow clients: %d answers, p50 %.0f ms, p99 %.0f ms, %d errors; %s%n",
                    a.length, pct(a, 50), pct(a, 99), probes.errors.getAndSet(0), h0);
            slow.start();
            Thread.sleep(3_000); // all connected
            HealthProbe h1 = new HealthProbe(port);
            long[] b = probes.window(seconds);
            h1.stop();
            a(attacked, b);
            System.out.printf(
                    "    with %d slow clients (%d connected on average, %d cut off by the server): %d answers, p50"
                            + " %.0f ms, p99 %.0f ms, %d errors; %s%n",
                    slowClients,
                    slow.meanConnected(),
                    slow.cut.getAndSet(0),
                    b.length,
                    pct(b, 50),
                    pct(b, 99),
                    probes.errors.getAndSet(0),
                    h1);
            slow.stop();
        }
        long[] q = quiet.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] w = attacked.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(
                "    P99 RATIO with / without slow clients = %.0f / %.0f ms = %.2f (goal <= 2)%n",
                pct(w, 99), pct(q, 99), pct(w, 99) / pct(q, 99));
        probes.stop();
        server.stop();
    }

    private static void a(List<Long> to, long[] values) {
        for (long v : values) {
            to.add(v);
        }
    }

    /** Well-behaved clients, one query per request, latencies by window. */
    private static final class Probes {
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicLong errors = new AtomicLong();
        volatile ConcurrentLinkedQueue<Long> current = new ConcurrentLinkedQueue<>();
        final List<Thread> threads = new ArrayList<>();

        Probes(int port, int n) {
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI uri = URI.create("http://127.0.0.1:" + port + "/get_reward");
            AtomicInteger next = new AtomicInteger();
            for (int c = 0; c < n; c++) {
                Thread t = new Thread(
                        () -> {
                            while (running.get()) {
                                HttpRequest req = HttpRequest.newBuilder(uri)
                                        .timeout(Duration.ofSeconds(60))
                                        .POST(HttpRequest.BodyPublishers.ofString(body(next.getAndIncrement(), 1)))
                                        .build();
                                long t0 = System.nanoTime();
                                try {
                                    HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                                    if (r.statusCode() == 200) {
                                        current.add((System.nanoTime() - t0) / 1000);
                                    } else {
                                        errors.incrementAndGet();
                                    }
                                } catch (Exception e) {
                                    errors.incrementAndGet();
                                }
                            }
                        },
                        "probe-client-" + c);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
        }

        long[] window(int seconds) throws InterruptedException {
            ConcurrentLinkedQueue<Long> q = new ConcurrentLinkedQueue<>();
            current = q;
            Thread.sleep(seconds * 1000L);
            current = new ConcurrentLinkedQueue<>();
            return q.stream().mapToLong(Long::longValue).sorted().toArray();
        }

        void stop() {
            running.set(false);
        }
    }

    /** Clients that send a body one byte every 2 s and reconnect when the server cuts them off. */
    private static final class Slowloris {
        final int port;
        final int n;
        final AtomicInteger connected = new AtomicInteger();
        final AtomicLong cut = new AtomicLong();
        final AtomicLong samples = new AtomicLong();
        final AtomicLong sum = new AtomicLong();
        volatile boolean running;
        final List<Thread> threads = new ArrayList<>();
        Thread sampler;

        Slowloris(int port, int n) {
            this.port = port;
            this.n = n;
        }

        void start() {
            running = true;
            samples.set(0);
            sum.set(0);
            threads.clear();
            for (int i = 0; i < n; i++) {
                Thread t = new Thread(this::client, "slow-client-" + i);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
            sampler = new Thread(() -> {
                while (running) {
                    samples.incrementAndGet();
                    sum.addAndGet(connected.get());
                    sleep(100);
                }
            });
            sampler.setDaemon(true);
            sampler.start();
        }

        long meanConnected() {
            return samples.get() == 0 ? 0 : sum.get() / samples.get();
        }

        private void client() {
            byte[] body = body(0, 1).getBytes(StandardCharsets.UTF_8);
            while (running) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                    connected.incrementAndGet();
                    try {
                        OutputStream out = s.getOutputStream();
                        out.write(
                                ("POST /get_reward HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length + "\r\n\r\n")
                                        .getBytes(StandardCharsets.ISO_8859_1));
                        for (int i = 0; i < body.length && running; i++) {
                            out.write(body[i]);
                            out.flush();
                            sleep(2_000);
                        }
                    } finally {
                        connected.decrementAndGet();
                    }
                } catch (IOException e) {
                    cut.incrementAndGet(); // the server closed the connection (408 and close)
                }
            }
        }

        void stop() throws InterruptedException {
            running = false;
            for (Thread t : threads) {
                t.join(10_000);
            }
        }
    }

    // ---- memory ----

    private static void memory(int connections) throws Exception {
        RewardServer server = start(ServerSettings.builder());
        long idle = heapAfterGc();
        HealthProbe health = new HealthProbe(server.port());
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Socket s = new Socket();
            s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
            s.getOutputStream()
                    .write(("POST /get_reward HTTP/1.1\r\nHost: x\r\nContent-Length: " + (32 << 20) + "\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
            sockets.add(s);
        }
        Thread.sleep(2_000);
        health.stop(); // before the full GCs below, which stop every thread of this JVM
        long held = heapAfterGc();
        System.out.printf(
                "  memory: %d connections each declaring a 32 MiB body and sending nothing: heap after GC %d MB idle,"
                        + " %d MB with them: %+.1f MB (goal < 64 MB); %s%n",
                connections, idle >> 20, held >> 20, (held - idle) / 1048576.0, health);
        for (Socket s : sockets) {
            s.close();
        }
        server.stop();
    }

    private static long heapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
            used = Math.min(
                    used,
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    // ---- helpers ----

    /** GET /health on a new connection every 100 ms; the slowest answer. */
    private static final class HealthProbe {
        final AtomicBoolean running = new AtomicBoolean(true);
        final ConcurrentLinkedQueue<Long> millis = new ConcurrentLinkedQueue<>();
        final AtomicLong failures = new AtomicLong();
        final Thread thread;

        HealthProbe(int port) {
            thread = new Thread(
                    () -> {
                        while (running.get()) {
                            long t0 = System.nanoTime();
                            try (Socket s = new Socket()) {
                                s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                                s.setSoTimeout(10_000);
                                s.getOutputStream()
                                        .write("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                                                .getBytes(StandardCharsets.ISO_8859_1));
                                InputStream in = s.getInputStream();
                                String reply = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                                if (!reply.startsWith("HTTP/1.1 200")) {
                                    failures.incrementAndGet();
                                }
                                millis.add((System.nanoTime() - t0) / 1_000_000);
                            } catch (IOException e) {
                                failures.incrementAndGet();
                            }
                            sleep(100);
                        }
                    },
                    "health-probe");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(20_000);
        }

        @Override
        public String toString() {
            long[] m = millis.stream().mapToLong(Long::longValue).sorted().toArray();
            return String.format(
                    "/health: %d probes, p99 %d ms, slowest %d ms, %d failed (goal: every one within 100 ms)",
                    m.length,
                    m.length == 0 ? 0 : m[Math.max(0, (int) Math.ceil(0.99 * m.length) - 1)],
                    m.length == 0 ? 0 : m[m.length - 1],
                    failures.get());
        }
    }

    private static double pct(long[] sortedMicros, double p) {
        if (sortedMicros.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sortedMicros.length) - 1;
        return sortedMicros[Math.max(0, Math.min(sortedMicros.length - 1, i))] / 1000.0;
    }

    private static double metric(int port, String name) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String text = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        for (String line : text.split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        }
        throw new IllegalStateException(name + " is not in /metrics");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
