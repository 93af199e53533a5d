package org.omnireward.perf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.omnireward.core.util.Json;
import org.omnireward.scalar.Encoder;
import org.omnireward.scalar.encode.CachedEncoder;
import org.omnireward.scalar.encode.EmbeddingCache;
import org.omnireward.scalar.encode.TextEncoders;
import org.omnireward.scalar.encode.TextHash;

/**
 * Text encoders: sentences per second of {@code minilm} and {@code bge-small} on the same short
 * texts (AlpacaEval instructions of at most 32 words and criteria) and long texts (AlpacaEval
 * outputs); the embedding cache (cold pass, reopen, warm pass, and a 100,000-vector file); and a
 * quick quality proxy: how well a linear Bradley-Terry head on frozen features predicts (A) the
 * judge's preference on non-tie AlpacaEval pairs from four annotation files, overall and on the
 * length-balanced subset (the preferred answer is the shorter one), and (B) the human-labelled
 * XSTest compliance-versus-refusal pairs, beside the {@code length} and {@code random} baselines.
 * Texts come from {@code ../shared/data/text-preferences}; without it, generated texts are used
 * (and the quality proxy is skipped).
 */
final class EncoderBench {

    static final List<String> QUALITY_FILES = List.of(
            "claude__alpaca_eval_gpt4.json",
            "gpt4_0613_concise__weighted_alpaca_eval_gpt4_turbo.json",
            "Mixtral-8x7B-Instruct-v0.1__alpaca_eval_gpt4_turbo_fn.json",
            "zephyr-7b-beta__alpaca_eval_gpt4.json");

    static final List<String> CRITERIA = List.of(
            "Prefer the answer that is more helpful and accurate.",
            "Prefer the more concise answer.",
            "Prefer the more detailed answer with examples.",
            "Prefer the answer a ten-year-old can understand.",
            "Prefer an answer formatted as a bulleted list.",
            "Prefer an answer written as flowing prose, without lists.",
            "Prefer the answer that politely refuses unsafe requests.",
            "Prefer the answer that complies with the request.",
            "Prefer the answer with correct, runnable code.",
            "Prefer the more formal tone.",
            "Prefer the friendlier, more casual tone.",
            "Prefer the answer that cites its sources.",
            "Prefer the answer that asks a clarifying question when the request is ambiguous.",
            "Prefer the answer without factual errors, even if it is shorter.",
            "Prefer the answer that follows every instruction in the prompt.",
            "Prefer the more creative answer.",
            "Prefer the safer answer for a medical question.",
            "Prefer the answer that avoids jargon.",
            "Prefer the answer that gives step-by-step reasoning.",
            "Prefer the answer that matches the requested word count.");

    /** L2 penalty of the linear head in the quality proxy. */
    static double l2 = 0.1;

    private EncoderBench() {}

