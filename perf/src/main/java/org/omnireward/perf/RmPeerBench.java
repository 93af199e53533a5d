package org.omnireward.perf;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.Optional;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.util.Json;
import org.omnireward.core.util.Progress;
import org.omnireward.data.sets.PreferenceReaders;
import org.omnireward.rm.CrossInput;
import org.omnireward.rm.RewardNet;
import org.omnireward.rm.RmEngine;
import org.omnireward.rm.RmRewardModel;
import org.omnireward.rm.RmTrainer;
import org.omnireward.rm.RmTrainingConfig;
import org.omnireward.rm.encoder.BaseModels;
import org.omnireward.rm.encoder.WordPieces;

/**
 * {@code perf/run rm-peer}: the cross-encoder's training and scoring in Java (DJL's PyTorch engine)
 * against plain PyTorch eager ({@code perf/rm_peer.py}, Debian's python3-torch) doing the same work
 * on the same ONNX weights: the same tokenised pairs, the same order, micro-batches, learning-rate
 * schedule, AdamW and clipping; the same length-sorted scoring chunks. Each side runs in its own
 * process (a child JVM with the launcher's glibc settings; a python3 process), alternately
 * Java, PyTorch, Java, PyTorch, and reports pairs/s, peak RSS, epoch 1 against epoch 2 (the Java side
 * with its frozen-layer cache on disk, PyTorch with the frozen outputs kept in memory), the ratios,
 * the load average, and how far the two sides' losses and scores are apart.
 */
final class RmPeerBench {

    private static final String TUNABLES =
            "glibc.malloc.arena_max=1:glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=17179869184";

    private RmPeerBench() {}

