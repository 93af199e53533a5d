package org.omnireward.perf;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.omnireward.bench.metrics.RunInfo;
import org.omnireward.bench.metrics.Summary;
import org.omnireward.bench.metrics.SummaryCalculator;
import org.omnireward.bench.metrics.SummaryWriter;
import org.omnireward.bench.results.PredictionRecord;
import org.omnireward.bench.results.PredictionsFile;
import org.omnireward.bench.results.Setting;
import org.omnireward.core.util.Json;

/**
 * {@code perf/run explore}: the explorer as a user starts it, on generated runs of 10,000 and 100,000 prediction
 * lines each (a judge run with rationales, raw outputs, tokens, failures of several kinds and swap bookkeeping, and
 * a scalar run, over a unified-JSONL benchmark of t2t samples: every line in one task, the worst case for a list).
 *
 * <p>Per size and attempt it launches {@code ./omni-reward explore RUN...} (the launcher with
 * {@code OMNI_REWARD_NO_BUILD=1}, so the JVM's start, the command line, loading DuckDB, reading the summaries,
 * indexing and the server's start are all counted) and times from the launch to the first list page over HTTP
 * (the page waits for the index), then to a sample page (which waits for the background pass: prompts, media,
 * rationales). On the last attempt it times every filter (first and median of five) and reads the heap after a
 * full GC ({@code jcmd}). It does the same with the launcher's class archive switched off
 * ({@code OMNI_REWARD_CDS=0}; a launch that had to write the archive, the first after a build, is marked and left
 * out of the median), and with {@code --baseline DIR} (a checkout of another commit, built: see
 * {@code perf/explore-baseline}) with that checkout's launcher; the sides take turns, so the previous approach is
 * measured in the same period. Filters are also compared with one Jackson pass over
 * {@code predictions.jsonl} applying the "wrong" filter (what a filter costs without an index). The goals
 * (issue 19): first page under 2 s, any filter under 1 s at 100,000 lines, heap flat in the run size.
 */
public final class ExploreBench {

    private static final String[] WORDS = ("the a answer model response criterion prompt image video audio colour"
                    + " blue red green moves left right upwards downwards careful accurate concise detailed helpful honest"
                    + " harmless because therefore however score better worse first second both neither clearly shows"
                    + " matches ignores describes follows instruction question user assistant evidence frame sound object")
            .split(" ");

    private ExploreBench() {}

    /** A build to measure: its launcher, and environment variables to launch it with. */
    private record Side(String name, Path launcher, Map<String, String> env) {}

    /**
     * One launch: times from the launch (first list page; every line indexed, the whole list, when the first page
     * was a first look; background pass), the load average after it, what the command printed, whether the first
     * page said it was a first look, and whether the launcher wrote its class archive in this run (the first
     * after a build: no archive to start from).
     */
    private record Attempt(
            double firstPageMs,
            double wholeListMs,
            double fullMs,
            String load,
            List<String> said,
            boolean firstLook,
            boolean wroteArchive) {}