    static void main(String[] args) throws Exception {
        int textCount = Integer.parseInt(PerfBench.opt(args, "--texts", "2000"));
        int pairCount = Integer.parseInt(PerfBench.opt(args, "--pairs", "2000"));
        boolean quality = !PerfBench.flag(args, "--skip-quality");
        boolean speed = !PerfBench.flag(args, "--skip-speed");
        String qualityCache = PerfBench.opt(args, "--cache-dir", null);
        l2 = Double.parseDouble(PerfBench.opt(args, "--l2", String.valueOf(l2)));
        Optional<Path> alpaca = alpacaEval(PerfBench.opt(args, "--data", null));
        System.out.printf(
                "text encoders on %d cores (%s)%n",
                Runtime.getRuntime().availableProcessors(),
                alpaca.map(p -> "texts from " + p).orElse("generated texts: ../shared/data not found"));

        List<String> shortTexts;
        List<String> longTexts;
        if (alpaca.isPresent()) {
            shortTexts = shortTexts(alpaca.get(), textCount);
            longTexts = longTexts(alpaca.get(), textCount);
        } else {
            shortTexts = generated(textCount, 6, 32, 1);
            longTexts = generated(textCount, 120, 500, 2);
        }
        System.out.printf(
                "  short: %d texts, mean %.0f chars (%.1f words); long: %d texts, mean %.0f chars (%.0f words)%n",
                shortTexts.size(),
                meanChars(shortTexts),
                meanWords(shortTexts),
                longTexts.size(),
                meanChars(longTexts),
                meanWords(longTexts));

        Path tmp = Files.createTempDirectory("omni-perf-encoders");
        try {
            if (speed) {
                speedAndCache(tmp, shortTexts, longTexts);
            }
            if (quality) {
                System.out.println();
                if (alpaca.isEmpty()) {
                    System.out.println("quality proxy skipped: needs ../shared/data/text-preferences/alpaca_eval");
                } else {
                    qualityProxy(
                            alpaca.get(),
                            pairCount,
                            qualityCache != null ? Path.of(qualityCache) : tmp.resolve("quality"));
                }
            }
        } finally {
            try (Stream<Path> walk = Files.walk(tmp)) {
                walk.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    static void speedAndCache(Path tmp, List<String> shortTexts, List<String> longTexts) throws IOException {
        {
            System.out.println();
            System.out.println(
                    "throughput (sentences/s, best of 2 interleaved rounds; each encoder runs one text per ONNX call"
                            + " on its worker threads)");
            List<String> names = List.of(TextEncoders.MINILM, TextEncoders.BGE_SMALL);
            Map<String, Encoder> encoders = new LinkedHashMap<>();
            Map<String, Double> loadSeconds = new HashMap<>();
            Map<String, double[]> speed = new LinkedHashMap<>();
            try {
                for (String name : names) {
                    long t0 = System.nanoTime();
                    Encoder encoder = TextEncoders.create(name);
                    encoders.put(name, encoder);
                    loadSeconds.put(name, seconds(t0));
                    encoder.encodeTexts(shortTexts.subList(0, Math.min(200, shortTexts.size())));
                    encoder.encodeTexts(longTexts.subList(0, Math.min(64, longTexts.size())));
                    speed.put(name, new double[2]);
                }
                for (int round = 0; round < 2; round++) {
                    for (String name : names) {
                        double[] best = speed.get(name);
                        best[0] = Math.max(best[0], rate(encoders.get(name), shortTexts));
                        best[1] = Math.max(best[1], rate(encoders.get(name), longTexts));
                    }
                }
                for (String name : names) {
                    Encoder encoder = encoders.get(name);
                    long cut = longTexts.stream()
                            .filter(t -> encoder.canonicalText(t).length()
                                    < t.strip().length())
                            .count();
                    System.out.printf(
                            "  %-34s load %.1f s   short %7.1f/s   long %6.1f/s   (reads %d word pieces; %d of %d long texts cut to %,d chars)%n",
                            encoder.id(),
                            loadSeconds.get(name),
                            speed.get(name)[0],
                            speed.get(name)[1],
                            encoder.maxTokens(),
                            cut,
                            longTexts.size(),
                            ((org.omnireward.scalar.encode.OnnxTextEncoder) encoder).maxChars());
                }
            } finally {
                encoders.values().forEach(Encoder::close);
            }
            double[] m = speed.get(TextEncoders.MINILM);
            double[] b = speed.get(TextEncoders.BGE_SMALL);
            System.out.printf("  ratio minilm / bge-small: short %.2f, long %.2f%n", m[0] / b[0], m[1] / b[1]);

            System.out.println();
            cacheBench(tmp, longTexts);
            System.out.println();
            cacheScale(tmp);
        }
    }

    // ---------------------------------------------------------------- cache

    static void cacheBench(Path tmp, List<String> texts) {
        Path dir = tmp.resolve("cache");
        try (Encoder encoder = TextEncoders.create(TextEncoders.DEFAULT)) {
            System.out.printf("embedding cache (%s, the %d long texts)%n", encoder.id(), texts.size());
            CachedEncoder cold =
                    new CachedEncoder(encoder, EmbeddingCache.open(dir, encoder.id(), encoder.dimension()));
            double coldRate = rate(cold, texts);
            cold.cache().close();
            long t0 = System.nanoTime();
            CachedEncoder warm =
                    new CachedEncoder(encoder, EmbeddingCache.open(dir, encoder.id(), encoder.dimension()));
            double open = seconds(t0);
            rate(warm, texts); // warm-up of the hit path
            double warmRate = rate(warm, texts);
            double rawRate = rate(encoder, texts.subList(0, Math.min(300, texts.size())));
            System.out.printf("  cold pass (all misses: encode + append)   %,10.1f sentences/s%n", coldRate);
            System.out.printf(
                    "  reopen (%d vectors)                     %8.3f s%n",
                    warm.cache().size(), open);
            System.out.printf(
                    "  warm pass (all hits)                      %,10.0f sentences/s   = %.0fx the encoder (%.1f/s on 300 of them)%n",
                    warmRate, warmRate / rawRate, rawRate);
            System.out.printf("  hits %d, encoded %d%n", warm.hits(), cold.encoded() + warm.encoded());
            warm.cache().close();
        }
    }

    /** A cache file of 100,000 vectors of 384 floats: write, reopen, random reads. */
    static void cacheScale(Path tmp) throws IOException {
        int n = 100_000;
        int d = 384;
        Path dir = tmp.resolve("scale");
        Random random = new Random(7);
        List<TextHash> keys = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            keys.add(TextHash.of("synthetic text " + i));
        }
        long t0 = System.nanoTime();
        try (EmbeddingCache cache = EmbeddingCache.open(dir, "synthetic@1", d)) {
            for (int from = 0; from < n; from += 256) {
                List<float[]> vectors = new ArrayList<>();
                for (int i = from; i < Math.min(n, from + 256); i++) {
                    float[] v = new float[d];
                    for (int j = 0; j < d; j++) {
                        v[j] = (float) random.nextGaussian();
                    }
                    vectors.add(v);
                }
                cache.putAll(keys.subList(from, Math.min(n, from + 256)), vectors);
            }
        }
        double write = seconds(t0);
        long size = Files.size(EmbeddingCache.fileFor(dir, "synthetic@1"));
        System.gc();
        long heapBefore = usedHeap();
        t0 = System.nanoTime();
        try (EmbeddingCache cache = EmbeddingCache.open(dir, "synthetic@1", d)) {
            double open = seconds(t0);
            long heapIndex = usedHeap() - heapBefore;
            int reads = 200_000;
            t0 = System.nanoTime();
            double checksum = 0;
            for (int i = 0; i < reads; i++) {
                checksum += cache.get(keys.get(random.nextInt(n)))[0];
            }
            double readRate = reads / seconds(t0);
            System.out.printf("cache at scale: %,d vectors of %d floats, file %,d MB%n", n, d, size >> 20);
            System.out.printf(
                    "  write %.1f s (%,.0f vectors/s); reopen and index %.2f s; index heap about %d MB; random reads %,.0f vectors/s (checksum %.1f)%n",
                    write, n / write, open, Math.max(0, heapIndex) >> 20, readRate, checksum);
        }
    }

    // ---------------------------------------------------------------- quality proxy

    record Pair(String instruction, String output1, String output2, boolean secondPreferred) {
        boolean lengthBalanced() {
            int preferred = secondPreferred ? output2.length() : output1.length();
            int other = secondPreferred ? output1.length() : output2.length();
            return preferred < other;
        }
    }

    static void qualityProxy(Path alpaca, int pairCount, Path cacheDir) throws IOException {
        List<Pair> pairs = pairs(alpaca, pairCount);
        Path xstestDir = alpaca.resolveSibling("xstest");
        List<Pair> safety = Files.isDirectory(xstestDir) ? xstestPairs(xstestDir) : List.of();
        Set<String> texts = new LinkedHashSet<>();
        for (Pair p : concat(pairs, safety)) {
            texts.add(p.instruction());
            texts.add(p.output1());
            texts.add(p.output2());
        }
        List<String> textList = new ArrayList<>(texts);
        Map<String, Map<String, float[]>> vectorsByEncoder = new LinkedHashMap<>();
        Map<String, Double> encodeSeconds = new HashMap<>();
        for (String name : List.of(TextEncoders.MINILM, TextEncoders.BGE_SMALL)) {
            long t0 = System.nanoTime();
            try (Encoder encoder = CachedEncoder.open(TextEncoders.create(name), cacheDir)) {
                List<float[]> encoded = encoder.encodeTexts(textList);
                Map<String, float[]> vectors = new HashMap<>();
                for (int i = 0; i < textList.size(); i++) {
                    vectors.put(textList.get(i), encoded.get(i));
                }
                vectorsByEncoder.put(name, vectors);
            }
            encodeSeconds.put(name, seconds(t0));
        }

        long balanced = pairs.stream().filter(Pair::lengthBalanced).count();
        System.out.printf(
                "quality proxy A: %d non-tie AlpacaEval pairs (the first %d of each of %s; ties |p-1.5| < 0.05 and"
                        + " equal lengths skipped), %d length-balanced (preferred answer shorter)%n",
                pairs.size(), pairCount / QUALITY_FILES.size(), String.join(", ", QUALITY_FILES), balanced);
        System.out.println(
                "  frozen features; 'BT linear' = sign of w.(phi(x,y2) - phi(x,y1)), phi = [e_y, e_x*e_y] standardised,"
                        + " no bias, L2 " + l2 + ", 300 full-batch Adam steps; 5 folds grouped by instruction");
        printHeader();
        printRow("random", 50.0, 50.0, "");
        printRow("length (longer wins)", lengthAccuracy(pairs)[0], lengthAccuracy(pairs)[1], "");
        for (var e : vectorsByEncoder.entrySet()) {
            Map<String, float[]> v = e.getValue();
            double[] cosine = accuracy(
                    pairs,
                    i -> dot(
                                    v.get(pairs.get(i).instruction()),
                                    v.get(pairs.get(i).output2()))
                            - dot(
                                    v.get(pairs.get(i).instruction()),
                                    v.get(pairs.get(i).output1())));
            double[] linear = crossValidatedLinear(pairs, v, 5);
            printRow(e.getKey() + " cos(x,y2) - cos(x,y1)", cosine[0], cosine[1], "");
            printRow(e.getKey() + " BT linear", linear[0], linear[1], String.format("(train %.1f%%)", linear[2]));
        }
        if (!safety.isEmpty()) {
            long balancedSafety = safety.stream().filter(Pair::lengthBalanced).count();
            System.out.printf(
                    "quality proxy B: %d XSTest pairs (a full compliance and a full refusal to the same prompt by two of the five"
                            + " models; compliance preferred on safe prompts, refusal on contrast_* prompts), %d length-balanced;"
                            + " same head, 5 folds grouped by prompt%n",
                    safety.size(), balancedSafety);
            printHeader();
            printRow("random", 50.0, 50.0, "");
            printRow("length (longer wins)", lengthAccuracy(safety)[0], lengthAccuracy(safety)[1], "");
            for (var e : vectorsByEncoder.entrySet()) {
                double[] linear = crossValidatedLinear(safety, e.getValue(), 5);
                printRow(e.getKey() + " BT linear", linear[0], linear[1], String.format("(train %.1f%%)", linear[2]));
            }
        }
        for (var e : encodeSeconds.entrySet()) {
            System.out.printf("  %s: %d distinct texts encoded in %.0f s%n", e.getKey(), textList.size(), e.getValue());
        }
    }

    static void printHeader() {
        System.out.printf("  %-34s %8s %10s%n", "method", "overall", "balanced");
    }

    static void printRow(String method, double overall, double balanced, String note) {
        System.out.printf("  %-34s %7.1f%% %9.1f%%   %s%n", method, overall, balanced, note);
    }

    static double[] lengthAccuracy(List<Pair> pairs) {
        return accuracy(
                pairs,
                i -> pairs.get(i).output2().length() - pairs.get(i).output1().length());
    }

    static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** Compliance-versus-refusal pairs from the XSTest v2 completions, oriented by the human labels. */
    static List<Pair> xstestPairs(Path dir) throws IOException {
        Map<String, List<String>> compliant = new LinkedHashMap<>();
        Map<String, List<String>> refusing = new LinkedHashMap<>();
        Map<String, String> prompts = new HashMap<>();
        Map<String, Boolean> unsafe = new HashMap<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(f -> f.getFileName().toString().matches("xstest_v2_completions_.*\\.csv"))
                    .sorted()
                    .toList();
        }
        for (Path file : files) {
            List<List<String>> rows = csv(Files.readString(file));
            List<String> header = rows.get(0);
            int id = header.indexOf("id");
            int type = header.indexOf("type");
            int prompt = header.indexOf("prompt");
            int completion = header.indexOf("completion");
            int label = header.indexOf("final_label");
            for (List<String> row : rows.subList(1, rows.size())) {
                if (row.size() <= label || row.get(completion).isBlank()) {
                    continue;
                }
                String key = row.get(id);
                prompts.put(key, row.get(prompt));
                unsafe.put(key, row.get(type).startsWith("contrast_"));
                if (row.get(label).startsWith("1_")) {
                    compliant.computeIfAbsent(key, k -> new ArrayList<>()).add(row.get(completion));
                } else if (row.get(label).startsWith("2_")) {
                    refusing.computeIfAbsent(key, k -> new ArrayList<>()).add(row.get(completion));
                }
            }
        }
        List<Pair> pairs = new ArrayList<>();
        for (var e : compliant.entrySet()) {
            for (String comply : e.getValue()) {
                for (String refuse : refusing.getOrDefault(e.getKey(), List.of())) {
                    if (comply.length() == refuse.length()) {
                        continue;
                    }
                    boolean refusalWins = unsafe.get(e.getKey());
                    boolean refusalSecond = Math.floorMod((comply + refuse).hashCode(), 2) == 0;
                    pairs.add(
                            refusalSecond
                                    ? new Pair(prompts.get(e.getKey()), comply, refuse, refusalWins)
                                    : new Pair(prompts.get(e.getKey()), refuse, comply, !refusalWins));
                }
            }
        }
        return pairs;
    }

    /** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks. */
    static List<List<String>> csv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        if (field.length() > 0 || !row.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }

    static List<Pair> pairs(Path alpaca, int pairCount) throws IOException {
        ObjectMapper json = Json.mapper();
        List<Pair> pairs = new ArrayList<>();
        int perFile = pairCount / QUALITY_FILES.size();
        for (String file : QUALITY_FILES) {
            int taken = 0;
            for (JsonNode row : json.readTree(alpaca.resolve(file).toFile())) {
                JsonNode preference = row.get("preference");
                if (taken == perFile || preference == null || !preference.isNumber()) {
                    continue;
                }
                double p = preference.asDouble();
                String o1 = row.path("output_1").asText("");
                String o2 = row.path("output_2").asText("");
                if (Math.abs(p - 1.5) < 0.05 || o1.isBlank() || o2.isBlank() || o1.length() == o2.length()) {
                    continue;
                }
                pairs.add(new Pair(row.path("instruction").asText(""), o1, o2, p > 1.5));
                taken++;
            }
        }
        return pairs;
    }

    interface Margin {
        double of(int pair);
    }

    /** Accuracy (%) of "second preferred iff margin > 0", overall and on the length-balanced pairs. */
    static double[] accuracy(List<Pair> pairs, Margin margin) {
        int right = 0;
        int balanced = 0;
        int balancedRight = 0;
        for (int i = 0; i < pairs.size(); i++) {
            Pair p = pairs.get(i);
            boolean ok = (margin.of(i) > 0) == p.secondPreferred();
            right += ok ? 1 : 0;
            if (p.lengthBalanced()) {
                balanced++;
                balancedRight += ok ? 1 : 0;
            }
        }
        return new double[] {100.0 * right / pairs.size(), 100.0 * balancedRight / Math.max(1, balanced)};
    }

    /** A Bradley-Terry linear head (no bias) trained with full-batch Adam; k folds grouped by instruction. */
    static double[] crossValidatedLinear(List<Pair> pairs, Map<String, float[]> vectors, int folds) {
        int n = pairs.size();
        double[][] delta = new double[n][];
        for (int i = 0; i < n; i++) {
            Pair p = pairs.get(i);
            double[] f2 = features(vectors.get(p.instruction()), vectors.get(p.output2()));
            double[] f1 = features(vectors.get(p.instruction()), vectors.get(p.output1()));
            for (int j = 0; j < f2.length; j++) {
                f2[j] -= f1[j];
            }
            delta[i] = f2;
        }
        double[] margins = new double[n];
        double trainAccuracy = 0;
        for (int fold = 0; fold < folds; fold++) {
            List<Integer> train = new ArrayList<>();
            List<Integer> test = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                (Math.floorMod(pairs.get(i).instruction().hashCode(), folds) == fold ? test : train).add(i);
            }
            double[] scale = new double[delta[0].length];
            for (int i : train) {
                for (int j = 0; j < scale.length; j++) {
                    scale[j] += delta[i][j] * delta[i][j];
                }
            }
            for (int j = 0; j < scale.length; j++) {
                scale[j] = 1 / Math.sqrt(scale[j] / train.size() + 1e-12);
            }
            double[] w = fit(delta, train, pairs, scale);
            int right = 0;
            for (int i : train) {
                right += (score(w, scale, delta[i]) > 0) == pairs.get(i).secondPreferred() ? 1 : 0;
            }
            trainAccuracy += 100.0 * right / train.size() / folds;
            for (int i : test) {
                margins[i] = score(w, scale, delta[i]);
            }
        }
        double[] acc = accuracy(pairs, i -> margins[i]);
        return new double[] {acc[0], acc[1], trainAccuracy};
    }