    static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            child(args);
            return;
        }
        Path data = Path.of(PerfBench.opt(args, "--data", ""));
        int pairs = Integer.parseInt(PerfBench.opt(args, "--pairs", "64"));
        int trainPairs = Integer.parseInt(PerfBench.opt(args, "--train-pairs", "64"));
        int rounds = Integer.parseInt(PerfBench.opt(args, "--rounds", "2"));
        int maxLength = Integer.parseInt(PerfBench.opt(args, "--max-length", "256"));
        int trainLayers = Integer.parseInt(PerfBench.opt(args, "--train-layers", "2"));
        String python = PerfBench.opt(args, "--python", "/usr/bin/python3");
        peerTorchThreads = PerfBench.opt(args, "--peer-torch-threads", "1");
        peerBlasThreads = PerfBench.opt(
                args, "--peer-blas-threads", String.valueOf(Runtime.getRuntime().availableProcessors()));
        if (!Files.isRegularFile(data)) {
            System.out.println("rm-peer: needs --data FILE (preference pairs, e.g. data/rm/valid.jsonl from"
                    + " `omni-reward data prepare-rm`)");
            return;
        }
        Path script = Path.of(PerfBench.opt(args, "--script", "perf/rm_peer.py"));
        if (!Files.isRegularFile(script)) {
            System.out.println("rm-peer: cannot find " + script + " (run from the project folder)");
            return;
        }
        if (!pythonReady(python)) {
            System.out.println("rm-peer: " + python + " cannot import torch and onnx; install Debian's packages:"
                    + " apt-get install -y python3-torch python3-onnx libopenblas0-pthread");
            return;
        }
        Path work = Files.createTempDirectory("rm-peer");
        BaseModels.Base base = BaseModels.byName("minilm");
        Path onnx = work.resolve(base.onnxResource());
        Files.write(onnx, BaseModels.resource(base, base.onnxResource()));
        List<PreferencePair> all =
                PreferenceReaders.open(data, Optional.empty()).readAll().decisivePairs();
        RmTrainingConfig config = RmTrainingConfig.defaults()
                .withEpochs(2)
                .withCheckpointEvery(0)
                .withMaxLength(maxLength)
                .withTrainableLayers(trainLayers);
        List<PreferencePair> train = all.subList(0, Math.min(trainPairs, all.size()));
        List<PreferencePair> score = all.subList(0, Math.min(pairs, all.size()));
        Path trainJob = work.resolve("train.json");
        Path scoreJob = work.resolve("score.json");
        writeJobs(base, onnx, config, train, score, trainJob, scoreJob);
        System.out.printf(
                Locale.ROOT,
                "rm-peer: %s, %d training pairs (2 epochs, top %d layers, max length %d), %d scoring pairs,"
                        + " %d rounds, %d cores%n",
                data,
                train.size(),
                trainLayers,
                maxLength,
                score.size(),
                rounds,
                Runtime.getRuntime().availableProcessors());
        List<JsonNode[]> trainRuns = new ArrayList<>();
        List<JsonNode[]> scoreRuns = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            for (String kind : List.of("train", "score")) {
                Path job = kind.equals("train") ? trainJob : scoreJob;
                JsonNode j = runJava(kind, job, work, data);
                JsonNode p = runPython(python, script, job);
                System.out.printf(
                        Locale.ROOT,
                        "  round %d %-5s java %s | pytorch %s | %s%n",
                        r,
                        kind,
                        brief(kind, j),
                        brief(kind, p),
                        load());
                (kind.equals("train") ? trainRuns : scoreRuns).add(new JsonNode[] {j, p});
            }
        }
        summary(train.size(), score.size(), trainRuns, scoreRuns);
    }

    private static boolean pythonReady(String python) {
        try {
            Process p = new ProcessBuilder(python, "-c", "import torch, onnx")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The jobs both sides read: tokens, order, schedule (training); chunks and head (scoring). */
    private static void writeJobs(
            BaseModels.Base base,
            Path onnx,
            RmTrainingConfig config,
            List<PreferencePair> train,
            List<PreferencePair> score,
            Path trainJob,
            Path scoreJob)
            throws IOException {
        ObjectNode cfg = Json.mapper().createObjectNode();
        cfg.put("layers", base.config().layers());
        cfg.put("hidden", base.config().hidden());
        cfg.put("heads", base.config().heads());
        cfg.put("eps", base.config().layerNormEpsilon());
        cfg.put("train_from", base.config().layers() - config.trainableLayers());
        cfg.put("max_length", config.maxLength());
        try (WordPieces pieces = WordPieces.of(base)) {
            CrossInput input = new CrossInput(pieces, config.maxLength());
            ObjectNode t = Json.mapper().createObjectNode();
            t.put("kind", "train");
            t.put("onnx", onnx.toString());
            t.set("config", cfg);
            t.put("lr", config.learningRate());
            t.put("head_lr", config.headLearningRate());
            t.put("weight_decay", config.weightDecay());
            t.put("clip", config.clipNorm());
            ArrayNode ps = t.putArray("pairs");
            List<CrossInput.Tokens[]> tokens = new ArrayList<>();
            for (PreferencePair p : train) {
                CrossInput.Tokens c =
                        input.tokens(p.criteria(), p.prompt(), p.chosen().requireText());
                CrossInput.Tokens r =
                        input.tokens(p.criteria(), p.prompt(), p.rejected().requireText());
                tokens.add(new CrossInput.Tokens[] {c, r});
                ArrayNode pair = ps.addArray();
                pair.add(tokensJson(c));
                pair.add(tokensJson(r));
            }
            int n = train.size();
            int stepsPerEpoch = (n + config.batchPairs() - 1) / config.batchPairs();
            long total = (long) stepsPerEpoch * config.epochs();
            ArrayNode schedule = t.putArray("schedule");
            for (long s = 0; s < total; s++) {
                schedule.add(config.schedule(total).at(s));
            }
            ArrayNode epochs = t.putArray("epochs");
            for (int e = 0; e < config.epochs(); e++) {
                // the trainer's plan: its seeded order, steps of batchPairs sorted by length, micro-batches
                int[] order = RmTrainer.order(n, config.seed(), e);
                ArrayNode steps = epochs.addArray();
                for (int start = 0; start < n; start += config.batchPairs()) {
                    int end = Math.min(n, start + config.batchPairs());
                    Integer[] byLength = new Integer[end - start];
                    for (int k = 0; k < byLength.length; k++) {
                        byLength[k] = order[start + k];
                    }
                    Arrays.sort(
                            byLength,
                            Comparator.comparingInt((Integer i) ->
                                            Math.max(tokens.get(i)[0].length(), tokens.get(i)[1].length()))
                                    .thenComparingInt(i -> i));
                    ArrayNode micro = steps.addArray();
                    for (int m = 0; m < byLength.length; m += config.microBatch()) {
                        ArrayNode mb = micro.addArray();
                        for (int k = m; k < Math.min(byLength.length, m + config.microBatch()); k++) {
                            mb.add(byLength[k]);
                        }
                    }
                }
            }
            Json.mapper().writeValue(trainJob.toFile(), t);

            ObjectNode s = Json.mapper().createObjectNode();
            s.put("kind", "score");
            s.put("onnx", onnx.toString());
            s.set("config", cfg.deepCopy().put("train_from", base.config().layers()));
            float[] head = headRamp(base.config().hidden());
            ArrayNode hw = s.putArray("head_weight");
            for (float x : head) {
                hw.add(x);
            }
            s.put("head_bias", 0.25);
            List<CrossInput.Tokens> all = new ArrayList<>();
            for (PreferencePair p : score) {
                all.add(input.tokens(p.criteria(), p.prompt(), p.chosen().requireText()));
                all.add(input.tokens(p.criteria(), p.prompt(), p.rejected().requireText()));
            }
            all.sort(Comparator.comparingInt(CrossInput.Tokens::length));
            ArrayNode chunks = s.putArray("chunks");
            for (int i = 0; i < all.size(); i += RmRewardModel.CHUNK) {
                ArrayNode c = chunks.addArray();
                for (CrossInput.Tokens x : all.subList(i, Math.min(all.size(), i + RmRewardModel.CHUNK))) {
                    c.add(tokensJson(x));
                }
            }
            Json.mapper().writeValue(scoreJob.toFile(), s);
        }
    }

    private static ArrayNode tokensJson(CrossInput.Tokens t) {
        ArrayNode a = Json.mapper().createArrayNode();
        ArrayNode ids = a.addArray();
        ArrayNode types = a.addArray();
        for (long x : t.ids()) {
            ids.add(x);
        }
        for (long x : t.types()) {
            types.add(x);
        }
        return a;
    }

    private static CrossInput.Tokens tokens(JsonNode t) {
        long[] ids = new long[t.get(0).size()];
        long[] types = new long[ids.length];
        for (int k = 0; k < ids.length; k++) {
            ids[k] = t.get(0).get(k).asLong();
            types[k] = t.get(1).get(k).asLong();
        }
        return new CrossInput.Tokens(ids, types);
    }

    private static float[] headRamp(int n) {
        float[] r = new float[n];
        for (int i = 0; i < n; i++) {
            r[i] = (i % 7 - 3) / 10f;
        }
        return r;
    }

    private static JsonNode runJava(String kind, Path job, Path work, Path data) throws Exception {
        String jar = Path.of(RmPeerBench.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .toString();
        ProcessBuilder pb = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g",
                "-Dai.djl.offline=true",
                "-cp",
                jar,
                PerfBench.class.getName(),
                "rm-peer",
                "child",
                kind,
                job.toString(),
                work.resolve("layer-cache-" + System.nanoTime()).toString(),
                data.toAbsolutePath().toString());
        if (System.getenv("GLIBC_TUNABLES") == null) {
            pb.environment().put("GLIBC_TUNABLES", TUNABLES);
        }
        return run(pb);
    }

    /**
     * The peer's threads: PyTorch's own (OpenMP, element-wise operations) and OpenBLAS's (matrix
     * products). Both at the core count oversubscribe a 2-core machine in the backward pass (a
     * linear layer's forward and backward took 69 ms against 54 ms with one PyTorch thread and two
     * OpenBLAS threads), so the defaults are 1 and the core count; {@code --peer-torch-threads} and
     * {@code --peer-blas-threads} change them.
     */
    private static String peerTorchThreads = "1";

    private static String peerBlasThreads = "2";

    private static JsonNode runPython(String python, Path script, Path job) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(python, script.toString(), job.toString());
        pb.environment().put("RM_PEER_TORCH_THREADS", peerTorchThreads);
        pb.environment().put("OPENBLAS_NUM_THREADS", peerBlasThreads);
        return run(pb);
    }

    private static JsonNode run(ProcessBuilder pb) throws Exception {
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int rc = p.waitFor();
        String last =
                out.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse("");
        if (rc != 0 || last.isEmpty()) {
            throw new IllegalStateException("rm-peer: " + pb.command() + " exited with " + rc + ":\n" + out);
        }
        return Json.mapper().readTree(last);
    }

    /** The Java side: one training (2 epochs) or scoring job, printing the same JSON as the python peer. */
    private static void child(String[] args) throws Exception {
        String kind = args[1];
        JsonNode job = Json.mapper().readTree(Path.of(args[2]).toFile());
        Path cache = Path.of(args[3]);
        BaseModels.Loaded base = BaseModels.load(BaseModels.byName("minilm"));
        JsonNode cfg = job.path("config");
        ObjectNode result = Json.mapper().createObjectNode();
        if (kind.equals("train")) {
            // the trainer tokenises the pairs itself, as the parent did for the job's tokens
            List<PreferencePair> all = PreferenceReaders.open(Path.of(args[4]), Optional.empty())
                    .readAll()
                    .decisivePairs();
            List<PreferencePair> pairs = all.subList(0, job.path("pairs").size());
            int layers = cfg.path("layers").asInt();
            RmTrainingConfig config = RmTrainingConfig.defaults()
                    .withEpochs(job.path("epochs").size())
                    .withCheckpointEvery(0)
                    .withMaxLength(cfg.path("max_length").asInt())
                    .withTrainableLayers(layers - cfg.path("train_from").asInt());
            Path dir = Files.createTempDirectory("rm-peer-train");
            double[] ends = new double[config.epochs()];
            double[] losses = new double[config.epochs()];
            long[] t0 = new long[1];
            long stepsPerEpoch = (pairs.size() + config.batchPairs() - 1) / config.batchPairs();
            Progress epochEnds = new Progress() {
                @Override
                public void label(String label) {}

                @Override
                public void restartClock(long done) {}

                @Override
                public void update(long step, long totalSteps, String unit, String extra) {
                    if (step % stepsPerEpoch == 0) { // the epoch's last step
                        ends[(int) (step / stepsPerEpoch) - 1] = (System.nanoTime() - t0[0]) / 1e9;
                    }
                }

                @Override
                public void finish(long done, long total, String unit, String extra) {}

                @Override
                public void message(String message) {}

                @Override
                public void close() {}
            };
            RmTrainer trainer = new RmTrainer(config, base, dir, "rm-peer", epochEnds).layerCache(cache);
            t0[0] = System.nanoTime();
            RmTrainer.Result trained = trainer.train(pairs, List.of(), (w, rows) -> {});
            for (int e = 0; e < losses.length; e++) {
                losses[e] = trained.epochs().get(e).trainLoss();
            }
            ArrayNode epochs = result.putArray("epochs");
            for (int e = 0; e < ends.length; e++) {
                ObjectNode o = epochs.addObject();
                o.put("seconds", e == 0 ? ends[0] : ends[e] - ends[e - 1]);
                o.put("pairs", pairs.size());
                o.put("loss", losses[e]);
            }
        } else {
            try (NDManager manager = RmEngine.newManager();
                    RewardNet net = new RewardNet(
                            base.base().config(),
                            base.weights(),
                            base.base().config().layers(),
                            Map.of(),
                            manager)) {
                Map<String, float[]> head = new LinkedHashMap<>();
                float[] hw = new float[job.path("head_weight").size()];
                for (int k = 0; k < hw.length; k++) {
                    hw[k] = (float) job.path("head_weight").get(k).asDouble();
                }
                head.put(RewardNet.HEAD_WEIGHT, hw);
                head.put(
                        RewardNet.HEAD_BIAS,
                        new float[] {(float) job.path("head_bias").asDouble()});
                net.setTrainable(head, false);
                List<List<CrossInput.Tokens>> chunks = new ArrayList<>();
                for (JsonNode c : job.path("chunks")) {
                    List<CrossInput.Tokens> chunk = new ArrayList<>();
                    for (JsonNode t : c) {
                        chunk.add(tokens(t));
                    }
                    chunks.add(chunk);
                }
                long t0 = System.nanoTime();
                ArrayNode scores = result.putArray("scores");
                for (List<CrossInput.Tokens> chunk : chunks) {
                    for (double d : net.scoreValues(manager, chunk)) {
                        scores.add(d);
                    }
                }
                result.put("seconds", (System.nanoTime() - t0) / 1e9);
            }
        }
        result.put("peak_rss_kb", procStatusKb("VmHWM"));
        System.out.println(result);
    }

    private static String brief(String kind, JsonNode r) {
        long rss = r.path("peak_rss_kb").asLong() >> 10;
        if (kind.equals("train")) {
            JsonNode e = r.path("epochs");
            return String.format(
                    Locale.ROOT,
                    "epoch 1 %.1f s, epoch 2 %.1f s, loss %.4f/%.4f, RSS %,d MB",
                    e.get(0).path("seconds").asDouble(),
                    e.get(1).path("seconds").asDouble(),
                    e.get(0).path("loss").asDouble(),
                    e.get(1).path("loss").asDouble(),
                    rss);
        }
        return String.format(
                Locale.ROOT, "%.1f s, RSS %,d MB", r.path("seconds").asDouble(), rss);
    }

    private static void summary(int trainPairs, int scorePairs, List<JsonNode[]> train, List<JsonNode[]> score) {
        System.out.println("  summary (median over rounds; ratio = Java / PyTorch for speed, Java / PyTorch for RSS):");
        double[][] e1 = new double[2][train.size()];
        double[][] e2 = new double[2][train.size()];
        double[][] trss = new double[2][train.size()];
        double worstLoss = 0;
        for (int r = 0; r < train.size(); r++) {
            for (int side = 0; side < 2; side++) {
                JsonNode e = train.get(r)[side].path("epochs");
                e1[side][r] = trainPairs / e.get(0).path("seconds").asDouble();
                e2[side][r] = trainPairs / e.get(1).path("seconds").asDouble();
                trss[side][r] = train.get(r)[side].path("peak_rss_kb").asDouble() / 1024;
            }
            for (int e = 0; e < 2; e++) {
                worstLoss = Math.max(
                        worstLoss,
                        Math.abs(train.get(r)[0]
                                        .path("epochs")
                                        .get(e)
                                        .path("loss")
                                        .asDouble()
                                - train.get(r)[1]
                                        .path("epochs")
                                        .get(e)
                                        .path("loss")
                                        .asDouble()));
            }
        }
        double[][] sps = new double[2][score.size()];
        double[][] srss = new double[2][score.size()];
        double worstScore = 0;
        for (int r = 0; r < score.size(); r++) {
            for (int side = 0; side < 2; side++) {
                sps[side][r] = scorePairs / score.get(r)[side].path("seconds").asDouble();
                srss[side][r] = score.get(r)[side].path("peak_rss_kb").asDouble() / 1024;
            }
            JsonNode a = score.get(r)[0].path("scores");
            JsonNode b = score.get(r)[1].path("scores");
            for (int k = 0; k < a.size(); k++) {
                worstScore = Math.max(
                        worstScore, Math.abs(a.get(k).asDouble() - b.get(k).asDouble()));
            }
        }
        row("training epoch 1, pairs/s", e1, false);
        row("training epoch 2, pairs/s", e2, false);
        row("training peak RSS, MB", trss, true);
        row("scoring, pairs/s", sps, false);
        row("scoring peak RSS, MB", srss, true);
        System.out.printf(
                Locale.ROOT,
                "    epoch 2 / epoch 1 speed: java %.2f, pytorch %.2f (goal for java >= 1.5)%n",
                median(e2[0]) / median(e1[0]),
                median(e2[1]) / median(e1[1]));
        System.out.printf(
                Locale.ROOT,
                "    largest difference java - pytorch: epoch loss %.2e, score %.2e%n",
                worstLoss,
                worstScore);
        System.out.println("    " + load());
    }

    private static void row(String name, double[][] v, boolean memory) {
        double j = median(v[0]);
        double p = median(v[1]);
        System.out.printf(
                Locale.ROOT,
                "    %-28s java %9.2f  pytorch %9.2f  ratio %.2f (goal %s)   java runs %s, pytorch runs %s%n",
                name,
                j,
                p,
                j / p,
                memory ? "<= 1.5" : ">= 0.95",
                Arrays.toString(round(v[0])),
                Arrays.toString(round(v[1])));
    }

    private static double[] round(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = Math.round(v[i] * 100) / 100.0;
        }
        return r;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** A field of /proc/self/status in kB (0 where there is none). */
    private static long procStatusKb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    private static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return "load average " + f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "load average unknown";
        }
    }
}
