package org.omnireward.perf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.RewardModels;
import org.omnireward.core.ScalarRewardModel;
import org.omnireward.core.ScoringRequest;
import org.omnireward.data.PreferenceReaders;
import org.omnireward.rm.CrossInput;
import org.omnireward.rm.RmRewardModel;
import org.omnireward.rm.RmTrainer;
import org.omnireward.rm.RmTrainingConfig;
import org.omnireward.rm.encoder.BaseModels;
import org.omnireward.rm.encoder.BertEncoder;
import org.omnireward.rm.encoder.WordPieces;

/**
 * The cross-encoder reward model's costs at {@code --max-length} tokens. (1) Scoring: pairs/s of
 * {@code rm:DIR} through the SPI (tokenising, length-sorted chunks, head) against a plain forward
 * pass of the same encoder over the same pre-tokenised chunks in the same process (the ratio is
 * what the model's plumbing costs; goal ≥ 0.8), and against today's {@code embedded} (cache off).
 * (2) Training: pairs/s of {@code train rm} steps and the peak heap and resident set. (3) Memory:
 * heap after GC and resident set every 100 pairs while scoring {@code --memory-pairs} pairs.
 */
final class RmBench {

    private RmBench() {}

    static void main(String[] args) throws Exception {
        Path model = Path.of(PerfBench.opt(args, "--model", "")).toAbsolutePath();
        Path data = Path.of(PerfBench.opt(args, "--data", ""));
        int pairs = Integer.parseInt(PerfBench.opt(args, "--pairs", "64"));
        int trainPairs = Integer.parseInt(PerfBench.opt(args, "--train-pairs", "32"));
        int memoryPairs = Integer.parseInt(PerfBench.opt(args, "--memory-pairs", "0"));
        if (!RmModelFolder.exists(model) || !Files.exists(data)) {
            System.out.println("rm: needs --model DIR (a train rm folder) and --data FILE (preference pairs)");
            return;
        }
        List<PreferencePair> all =
                PreferenceReaders.open(data, Optional.empty()).readAll().decisivePairs();
        List<PreferencePair> sample = all.subList(0, Math.min(pairs, all.size()));
        System.out.printf(
                "rm: %d pairs from %s, model %s, %d cores%n",
                sample.size(), data, model, Runtime.getRuntime().availableProcessors());
        scoring(model, sample);
        if (trainPairs > 0) {
            training(data, all, trainPairs);
        }
        if (memoryPairs > 0) {
            memory(model, all, memoryPairs);
        }
    }

    private static List<ScoringRequest> requests(List<PreferencePair> pairs) {
        List<ScoringRequest> out = new ArrayList<>();
        for (PreferencePair p : pairs) {
            out.add(new ScoringRequest(p.task(), p.criteria(), p.prompt(), p.inputs(), p.chosen()));
            out.add(new ScoringRequest(p.task(), p.criteria(), p.prompt(), p.inputs(), p.rejected()));
        }
        return out;
    }

    private static void scoring(Path model, List<PreferencePair> pairs) throws Exception {
        List<ScoringRequest> requests = requests(pairs);
        try (RmRewardModel rm = (RmRewardModel) RewardModels.create(ModelSpec.parse("rm:" + model));
                WordPieces pieces =
                        WordPieces.of(BaseModels.byName(rm.manifest().baseName()));
                NDManager manager = org.omnireward.rm.RmEngine.newManager();
                BertEncoder plain = new BertEncoder(
                        BaseModels.byName(rm.manifest().baseName()).config(),
                        BaseModels.load(BaseModels.byName(rm.manifest().baseName()))
                                .weights(),
                        manager)) {
            CrossInput input = new CrossInput(pieces, rm.manifest().maxLength());
            List<CrossInput.Tokens> tokens = new ArrayList<>();
            for (ScoringRequest r : requests) {
                tokens.add(input.tokens(r.criteria(), r.prompt(), r.response().requireText()));
            }
            tokens.sort(java.util.Comparator.comparingInt(CrossInput.Tokens::length));
            // warm-up both
            rm.scores(requests.subList(0, Math.min(8, requests.size())));
            forward(plain, manager, tokens.subList(0, Math.min(8, tokens.size())));
            long t0 = System.nanoTime();
            rm.scores(requests);
            double model1 = seconds(t0);
            t0 = System.nanoTime();
            forward(plain, manager, tokens);
            double raw = seconds(t0);
            t0 = System.nanoTime();
            rm.scores(requests);
            double model2 = seconds(t0);
            double modelSeconds = Math.min(model1, model2);
            long tokensTotal =
                    tokens.stream().mapToLong(CrossInput.Tokens::length).sum();
            System.out.printf(
                    "  rm:DIR scoring      %6.2f pairs/s (%d pairs, best of 2 runs: %.1f s, %.1f s; mean %d tokens)%n",
                    pairs.size() / modelSeconds, pairs.size(), model1, model2, tokensTotal / tokens.size());
            System.out.printf(
                    "  plain forward       %6.2f pairs/s (same encoder, same pre-tokenised chunks of %d)%n",
                    pairs.size() / raw, RmRewardModel.CHUNK);
            System.out.printf("  ratio rm / plain    %6.2f (goal >= 0.8)%n", raw / modelSeconds);
        }
        try (ScalarRewardModel embedded = (ScalarRewardModel)
                RewardModels.create(ModelSpec.parse("embedded").withOption("cache", "false"))) {
            embedded.scores(requests.subList(0, Math.min(8, requests.size())));
            long t0 = System.nanoTime();
            embedded.scores(requests);
            double s = seconds(t0);
            System.out.printf("  embedded (no cache) %6.2f pairs/s (same pairs)%n", pairs.size() / s);
        }
    }