    public static void main(String[] args) throws Exception {
        String sizes = PerfBench.opt(args, "--lines", "10000,100000");
        String xmx = PerfBench.opt(args, "--xmx", "256m");
        int runs = Integer.parseInt(PerfBench.opt(args, "--runs", "2"));
        int attempts = Integer.parseInt(PerfBench.opt(args, "--attempts", "3"));
        Path repo =
                Path.of(PerfBench.opt(args, "--repo", repoRoot().toString())).toAbsolutePath();
        List<Side> sides = new ArrayList<>();
        sides.add(new Side("this build", launcher(repo), Map.of()));
        if (!PerfBench.flag(args, "--skip-no-archive")) {
            sides.add(new Side(
                    "this build without its class archive (OMNI_REWARD_CDS=0)",
                    launcher(repo),
                    Map.of("OMNI_REWARD_CDS", "0")));
        }
        String baseline = PerfBench.opt(args, "--baseline", null);
        if (baseline != null) {
            sides.add(new Side(
                    "baseline " + describe(Path.of(baseline)),
                    launcher(Path.of(baseline).toAbsolutePath()),
                    Map.of()));
        }
        System.out.printf(
                "explore: %d run(s) per size (judge%s), t2t only; ./omni-reward explore with -Xmx%s; %d"
                        + " attempt(s) per side%s; %d cores; load average at start %s%n",
                runs,
                runs > 1 ? " + scalar" : "",
                xmx,
                attempts,
                sides.size() > 1 ? ", sides alternating" : "",
                Runtime.getRuntime().availableProcessors(),
                loadAverage());
        boolean keep = PerfBench.flag(args, "--keep");
        Path dir = PerfBench.opt(args, "--dir", null) != null
                ? Path.of(PerfBench.opt(args, "--dir", null))
                : Files.createTempDirectory("omni-explore-bench");
        for (String s : sizes.split(",")) {
            int n = Integer.parseInt(s.trim());
            Path d = dir.resolve("n" + n);
            Files.createDirectories(d);
            measure(n, runs, attempts, xmx, sides, d);
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

    /** The checkout this jar was built in ({@code perf/target/omni-reward-perf.jar}). */
    private static Path repoRoot() throws Exception {
        Path jar = Path.of(ExploreBench.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        return jar.getParent().getParent().getParent();
    }

    private static Path launcher(Path checkout) {
        Path launcher = checkout.resolve("omni-reward");
        Path jar = checkout.resolve("omni-reward-cli/target/omni-reward.jar");
        if (!Files.isExecutable(launcher) || !Files.isRegularFile(jar)) {
            throw new IllegalArgumentException(checkout + ": no launcher or no built command line (" + jar
                    + "); build it" + " with: mvn -B -DskipTests -pl omni-reward-cli -am package");
        }
        return launcher;
    }

    private static String describe(Path checkout) {
        try {
            Process p = new ProcessBuilder("git", "-C", checkout.toString(), "log", "-1", "--format=%h %s").start();
            String line = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor();
            return "(" + (line.length() > 60 ? line.substring(0, 60) + "..." : line) + ")";
        } catch (Exception e) {
            return "(" + checkout + ")";
        }
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return String.format(
                    Locale.ROOT,
                    "%.2f",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static void measure(int lines, int runCount, int attempts, String xmx, List<Side> sides, Path d)
            throws Exception {
        Path bench = d.resolve("bench.jsonl");
        int samples = lines / 2;
        generateBenchmark(bench, samples);
        List<Path> runs = new ArrayList<>();
        runs.add(generateRun(d.resolve("judge"), bench, samples, true));
        if (runCount > 1) {
            runs.add(generateRun(d.resolve("scalar"), bench, samples, false));
        }
        long bytes = Files.size(runs.get(0).resolve(PredictionsFile.NAME));
        double baseline = jacksonPass(runs.get(0));
        System.out.printf(
                Locale.ROOT,
                "  %,d lines per run x %d run(s) (%,d MB of predictions in the first), %,d"
                        + " samples; baseline (one Jackson pass over predictions.jsonl applying 'wrong') %.0f ms%n",
                lines,
                runs.size(),
                bytes >> 20,
                samples,
                baseline);

        Map<Side, List<Attempt>> results = new LinkedHashMap<>();
        Map<Side, String> details = new LinkedHashMap<>();
        sides.forEach(s -> results.put(s, new ArrayList<>()));
        for (int a = 0; a < attempts; a++) {
            List<Side> order = new ArrayList<>(sides);
            java.util.Collections.rotate(order, -a); // each side first in turn
            for (Side side : order) {
                boolean last = a == attempts - 1;
                StringBuilder more = last ? new StringBuilder() : null;
                results.get(side).add(launch(side, runs, samples, xmx, d, baseline, more));
                if (more != null) {
                    details.put(side, more.toString());
                }
            }
        }
        Map<Side, double[]> medians = new LinkedHashMap<>();
        for (Side side : sides) {
            List<Attempt> as = results.get(side);
            StringBuilder each = new StringBuilder();
            for (Attempt a : as) {
                each.append(String.format(
                        Locale.ROOT,
                        "%s%.0f ms%s (load %s%s)",
                        each.length() == 0 ? "" : ", ",
                        a.firstPageMs(),
                        a.firstLook() ? " (a first look)" : "",
                        a.load(),
                        a.wroteArchive() ? "; no class archive yet: this run wrote it" : ""));
            }
            List<Attempt> counted = as.stream().filter(a -> !a.wroteArchive()).toList();
            if (counted.isEmpty()) {
                counted = as;
            }
            double[] m = {
                median(counted.stream().mapToDouble(Attempt::firstPageMs).toArray()),
                median(counted.stream().mapToDouble(Attempt::fullMs).toArray()),
                median(counted.stream().mapToDouble(Attempt::wholeListMs).toArray())
            };
            medians.put(side, m);
            System.out.printf(
                    Locale.ROOT,
                    "    %s: launch to first list page: %s; median %.0f ms%s [goal < 2000]; to every line indexed"
                            + " (the whole list): median %.0f ms; to the background pass done (a sample page):"
                            + " median %.0f ms%n",
                    side.name(),
                    each,
                    m[0],
                    counted.size() < as.size() ? " (runs that found the archive)" : "",
                    m[2],
                    m[1]);
            as.get(as.size() - 1).said().forEach(l -> System.out.println("      it said: " + l));
            System.out.print(details.getOrDefault(side, ""));
        }
        double[] mine = medians.get(sides.get(0));
        for (Side other : sides.subList(1, sides.size())) {
            double[] m = medians.get(other);
            System.out.printf(
                    Locale.ROOT,
                    "    this build / %s, medians: first page %.2f, whole list %.2f, background pass %.2f%n",
                    other.name(),
                    mine[0] / m[0],
                    mine[2] / m[2],
                    mine[1] / m[1]);
        }
    }

    /** One Jackson pass over a run's predictions applying the "wrong" filter: median of three, in ms. */
    private static double jacksonPass(Path run) throws Exception {
        double[] base = new double[3];
        for (int i = 0; i < base.length; i++) {
            long t0 = System.nanoTime();
            long wrong = 0;
            try (BufferedReader in =
                    Files.newBufferedReader(run.resolve(PredictionsFile.NAME), StandardCharsets.UTF_8)) {
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
        return median(base);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /**
     * Launches the side's {@code ./omni-reward explore} on the runs, times the first list page and a sample page
     * from the launch; with {@code more}, also every filter and the heap after a full GC; then stops it (SIGTERM).
     */
    private static Attempt launch(
            Side side, List<Path> runs, int samples, String xmx, Path d, double baseline, StringBuilder more)
            throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(List.of(side.launcher().toString(), "explore"));
        runs.forEach(r -> cmd.add(r.toString()));
        cmd.addAll(List.of("--port", Integer.toString(port)));
        Path log = d.resolve("explore.log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OMNI_REWARD_NO_BUILD", "1");
        pb.environment().put("OMNI_REWARD_JAVA_OPTS", "-Xmx" + xmx);
        pb.environment().remove("OMNI_REWARD_CDS");
        pb.environment().putAll(side.env());
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(java.time.Duration.ofSeconds(2))
                .build();
        String base = "http://127.0.0.1:" + port;
        long t0 = System.nanoTime();
        Process p = pb.start();
        try {
            String firstBody;
            while (true) {
                if (!p.isAlive()) {
                    throw new IllegalStateException(
                            side.name() + ": explore exited (" + p.exitValue() + "): " + Files.readString(log));
                }
                try {
                    HttpResponse<String> r = http.send(
                            HttpRequest.newBuilder(URI.create(base + "/tasks/t2t?setting=no_ties"))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException(side.name() + ": the first page answered " + r.statusCode());
                    }
                    firstBody = r.body();
                    break;
                } catch (java.net.ConnectException e) {
                    Thread.sleep(10);
                }
            }
            double first = (System.nanoTime() - t0) / 1e6;
            // a first look (the samples of the first MB of each run) says so; the page reloads when /indexed says
            boolean firstLook = firstBody.contains("id=\"partial\"");
            double whole = first;
            if (firstLook) {
                while (!http.send(
                                HttpRequest.newBuilder(URI.create(base + "/indexed"))
                                        .GET()
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body()
                        .contains("\"runs\":true")) {
                    Thread.sleep(10);
                }
                whole = (System.nanoTime() - t0) / 1e6;
            }
            get(http, base + "/sample/t2t?id=s" + (samples / 4) + "&setting=no_ties");
            double full = (System.nanoTime() - t0) / 1e6;
            String load = loadAverage();
            if (more != null) {
                filters(http, base, samples, baseline, more);
                more.append(String.format(
                        Locale.ROOT,
                        "      heap after a full GC with the explorer open: %s (load %s)%n",
                        heapAfterGc(jvm(p)),
                        loadAverage()));
            }
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            List<String> said = all.stream()
                    .filter(l -> l.startsWith("indexed") || l.startsWith("error") || l.startsWith("note"))
                    .toList();
            return new Attempt(
                    first,
                    whole,
                    full,
                    load,
                    said,
                    firstLook,
                    all.stream().anyMatch(l -> l.contains("writes a class archive")));
        } finally {
            p.destroy(); // SIGTERM: the explorer stops and deletes its index
            if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private static void filters(HttpClient http, String base0, int samples, double baseline, StringBuilder out)
            throws Exception {
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
        double worst = 0;
        StringBuilder table = new StringBuilder();
        for (String[] f : filters) {
            double first = get(http, base0 + f[1]);
            double[] t = new double[5];
            for (int i = 0; i < t.length; i++) {
                t[i] = get(http, base0 + f[1]);
            }
            double med = median(t);
            if (!f[0].startsWith("all")) {
                worst = Math.max(worst, Math.max(first, med));
            }
            table.append(String.format(
                    Locale.ROOT,
                    "        %-28s first %7.1f ms, median %7.1f ms (baseline/median %5.1f)%n",
                    f[0],
                    first,
                    med,
                    baseline / med));
        }
        out.append(String.format(
                        Locale.ROOT, "      slowest filter %.0f ms [goal < 1000] (load %s)%n", worst, loadAverage()))
                .append(table);
    }

    /** The explorer's JVM: the launcher's process once it exec'd java, else its child. */
    private static long jvm(Process p) {
        return p.toHandle().children().findFirst().map(ProcessHandle::pid).orElse(p.pid());
    }

    /** The heap in use after a full GC of another JVM, by {@code jcmd}. */
    private static String heapAfterGc(long pid) throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        run(jcmd, Long.toString(pid), "GC.run");
        String info = run(jcmd, Long.toString(pid), "GC.heap_info");
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(info);
        return m.find()
                ? String.format(
                        Locale.ROOT,
                        "%d MB (of %d MB committed)",
                        Long.parseLong(m.group(2)) >> 10,
                        Long.parseLong(m.group(1)) >> 10)
                : "unknown (" + info.strip() + ")";
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
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
