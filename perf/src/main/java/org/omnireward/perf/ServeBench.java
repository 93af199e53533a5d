package org.omnireward.perf;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.Response;
import org.omnireward.core.RewardModels;
import org.omnireward.core.ScalarRewardModel;
import org.omnireward.core.ScoringRequest;
import org.omnireward.core.Task;
import org.omnireward.core.util.Json;
import org.omnireward.data.Criteria;
import org.omnireward.data.PreferenceReaders;
import org.omnireward.server.RewardServer;
import org.omnireward.server.ServerLog;
import org.omnireward.server.ServerSettings;

/**
 * The reward server's cost. The {@code embedded} model (embedding cache off) scores AlpacaEval
 * responses (generated texts without ../shared/data) in two ways in the same process, in alternating
 * phases of {@code --seconds} (in-process, server, in-process, server, in-process for two
 * {@code --rounds}): (1) in-process, {@code scoreBatch} over batches of the server's max batch, one
 * after another (the model's batch throughput); (2) through the server, by {@code --clients} threads
 * each sending one query per {@code POST /get_reward} request (as OpenRLHF's client does) over
 * HTTP/1.1. Each server phase is set against the mean of the in-process phases around it, so a change
 * in the machine's load hits both sides. The ratio is what the server keeps of the model's
 * throughput; the load generator runs in the same JVM on the same cores, so its cost is counted
 * against the server. {@code --soak-minutes N} then keeps the load on for N minutes and prints the
 * heap after a full GC every {@code --sample-seconds}.
 */
final class ServeBench {

    private ServeBench() {}

    private record Item(String prompt, String response) {}

    /** The next item to score, shared by the in-process phases and the clients. */
    private static final AtomicLong CURSOR = new AtomicLong();

    static void main(String[] args) throws Exception {
        String scenarios = PerfBench.opt(args, "--scenarios", "throughput,overload,slow,memory");
        if (List.of(scenarios.split(",")).contains("throughput")) {
            throughput(args);
        }
        ServeAttackBench.main(args);
    }

