package org.omnireward.perf;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.omnireward.core.MediaRef;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.PairwiseRewardModel;
import org.omnireward.core.RewardModels;
import org.omnireward.core.util.Json;
import org.omnireward.data.DataConversion;
import org.omnireward.data.Groups;
import org.omnireward.data.PreferenceFormat;
import org.omnireward.data.UnifiedJsonlWriter;
import org.omnireward.data.export.DataExport;
import org.omnireward.data.export.ExportTarget;
import org.omnireward.data.mix.DataMix;
import org.omnireward.data.mix.Recipe;
import org.omnireward.data.synth.TeacherSynthesis;
import org.omnireward.data.synth.TextGenerator;
import org.omnireward.judge.ChatBackend;
import org.omnireward.judge.TextChat;
import org.omnireward.runtime.RetryPolicy;

/**
 * {@code perf/run data}: (1) records per second through {@code data convert} (chat-pairs JSONL) →
 * {@code data mix} (exact and near-duplicate removal, split) → {@code data export --to llamafactory}
 * over generated text records, each size in a child JVM with the same small heap limit, with its peak
 * heap (flat in the number of records is the goal); (2) {@code data synthesize} throughput with an
 * {@code openai:} teacher and two {@code openai:} verifiers against a local chat server answering
 * after a fixed delay, as a fraction of the ideal concurrency / (3 calls × delay) pairs per second.
 */
public final class DataBench {