    /** A plain forward pass of {@code tokens} in chunks, padded to each chunk's longest. */
    private static void forward(BertEncoder encoder, NDManager manager, List<CrossInput.Tokens> tokens) {
        for (int start = 0; start < tokens.size(); start += RmRewardModel.CHUNK) {
            List<CrossInput.Tokens> part = tokens.subList(start, Math.min(tokens.size(), start + RmRewardModel.CHUNK));
            int width = part.stream().mapToInt(CrossInput.Tokens::length).max().orElse(1);
            long[] ids = new long[part.size() * width];
            long[] types = new long[ids.length];
            long[] mask = new long[ids.length];
            for (int i = 0; i < part.size(); i++) {
                CrossInput.Tokens t = part.get(i);
                System.arraycopy(t.ids(), 0, ids, i * width, t.length());
                System.arraycopy(t.types(), 0, types, i * width, t.length());
                java.util.Arrays.fill(mask, i * width, i * width + t.length(), 1);
            }
            try (NDManager scope = manager.newSubManager()) {
                Shape shape = new Shape(part.size(), width);
                NDArray out = encoder.forward(
                        scope.create(ids, shape), scope.create(types, shape), scope.create(mask, shape));
                out.get(":, 0, 0").toFloatArray();
            }
        }
    }

    private static void training(Path data, List<PreferencePair> all, int trainPairs) throws Exception {
        Path dir = Files.createTempDirectory("rm-bench-train");
        RmTrainingConfig config =
                RmTrainingConfig.defaults().withEpochs(1).withCheckpointEvery(0).withMaxTrainPairs(trainPairs);
        List<PreferencePair> train = all.subList(0, Math.min(trainPairs, all.size()));
        RmTrainer trainer = new RmTrainer(
                config, BaseModels.load(BaseModels.byName("minilm")), dir, "bench", new RmTrainer.Listener() {});
        long t0 = System.nanoTime();
        trainer.train(train, List.of(), (w, rows) -> {});
        double s = seconds(t0);
        System.out.printf(
                "  train rm            %6.2f pairs/s (%d pairs, max-length %d, top %d layers, batch %d)%n",
                train.size() / s, train.size(), config.maxLength(), config.trainableLayers(), config.batchPairs());
        System.out.printf(
                "  peak heap %,d MB (sum of pool peaks), peak RSS %,d MB (VmHWM, whole run so far)%n",
                peakHeap() >> 20, rss("VmHWM") >> 10);
    }

    private static void memory(Path model, List<PreferencePair> all, int n) throws Exception {
        try (ScalarRewardModel rm = (ScalarRewardModel) RewardModels.create(ModelSpec.parse("rm:" + model))) {
            System.out.printf("  memory while scoring %d pairs (cycling through %d):%n", n, all.size());
            for (int done = 0; done < n; ) {
                List<PreferencePair> part = new ArrayList<>();
                for (int i = 0; i < 100 && done < n; i++, done++) {
                    part.add(all.get(done % all.size()));
                }
                rm.scores(requests(part));
                System.gc();
                long heap = Runtime.getRuntime().totalMemory()
                        - Runtime.getRuntime().freeMemory();
                System.out.printf(
                        "    %6d pairs: heap after GC %4d MB, RSS %5d MB%n", done, heap >> 20, rss("VmRSS") >> 10);
            }
        }
    }

    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    /** A field of /proc/self/status in kB (0 where there is none). */
    private static long rss(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Whether a folder is an rm model folder. */
    private static final class RmModelFolder {
        static boolean exists(Path dir) {
            return org.omnireward.rm.RmModelFiles.exists(dir);
        }
    }
}
