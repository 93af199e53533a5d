package org.omnireward.perf;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import org.omnireward.bench.metrics.RunInfo;
import org.omnireward.bench.metrics.Summary;
import org.omnireward.bench.metrics.SummaryCalculator;
import org.omnireward.bench.metrics.SummaryWriter;
import org.omnireward.bench.results.PredictionRecord;
import org.omnireward.bench.results.PredictionsFile;
import org.omnireward.bench.results.Setting;
import org.omnireward.core.util.Json;
import org.omnireward.explore.ExploreDb;
import org.omnireward.explore.ExploreServer;
import org.omnireward.explore.Explorer;

/**
 * {@code perf/run explore}: the explorer on generated runs of 10,000 and 100,000 prediction lines each (a judge
 * run with rationales, raw outputs, tokens, failures of several kinds and swap bookkeeping, and a scalar run, over
 * a unified-JSONL benchmark of t2t samples: every line in one task, the worst case for a list), each size in a
 * child JVM with a small heap. Per size it prints the time to index, the time from the start to the first list
 * page over HTTP, every filter's time (first and median of five), deep paging and a sample page, the heap after a
 * full GC with the explorer open and the peak heap; against a baseline measured in the same process: one pass of
 * Jackson over {@code predictions.jsonl} that applies the "wrong" filter, which is what a filter costs without the
 * index. The goals (issue 19): first page under 2 s, any filter under 1 s at 100,000 lines, heap flat in the run
 * size.
 */
public final class ExploreBench {

    private static final String[] WORDS = ("the a answer model response criterion prompt image video audio colour"
                    + " blue red green moves left right upwards downwards careful accurate concise detailed helpful honest"
                    + " harmless because therefore however score better worse first second both neither clearly shows"
                    + " matches ignores describes follows instruction question user assistant evidence frame sound object")
            .split(" ");