    private DataBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            child(Long.parseLong(args[1]), Path.of(args[2]));
            return;
        }
        String sizes = PerfBench.opt(args, "--records", "100000,1000000");
        String xmx = PerfBench.opt(args, "--xmx", "256m");
        Path dir = Files.createTempDirectory("omni-data-bench");
        if (!PerfBench.flag(args, "--skip-pipeline")) {
            System.out.printf(
                    "pipeline: convert -> mix (dedup, split) -> export llamafactory, child JVM -Xmx%s%n", xmx);
            for (String s : sizes.split(",")) {
                long n = Long.parseLong(s.trim());
                Path d = dir.resolve("n" + n);
                Files.createDirectories(d);
                String jar = Path.of(DataBench.class
                                .getProtectionDomain()
                                .getCodeSource()
                                .getLocation()
                                .toURI())
                        .toString();
                Process p = new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java")
                                        .toString(),
                                "-Xmx" + xmx,
                                "-cp",
                                jar,
                                DataBench.class.getName(),
                                "child",
                                Long.toString(n),
                                d.toString())
                        .inheritIO()
                        .start();
                int rc = p.waitFor();
                if (rc != 0) {
                    System.out.printf("  %,d records: the child JVM failed (exit %d)%n", n, rc);
                }
                deleteTree(d);
            }
        }
        if (!PerfBench.flag(args, "--skip-synthesis")) {
            synthesis(
                    Integer.parseInt(PerfBench.opt(args, "--pairs", "600")),
                    Integer.parseInt(PerfBench.opt(args, "--concurrency", "32")),
                    Long.parseLong(PerfBench.opt(args, "--delay-ms", "50")),
                    dir);
        }
        deleteTree(dir);
    }

    /**
     * Generates n chat-pairs records (about 3 % exact and 3 % near duplicates; every tenth a ti2t record in
     * TRL's vision form with one of three small images) and runs the pipeline, exporting to every target.
     */
    private static void child(long n, Path d) throws Exception {
        Path raw = d.resolve("raw.jsonl");
        Files.createDirectories(d.resolve("img"));
        for (int k = 0; k < 3; k++) {
            Files.write(d.resolve("img/" + k + ".png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', (byte) k});
        }
        try (BufferedWriter w = Files.newBufferedWriter(raw, StandardCharsets.UTF_8)) {
            for (long i = 0; i < n; i++) {
                long k = i % 33 == 32 ? i - 7 : i % 33 == 31 ? i - 5 : i; // exact (32) and near (31) copies
                String prompt = "Question " + k + ": how should item " + (k * 7919 % 100_003) + " be handled?";
                String chosen = "Handle item " + k + " carefully, checking each step twice.";
                String rejected = "Ignore item " + k + ".";
                if (i % 33 == 31) { // a near copy: other case and punctuation
                    prompt = prompt.toUpperCase() + "!!";
                }
                if (i % 10 == 3) {
                    w.write(Json.write(Map.of(
                            "prompt",
                            List.of(Map.of(
                                    "role",
                                    "user",
                                    "content",
                                    List.of(Map.of("type", "image"), Map.of("type", "text", "text", prompt)))),
                            "chosen",
                            chosen,
                            "rejected",
                            rejected,
                            "images",
                            List.of("img/" + (i % 3) + ".png"))));
                } else {
                    w.write(Json.write(Map.of("prompt", prompt, "chosen", chosen, "rejected", rejected)));
                }
                w.write('\n');
            }
        }
        resetPeaks();
        long t0 = System.nanoTime();
        DataConversion.Report c = DataConversion.convert(
                PreferenceFormat.CHAT_PAIRS, raw, d.resolve("u/all.jsonl"), Optional.empty(), null);
        long t1 = System.nanoTime();
        Path recipe = d.resolve("u/recipe.yaml");
        Files.writeString(recipe, "seed: 1\nvalid_fraction: 0.05\nsources:\n  - {name: gen, path: all.jsonl}\n");
        DataMix.Result m = DataMix.run(Recipe.load(recipe), d.resolve("mix"), null);
        long t2 = System.nanoTime();
        DataExport.Report e =
                DataExport.export(ExportTarget.LLAMAFACTORY, d.resolve("mix"), d.resolve("lf"), "gen", 1, null);
        long t3 = System.nanoTime();
        StringBuilder others = new StringBuilder();
        for (ExportTarget t : List.of(ExportTarget.TRL, ExportTarget.EASYR1)) {
            long a = System.nanoTime();
            DataExport.Report r = DataExport.export(t, d.resolve("mix"), d.resolve(t.id()), "gen", 1, null);
            double secs = (System.nanoTime() - a) / 1e9;
            others.append(String.format(
                    ", export %s %.1f s (%,.0f rec/s, %d files)",
                    t.id(), secs, r.records() / secs, r.files().size()));
        }
        double conv = (t1 - t0) / 1e9;
        double mix = (t2 - t1) / 1e9;
        double exp = (t3 - t2) / 1e9;
        DataMix.SourceCounts sc = m.sources().get("gen");
        System.out.printf(
                "  %,d records: convert %.1f s (%,.0f rec/s), mix %.1f s (%,.0f rec/s; %,d exact + %,d near"
                        + " duplicates removed), export llamafactory %.1f s (%,.0f rec/s, %d files)%s, convert + mix +"
                        + " export llamafactory %,.0f rec/s; peak heap %d MB of %d MB%n",
                n,
                conv,
                c.records() / conv,
                mix,
                c.records() / mix,
                sc.exactDuplicates(),
                sc.nearDuplicates(),
                exp,
                e.records() / exp,
                e.files().size(),
                others,
                n / (conv + mix + exp),
                peakHeapMb(),
                Runtime.getRuntime().maxMemory() >> 20);
    }

    private static void synthesis(int pairs, int concurrency, long delayMs, Path dir) throws Exception {
        // The JDK server writes a reply's headers and body as two packets; without TCP_NODELAY the body
        // waits for the client's delayed ACK (up to 40 ms), which would measure the server, not synthesis.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        ExecutorService pool = Executors.newCachedThreadPool();
        server.setExecutor(pool);
        java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger maxInFlight = new java.util.concurrent.atomic.AtomicInteger();
        server.createContext("/v1/chat/completions", ex -> {
            try (ex) {
                JsonNode req = Json.mapper().readTree(ex.getRequestBody().readAllBytes());
                String system = req.path("messages").get(0).path("content").asText();
                maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(delayMs);
                } finally {
                    inFlight.decrementAndGet();
                }
                String answer = system.startsWith("You write evaluation criteria")
                        ? "[[CRITERION]] Prefer the answer that handles the item carefully. [[END]]"
                        : "Fine.\n[[A]]";
                byte[] out =
                        ("{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{"
                                        + "\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
                                        + Json.write(answer)
                                        + "},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":30,\"completion_tokens\":6,"
                                        + "\"total_tokens\":36}}")
                                .getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(200, out.length);
                ex.getResponseBody().write(out);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        try {
            Path in = dir.resolve("syn-in.jsonl");
            List<org.omnireward.core.PreferencePair> ps = new ArrayList<>();
            for (int i = 0; i < pairs; i++) {
                String prompt = "Question " + i + "?";
                ps.add(org.omnireward.core.PreferencePair.text(
                        "s" + i,
                        Groups.ofPrompt(prompt),
                        "general",
                        prompt,
                        "careful answer " + i,
                        "careless answer " + i,
                        "gen:" + i));
            }
            UnifiedJsonlWriter.writeAll(in, ps);
            Map<String, String> opts = Map.of(
                    "base-url",
                    "http://127.0.0.1:" + server.getAddress().getPort() + "/v1",
                    "cache",
                    "false",
                    "api-key-env",
                    "NO_SUCH_VARIABLE_FOR_BENCH");
            try (TextChat chat = TextChat.open(ModelSpec.parse("openai:teacher", opts));
                    var v1 = RewardModels.create(ModelSpec.parse("openai:verifier-1", opts));
                    var v2 = RewardModels.create(ModelSpec.parse("openai:verifier-2", opts))) {
                TextGenerator teacher = new TextGenerator() {
                    @Override
                    public String name() {
                        return chat.name();
                    }

                    @Override
                    public Generation generate(String system, String user, List<MediaRef> media) {
                        ChatBackend.Reply r = chat.reply(system, user, media);
                        return new Generation(r.text(), r.usage());
                    }
                };
                // a warm-up run over the first 2 x concurrency pairs (class loading, connections), then the timed run
                TeacherSynthesis.Options o = new TeacherSynthesis.Options(
                        1, TeacherSynthesis.Agree.MAJORITY, concurrency, RetryPolicy.defaults(), 0, 0, Map.of());
                List<TeacherSynthesis.Verifier> vs = List.of(
                        new TeacherSynthesis.Verifier("v1", (PairwiseRewardModel) v1),
                        new TeacherSynthesis.Verifier("v2", (PairwiseRewardModel) v2));
                TeacherSynthesis.Options warm = new TeacherSynthesis.Options(
                        1,
                        TeacherSynthesis.Agree.MAJORITY,
                        concurrency,
                        RetryPolicy.defaults(),
                        0,
                        2L * concurrency,
                        Map.of());
                TeacherSynthesis.run(in, dir.resolve("syn-warm.jsonl"), teacher, vs, warm, null);
                maxInFlight.set(0);
                long t0 = System.nanoTime();
                TeacherSynthesis.Summary s =
                        TeacherSynthesis.run(in, dir.resolve("syn-out.jsonl"), teacher, vs, o, null);
                double secs = (System.nanoTime() - t0) / 1e9;
                double rate = s.processed() / secs;
                double ideal = concurrency / (3 * delayMs / 1000.0);
                System.out.printf(
                        "synthesis: %,d pairs (teacher + 2 verifiers = 3 calls each), %d ms per call, "
                                + "concurrency %d: %.1f s, %.1f pairs/s; ideal %.1f pairs/s; fraction %.3f (kept %,d; at most %d"
                                + " requests in flight at the server)%n",
                        s.processed(),
                        delayMs,
                        concurrency,
                        secs,
                        rate,
                        ideal,
                        rate / ideal,
                        s.kept(),
                        maxInFlight.get());
            }
        } finally {
            server.stop(0);
            pool.shutdownNow();
        }
    }

    static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
    }

    static long peakHeapMb() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum >> 20;
    }

    private static void deleteTree(Path p) throws java.io.IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var s = Files.walk(p)) {
            s.sorted(java.util.Comparator.reverseOrder())
                    .forEach(f -> f.toFile().delete());
        }
    }
}