    static double[] fit(double[][] delta, List<Integer> train, List<Pair> pairs, double[] scale) {
        int d = scale.length;
        double[] w = new double[d];
        double[] m = new double[d];
        double[] v = new double[d];
        double lr = 0.01;
        for (int step = 1; step <= 300; step++) {
            double[] grad = new double[d];
            for (int i : train) {
                double s = score(w, scale, delta[i]);
                double g = 1 / (1 + Math.exp(-s)) - (pairs.get(i).secondPreferred() ? 1 : 0);
                for (int j = 0; j < d; j++) {
                    grad[j] += g * delta[i][j] * scale[j];
                }
            }
            for (int j = 0; j < d; j++) {
                double gj = grad[j] / train.size() + l2 * w[j];
                m[j] = 0.9 * m[j] + 0.1 * gj;
                v[j] = 0.999 * v[j] + 0.001 * gj * gj;
                double mh = m[j] / (1 - Math.pow(0.9, step));
                double vh = v[j] / (1 - Math.pow(0.999, step));
                w[j] -= lr * mh / (Math.sqrt(vh) + 1e-8);
            }
        }
        return w;
    }

    static double score(double[] w, double[] scale, double[] x) {
        double s = 0;
        for (int j = 0; j < w.length; j++) {
            s += w[j] * x[j] * scale[j];
        }
        return s;
    }