    private static void throughput(String[] args) throws Exception {
        System.out.printf(
                "load average at start %.2f%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        int clients = Integer.parseInt(PerfBench.opt(args, "--clients", "64"));
        int seconds = Integer.parseInt(PerfBench.opt(args, "--seconds", "60"));
        int rounds = Integer.parseInt(PerfBench.opt(args, "--rounds", "2"));
        int warmup = Integer.parseInt(PerfBench.opt(args, "--warmup-seconds", "15"));
        int maxBatch = Integer.parseInt(PerfBench.opt(args, "--max-batch", "32"));
        double soakMinutes = Double.parseDouble(PerfBench.opt(args, "--soak-minutes", "0"));
        int sampleSeconds = Integer.parseInt(PerfBench.opt(args, "--sample-seconds", "30"));
        List<Item> items = new ArrayList<>(items(PerfBench.opt(args, "--alpaca-eval", null)));
        // a fixed shuffle: any stretch of the list is like any other, and both sides walk the same sequence
        java.util.Collections.shuffle(items, new java.util.Random(42));
        System.out.printf(
                "serve: embedded model (cache off), %,d AlpacaEval responses (or generated ones), %d cores,"
                        + " max batch %d; %d rounds of in-process / server phases of %d s%n",
                items.size(), Runtime.getRuntime().availableProcessors(), maxBatch, rounds, seconds);

        ModelSpec spec = ModelSpec.parse("embedded").withOption("cache", "false");
        ServerSettings settings = ServerSettings.builder()
                .port(0)
                .maxBatch(maxBatch)
                .maxWait(Duration.ofMillis(5))
                .queueCapacity(4096)
                .requestTimeout(Duration.ofMinutes(5))
                .build();
        // one model instance for both sides: the in-process phases call it directly while the server is idle
        ScalarRewardModel model = (ScalarRewardModel) RewardModels.create(spec);
        RewardServer server = RewardServer.start(settings, () -> model, ServerLog.NONE);
        try {
            if (!server.awaitReady(Duration.ofMinutes(5))) {
                throw new IllegalStateException("the server's model did not load: " + server.loadFailure());
            }
            Load load = new Load(server.port(), items, clients);
            load.start();
            Thread.sleep(warmup * 1000L);
            load.pause();
            inProcess(model, items, maxBatch, warmup);
            // phases alternate (in-process, server, in-process, ...) so that a change in the machine's load
            // hits both sides; each server phase is compared with the mean of the phases around it
            double[] base = new double[rounds + 1];
            double serverSum = 0;
            double baseSum = 0;
            List<Long> allLatencies = new ArrayList<>();
            long errors = 0;
            Map<String, Long> cpu0 = cpuByThreadGroup();
            base[0] = inProcess(model, items, maxBatch, seconds);
            System.out.printf(
                    "  in-process scoreBatch, batches of %d: %.1f responses/s%n    %s%n",
                    maxBatch, base[0], cpuSince(cpu0, base[0] * seconds));
            for (int r = 0; r < rounds; r++) {
                load.resume();
                Thread.sleep(5_000); // the queue fills again
                double[] m0 = batchMetrics(server.port());
                Map<String, Long> cpuS = cpuByThreadGroup();
                Load.Window w = load.measure(seconds);
                String cpuServer = cpuSince(cpuS, w.rate() * seconds);
                double[] m1 = batchMetrics(server.port());
                load.pause();
                double batches = m1[0] - m0[0];
                System.out.printf(
                        "  server, %d clients, one query per POST /get_reward: %.1f responses/s; latency p50 %.0f ms,"
                                + " p99 %.0f ms; %d errors; mean batch %.1f, model busy %.0f %% of the phase, %.1f responses/s"
                                + " while busy%n",
                        clients,
                        w.rate(),
                        w.percentile(50),
                        w.percentile(99),
                        w.errors(),
                        batches == 0 ? 0 : (m1[1] - m0[1]) / batches,
                        100 * (m1[2] - m0[2]) / seconds,
                        (m1[1] - m0[1]) / Math.max(1e-9, m1[2] - m0[2]));
                System.out.printf("    %s%n", cpuServer);
                Map<String, Long> cpuB = cpuByThreadGroup();
                base[r + 1] = inProcess(model, items, maxBatch, seconds);
                System.out.printf(
                        "  in-process scoreBatch, batches of %d: %.1f responses/s%n    %s%n",
                        maxBatch, base[r + 1], cpuSince(cpuB, base[r + 1] * seconds));
                serverSum += w.rate();
                baseSum += (base[r] + base[r + 1]) / 2;
                for (long l : w.latenciesMicros()) {
                    allLatencies.add(l);
                }
                errors += w.errors();
            }
            long[] lat =
                    allLatencies.stream().mapToLong(Long::longValue).sorted().toArray();
            Load.Window all = new Load.Window(0, lat, errors);
            System.out.printf(
                    "  server over all rounds: %.1f responses/s, latency p50 %.0f ms, p99 %.0f ms, %d errors;"
                            + " in-process (neighbouring phases) %.1f responses/s%n",
                    serverSum / rounds, all.percentile(50), all.percentile(99), errors, baseSum / rounds);
            System.out.printf(
                    "  ratio server / in-process: %.3f (the server costs %.1f %%; goal under 15 %%)%n",
                    serverSum / baseSum, 100 * (1 - serverSum / baseSum));
            if (soakMinutes > 0) {
                load.resume();
                soak(load, soakMinutes, sampleSeconds);
            }
            load.stop();
        } finally {
            server.stop();
        }
    }

    /** CPU time of this JVM's live threads, summed by name without trailing digits. */
    private static Map<String, Long> cpuByThreadGroup() {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<String, Long> out = new java.util.TreeMap<>();
        for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t == null) {
                continue;
            }
            long ns = mx.getThreadCpuTime(t.getThreadId());
            if (ns > 0) {
                out.merge(t.getThreadName().replaceAll("[-#\\d ]+$", ""), ns, Long::sum);
            }
        }
        return out;
    }

    /**
     * CPU seconds per thread group since {@code before} (groups of at least 0.5 s), and per response: the
     * encoder's and everything else's (HTTP server and client, JSON, batching, GC, JIT) in ms.
     */
    private static String cpuSince(Map<String, Long> before, double responses) {
        Map<String, Long> now = cpuByThreadGroup();
        StringBuilder sb = new StringBuilder();
        double[] encoder = new double[1];
        double[] other = new double[1];
        now.forEach((k, v) -> {
            double d = (v - before.getOrDefault(k, 0L)) / 1e9;
            if (k.startsWith("encoder-")) {
                encoder[0] += d;
            } else if (!k.startsWith("load-client") && !k.startsWith("HttpClient")) {
                other[0] += d; // the load generator's own threads are not the server's cost
            }
            if (d >= 0.5) {
                sb.append(sb.length() == 0 ? "" : ", ")
                        .append(k)
                        .append(String.format(java.util.Locale.ROOT, " %.1f", d));
            }
        });
        return String.format(
                java.util.Locale.ROOT,
                "CPU per response: encoder %.1f ms, all other threads but the load"
                        + " generator's %.1f ms; CPU s by thread group {%s}",
                1000 * encoder[0] / responses,
                1000 * other[0] / responses,
                sb);
    }

    /** Batches, items in them and seconds the model spent on them, from the server's /metrics. */
    private static double[] batchMetrics(int port) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String text = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        double[] out = new double[3];
        for (String line : text.split("\n")) {
            String[] kv = line.split(" ");
            if (kv.length != 2) {
                continue;
            }
            switch (kv[0]) {
                case "omni_reward_batch_size_count" -> out[0] = Double.parseDouble(kv[1]);
                case "omni_reward_batch_size_sum" -> out[1] = Double.parseDouble(kv[1]);
                case "omni_reward_batch_duration_seconds_sum" -> out[2] = Double.parseDouble(kv[1]);
                default -> {}
            }
        }
        return out;
    }

    /** Responses per second of back-to-back scoreBatch calls over {@code items}, for about {@code seconds}. */
    private static double inProcess(ScalarRewardModel model, List<Item> items, int batch, int seconds) {
        long until = System.nanoTime() + seconds * 1_000_000_000L;
        long t0 = System.nanoTime();
        long scored = 0;
        while (System.nanoTime() < until) {
            List<ScoringRequest> requests = new ArrayList<>(batch);
            for (int k = 0; k < batch; k++) {
                Item it = items.get((int) (CURSOR.getAndIncrement() % items.size()));
                requests.add(new ScoringRequest(
                        Task.T2T, Criteria.GENERAL, it.prompt(), List.of(), Response.text(it.response())));
            }
            model.scores(requests);
            scored += batch;
        }
        return scored / ((System.nanoTime() - t0) / 1e9);
    }

    private static void soak(Load load, double minutes, int sampleSeconds) throws InterruptedException {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        System.out.printf(
                "  soak: %.1f minutes under the same load; heap used after a full GC every %d s%n",
                minutes, sampleSeconds);
        long end = System.nanoTime() + (long) (minutes * 60e9);
        List<Long> heap = new ArrayList<>();
        int sample = 0;
        while (System.nanoTime() + sampleSeconds * 500_000_000L < end) {
            Load.Window w = load.measure(sampleSeconds);
            System.gc();
            long used = mem.getHeapMemoryUsage().getUsed();
            heap.add(used);
            sample++;
            System.out.printf(
                    "    %5.1f min: heap after GC %,d KB; %.1f responses/s, p99 %.0f ms, %d errors%n",
                    sample * sampleSeconds / 60.0, used >> 10, w.rate(), w.percentile(99), w.errors());
        }
        if (heap.size() >= 2) {
            long first = heap.get(0);
            long last = heap.get(heap.size() - 1);
            long max = heap.stream().mapToLong(Long::longValue).max().orElse(0);
            System.out.printf(
                    "  soak: heap after GC first %,d KB, last %,d KB, max %,d KB (last/first %.2f)%n",
                    first >> 10, last >> 10, max >> 10, (double) last / first);
        }
    }

    /** Client threads that each send one query per request, as long as the load runs. */
    private static final class Load {
        record Window(double rate, long[] latenciesMicros, long errors) {
            double percentile(double p) {
                if (latenciesMicros.length == 0) {
                    return Double.NaN;
                }
                int i = (int) Math.ceil(p / 100.0 * latenciesMicros.length) - 1;
                return latenciesMicros[Math.max(0, Math.min(latenciesMicros.length - 1, i))] / 1000.0;
            }
        }

        private final int port;
        private final List<Item> items;
        private final int clients;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();
        private final HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private volatile Recorder recorder = new Recorder();
        private volatile boolean paused;
        private final AtomicLong active = new AtomicLong();

        /** Stops sending and waits until every request sent is answered. */
        void pause() throws InterruptedException {
            paused = true;
            while (active.get() > 0) {
                Thread.sleep(10);
            }
        }

        synchronized void resume() {
            paused = false;
            notifyAll();
        }

        private static final class Recorder {
            final long[] latencies = new long[1 << 20];
            final AtomicLong count = new AtomicLong();
            final AtomicLong errors = new AtomicLong();

            void add(long micros) {
                long i = count.getAndIncrement();
                if (i < latencies.length) {
                    latencies[(int) i] = micros;
                }
            }
        }

        Load(int port, List<Item> items, int clients) {
            this.port = port;
            this.items = items;
            this.clients = clients;
        }

        void start() {
            for (int c = 0; c < clients; c++) {
                Thread t = new Thread(this::client, "load-client-" + c);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
        }

        private void client() {
            URI uri = URI.create("http://127.0.0.1:" + port + "/get_reward");
            while (running.get()) {
                if (paused) {
                    synchronized (this) {
                        try {
                            while (paused && running.get()) {
                                wait(); // blocked, not polling: a paused client takes no CPU from the other phase
                            }
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    continue;
                }
                Item it = items.get((int) (CURSOR.getAndIncrement() % items.size()));
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("query", List.of(it.prompt() + "\n" + it.response()));
                body.put("prompts", List.of(it.prompt() + "\n"));
                body.put("labels", List.of(""));
                HttpRequest req = HttpRequest.newBuilder(uri)
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofMinutes(5))
                        .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)))
                        .build();
                long t0 = System.nanoTime();
                active.incrementAndGet();
                try {
                    HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
                    // counted in the window in which the answer arrived
                    if (resp.statusCode() == 200 && resp.body().contains("\"rewards\"")) {
                        recorder.add((System.nanoTime() - t0) / 1000);
                    } else {
                        recorder.errors.incrementAndGet();
                    }
                } catch (Exception e) {
                    if (running.get()) {
                        recorder.errors.incrementAndGet();
                    }
                } finally {
                    active.decrementAndGet();
                }
            }
        }

        /** Counts responses and latencies for {@code seconds}. */
        Window measure(int seconds) throws InterruptedException {
            Recorder r = new Recorder();
            recorder = r;
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            recorder = new Recorder();
            double secs = (System.nanoTime() - t0) / 1e9;
            int n = (int) Math.min(r.count.get(), r.latencies.length);
            long[] lat = Arrays.copyOf(r.latencies, n);
            Arrays.sort(lat);
            return new Window(r.count.get() / secs, lat, r.errors.get());
        }

        void stop() throws InterruptedException {
            running.set(false);
            resume();
            for (Thread t : threads) {
                t.join(60_000);
            }
        }
    }

    private static List<Item> items(String given) throws Exception {
        Optional<Path> alpaca = Optional.ofNullable(given).map(Path::of);
        if (alpaca.isEmpty()) {
            for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
                Path c = p.resolve("shared/data/text-preferences/alpaca_eval");
                if (Files.isDirectory(c)) {
                    alpaca = Optional.of(c);
                    break;
                }
            }
        }
        List<Item> out = new ArrayList<>();
        if (alpaca.isPresent()) {
            for (PreferencePair p : PreferenceReaders.open(alpaca.get(), Optional.of("alpaca-eval"))
                    .readAll()
                    .decisivePairs()) {
                out.add(new Item(p.prompt(), p.chosen().requireText()));
                out.add(new Item(p.prompt(), p.rejected().requireText()));
            }
        } else {
            for (int i = 0; i < 4000; i++) {
                out.add(new Item(
                        "Question number " + i + ": how does topic " + (i % 97) + " work?",
                        "A careful answer about topic " + (i % 97) + " with details " + "and more ".repeat(i % 40)));
            }
        }
        return out;
    }
}