    private ExploreBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            child(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Path.of(args[3]));
            return;
        }
        String sizes = PerfBench.opt(args, "--lines", "10000,100000");
        String xmx = PerfBench.opt(args, "--xmx", "256m");
        int runs = Integer.parseInt(PerfBench.opt(args, "--runs", "2"));
        System.out.printf(
                "explore: %d run(s) per size (judge%s), t2t only; child JVM -Xmx%s; %d cores; load average"
                        + " at start %s%n",
                runs, runs > 1 ? " + scalar" : "", xmx, Runtime.getRuntime().availableProcessors(), loadAverage());
        boolean keep = PerfBench.flag(args, "--keep");
        Path dir = PerfBench.opt(args, "--dir", null) != null
                ? Path.of(PerfBench.opt(args, "--dir", null))
                : Files.createTempDirectory("omni-explore-bench");
        String jar = Path.of(ExploreBench.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .toString();
        for (String s : sizes.split(",")) {
            int n = Integer.parseInt(s.trim());
            Path d = dir.resolve("n" + n);
            Files.createDirectories(d);
            Process p = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Xmx" + xmx,
                            "-cp",
                            jar,
                            ExploreBench.class.getName(),
                            "child",
                            Integer.toString(n),
                            Integer.toString(runs),
                            d.toString())
                    .inheritIO()
                    .start();
            int rc = p.waitFor();
            if (rc != 0) {
                System.out.printf("  %,d lines: the child JVM failed (exit %d)%n", n, rc);
            }
            if (!keep) {
                deleteTree(d);
            }
        }
        if (!keep) {
            deleteTree(dir);
        } else {
            System.out.println("generated runs and benchmarks kept in " + dir);
        }
        System.out.printf("load average at the end %s%n", loadAverage());
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return String.format(
                    Locale.ROOT,
                    "%.2f",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static void child(int lines, int runCount, Path d) throws Exception {
        Path bench = d.resolve("bench.jsonl");
        int samples = lines / 2;
        generateBenchmark(bench, samples);
        List<Path> runs = new ArrayList<>();
        runs.add(generateRun(d.resolve("judge"), bench, samples, true));
        if (runCount > 1) {
            runs.add(generateRun(d.resolve("scalar"), bench, samples, false));
        }
        long bytes = Files.size(runs.get(0).resolve(PredictionsFile.NAME));

        // baseline: one Jackson pass over predictions.jsonl applying the "wrong" filter
        double[] base = new double[3];
        for (int i = 0; i < base.length; i++) {
            long t0 = System.nanoTime();
            long wrong = 0;
            try (BufferedReader in =
                    Files.newBufferedReader(runs.get(0).resolve(PredictionsFile.NAME), StandardCharsets.UTF_8)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    PredictionRecord r = PredictionsFile.parseLine(line);
                    if (!r.failed() && r.prediction() != null && !r.prediction().equals(r.label())) {
                        wrong++;
                    }
                }
            }
            base[i] = (System.nanoTime() - t0) / 1e6;
            if (wrong < 0) {
                System.out.println(wrong);
            }
        }
        Arrays.sort(base);
        double baseline = base[1];

        DataBench.resetPeaks();
        long tDuck = System.nanoTime();
        ExploreDb.create().close(); // the DuckDB native library loads once per process
        double duckMs = (System.nanoTime() - tDuck) / 1e6;
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long t0 = System.nanoTime();
        Explorer explorer = Explorer.runs(runs, Optional.empty(), Optional.empty(), n -> {});
        ExploreServer server = ExploreServer.start(explorer, ExploreServer.Settings.local(), System.err);
        double serverUp = (System.nanoTime() - t0) / 1e6;
        String base0 = "http://127.0.0.1:" + server.port();
        long tPage = System.nanoTime();
        get(http, base0 + "/tasks/t2t?setting=no_ties");
        double firstPage = (System.nanoTime() - tPage) / 1e6;
        double startToFirst = (System.nanoTime() - t0) / 1e6;
        explorer.awaitIndexed();
        double full = (System.nanoTime() - t0) / 1e6;
        String timings = explorer.timings().toString().replace("=", " ").replace("}", " ms}");

        String q = "/tasks/t2t?setting=";
        List<String[]> filters = List.of(
                new String[] {"all, page 1 (warm)", q + "no_ties"},
                new String[] {"wrong (judge)", q + "no_ties&run=judge&status=wrong"},
                new String[] {"failed (any run)", q + "no_ties&status=failed"},
                new String[] {"failed: unparseable", q + "no_ties&run=judge&status=failed:unparseable"},
                new String[] {"swap-inconsistent", q + "no_ties&run=judge&status=inconsistent"},
                new String[] {"label tie (ties)", q + "ties&label=tie"},
                new String[] {"predicted tie (ties)", q + "ties&status=predicted-tie"},
                new String[] {"runs disagree", q + "no_ties&disagree=1"},
                new String[] {"text: common word", q + "no_ties&q=careful"},
                new String[] {"text: rare word", q + "no_ties&q=zebra"},
                new String[] {"wrong + disagree + text", q + "no_ties&run=judge&status=wrong&disagree=1&q=colour"},
                new String[] {"deep page (offset 20,000)", q + "no_ties&page=400"},
                new String[] {"sample page", "/sample/t2t?id=s" + (samples / 2) + "&setting=no_ties"},
                new String[] {"run overview", "/runs/judge"},
                new String[] {"all runs", "/runs"});
        double worstFilter = 0;
        StringBuilder table = new StringBuilder();
        for (String[] f : filters) {
            double first = get(http, base0 + f[1]);
            double[] t = new double[5];
            for (int i = 0; i < t.length; i++) {
                t[i] = get(http, base0 + f[1]);
            }
            Arrays.sort(t);
            if (!f[0].startsWith("all")) {
                worstFilter = Math.max(worstFilter, Math.max(first, t[2]));
            }
            table.append(String.format(
                    Locale.ROOT,
                    "      %-28s first %7.1f ms, median %7.1f ms (baseline/median %5.1f)%n",
                    f[0],
                    first,
                    t[2],
                    baseline / t[2]));
        }
        System.gc();
        long liveMb = (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20;
        long peak = DataBench.peakHeapMb();
        server.close();
        explorer.close();
        System.out.printf(
                Locale.ROOT,
                "  %,d lines per run x %d run(s) (%,d MB of predictions per run), %,d samples:%n"
                        + "    DuckDB load %.0f ms; server listening after %.0f ms; start to first list page %.0f ms (of it, waiting for the"
                        + " page %.0f ms)"
                        + " [goal < 2000]; fully indexed (benchmark records, rationales) after %.0f ms %s%n"
                        + "    slowest filter %.0f ms [goal < 1000]; heap after GC with the explorer open %d MB, peak %d MB of %d MB%n"
                        + "    baseline (one Jackson pass over predictions.jsonl applying 'wrong') %.0f ms%n%s"
                        + "    load average %s%n",
                lines,
                runs.size(),
                bytes >> 20,
                samples,
                duckMs,
                serverUp,
                startToFirst,
                firstPage,
                full,
                timings,
                worstFilter,
                liveMb,
                peak,
                Runtime.getRuntime().maxMemory() >> 20,
                baseline,
                table,
                loadAverage());
    }

    private static double get(HttpClient http, String url) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> r =
                http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        double ms = (System.nanoTime() - t0) / 1e6;
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
        }
        return ms;
    }

    private static String words(Random rnd, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(WORDS[rnd.nextInt(WORDS.length)]);
        }
        return sb.toString();
    }

    /** A unified JSONL benchmark of t2t samples (split test, as data convert --from omnirewardbench writes). */
    private static void generateBenchmark(Path file, int samples) throws Exception {
        Random rnd = new Random(1);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < samples; i++) {
                ObjectNode o = Json.mapper().createObjectNode();
                o.put("id", "s" + i);
                o.put("task", "t2t");
                o.put("criteria", "Prefer the " + words(rnd, 12) + ".");
                o.put("prompt", "Question " + i + ": " + words(rnd, 25) + "?");
                o.put("chosen", "Answer " + i + " A: " + words(rnd, 70));
                o.put("rejected", "Answer " + i + " B: " + words(rnd, 60));
                o.put("tie", i % 7 == 0);
                o.put("source", "perf:bench.jsonl#L" + (i + 1));
                o.put("split", "test");
                o.put("schema_version", 3);
                w.write(o.toString());
                w.write('\n');
            }
        }
    }

    /** A run folder: predictions.jsonl (both settings), run.json naming the benchmark, summary.json. */
    private static Path generateRun(Path dir, Path bench, int samples, boolean judge) throws Exception {
        Files.createDirectories(dir);
        Random rnd = new Random(judge ? 2 : 3);
        List<PredictionRecord> all = new ArrayList<>();
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve(PredictionsFile.NAME), StandardCharsets.UTF_8)) {
            for (Setting s : Setting.values()) {
                for (int i = 0; i < samples; i++) {
                    boolean tie = i % 7 == 0;
                    if (tie && s == Setting.NO_TIES) {
                        continue;
                    }
                    String label = tie ? "tie" : i % 2 == 0 ? "response1" : "response2";
                    PredictionRecord r;
                    if (judge) {
                        int fate = rnd.nextInt(100);
                        boolean failed = fate < 4;
                        String kind =
                                failed ? (fate < 2 ? "unparseable" : fate < 3 ? "transient" : "rate_limited") : null;
                        String pred = failed
                                ? null
                                : rnd.nextInt(10) < 7
                                        ? label
                                        : (s == Setting.TIES && rnd.nextBoolean()
                                                ? "tie"
                                                : label.equals("response1") ? "response2" : "response1");
                        if (s == Setting.NO_TIES && "tie".equals(pred)) {
                            pred = "response1";
                        }
                        String rationale =
                                failed ? null : "Response A " + words(rnd, 40) + ". Response B " + words(rnd, 40) + ".";
                        String raw = failed && kind.equals("unparseable")
                                ? words(rnd, 60)
                                : failed
                                        ? null
                                        : rationale + " Verdict: [["
                                                + ("response1".equals(pred)
                                                        ? "A"
                                                        : "response2".equals(pred) ? "B" : "C")
                                                + "]]";
                        r = new PredictionRecord(
                                "s" + i,
                                "t2t",
                                s.wireName(),
                                i,
                                label,
                                pred,
                                rnd.nextBoolean(),
                                null,
                                failed,
                                false,
                                failed ? kind + ": generated failure" : null,
                                failed ? 3 : 1,
                                200 + rnd.nextInt(2000),
                                rationale,
                                raw,
                                failed ? null : 900L + rnd.nextInt(400),
                                failed ? null : 150L + rnd.nextInt(200),
                                failed ? null : rnd.nextInt(10) < 8,
                                kind);
                    } else {
                        double s1 = rnd.nextGaussian();
                        double s2 = rnd.nextGaussian() + ("response2".equals(label) ? 0.4 : 0);
                        String pred = s1 > s2 ? "response1" : "response2";
                        r = new PredictionRecord(
                                "s" + i,
                                "t2t",
                                s.wireName(),
                                i,
                                label,
                                pred,
                                null,
                                List.of(s1, s2),
                                false,
                                false,
                                null,
                                1,
                                3,
                                null);
                    }
                    w.write(PredictionsFile.toLine(r));
                    all.add(stripped(r));
                }
            }
        }
        ObjectNode run = Json.mapper().createObjectNode();
        run.put("model", judge ? "openai:judge" : "embedded");
        run.put("data", bench.toString());
        run.put("format", "unified");
        run.putArray("settings").add("no_ties").add("ties");
        run.putArray("tasks").add("t2t");
        run.putArray("unsupported");
        run.put("seed", 0);
        run.put("tie_calibration", "definition");
        run.put("tie_scope", "per_task");
        Files.writeString(dir.resolve("run.json"), Json.write(run));
        Summary summary = SummaryCalculator.summarize(all, RunInfo.fromRunConfig(run, dir.resolve("run.json"), "x"));
        SummaryWriter.write(dir.resolve(SummaryWriter.NAME), summary);
        return dir;
    }

    private static PredictionRecord stripped(PredictionRecord r) {
        return new PredictionRecord(
                r.id(),
                r.task(),
                r.setting(),
                r.index(),
                r.label(),
                r.prediction(),
                r.swapped(),
                r.scores(),
                r.failed(),
                r.invalid(),
                r.error(),
                r.attempts(),
                r.latencyMs(),
                null,
                null,
                r.inputTokens(),
                r.outputTokens(),
                r.swapConsistent(),
                r.errorKind());
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