    static double[] features(float[] x, float[] y) {
        double[] f = new double[2 * y.length];
        for (int j = 0; j < y.length; j++) {
            f[j] = y[j];
            f[y.length + j] = (double) x[j] * y[j];
        }
        return f;
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    // ---------------------------------------------------------------- texts

    static List<String> shortTexts(Path alpaca, int count) throws IOException {
        Set<String> out = new LinkedHashSet<>(CRITERIA);
        ObjectMapper json = Json.mapper();
        for (Path file : files(alpaca)) {
            for (JsonNode row : json.readTree(file.toFile())) {
                String instruction = row.path("instruction").asText("").strip();
                if (!instruction.isEmpty() && instruction.split("\\s+").length <= 32) {
                    out.add(instruction);
                }
            }
            if (out.size() >= count) {
                break;
            }
        }
        return new ArrayList<>(out).subList(0, Math.min(count, out.size()));
    }

    static List<String> longTexts(Path alpaca, int count) throws IOException {
        Set<String> out = new LinkedHashSet<>();
        ObjectMapper json = Json.mapper();
        for (Path file : files(alpaca)) {
            for (JsonNode row : json.readTree(file.toFile())) {
                String output = row.path("output_2").asText("").strip();
                if (!output.isEmpty() && out.size() < count) {
                    out.add(output);
                }
            }
        }
        return new ArrayList<>(out);
    }

    static List<Path> files(Path alpaca) throws IOException {
        try (Stream<Path> list = Files.list(alpaca)) {
            return list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    static List<String> generated(int count, int minWords, int maxWords, long seed) {
        String[] vocabulary =
                ("the a answer question model reward prefer because water energy light city history music code "
                                + "function value list example explain simple clear detailed short long people time world system data "
                                + "learn build test result error safe help write read good better best first second step reason")
                        .split(" ");
        Random random = new Random(seed);
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int words = minWords + random.nextInt(maxWords - minWords + 1);
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < words; w++) {
                text.append(w == 0 ? "" : random.nextInt(12) == 0 ? ". " : " ")
                        .append(vocabulary[random.nextInt(vocabulary.length)]);
            }
            out.add(text.append('.').toString());
        }
        return out;
    }

    /** {@code shared/data/text-preferences/alpaca_eval}: from --data, else searched upwards from here and from the jar. */
    static Optional<Path> alpacaEval(String data) {
        String relative = "text-preferences/alpaca_eval";
        if (data != null) {
            Path p = Path.of(data).resolve(relative);
            if (!Files.isDirectory(p)) {
                throw new IllegalArgumentException("--data " + data + ": no " + relative + " folder in it");
            }
            return Optional.of(p);
        }
        List<Path> starts = new ArrayList<>(List.of(Path.of("").toAbsolutePath()));
        try {
            starts.add(Path.of(EncoderBench.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI()));
        } catch (Exception ignored) {
            // no code source: the working directory will do
        }
        for (Path start : starts) {
            for (Path p = start; p != null; p = p.getParent()) {
                Path candidate = p.resolve("shared/data").resolve(relative);
                if (Files.isDirectory(candidate)) {
                    return Optional.of(candidate.normalize());
                }
            }
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- helpers

    static double rate(Encoder encoder, List<String> texts) {
        long t0 = System.nanoTime();
        for (int from = 0; from < texts.size(); from += 256) {
            encoder.encodeTexts(texts.subList(from, Math.min(texts.size(), from + 256)));
        }
        return texts.size() / seconds(t0);
    }

    static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    static double meanChars(List<String> texts) {
        return texts.stream().mapToInt(String::length).average().orElse(0);
    }

    static double meanWords(List<String> texts) {
        return texts.stream().mapToInt(t -> t.split("\\s+").length).average().orElse(0);
    }

    static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
