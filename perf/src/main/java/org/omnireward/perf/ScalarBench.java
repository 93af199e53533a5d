package org.omnireward.perf;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.RewardModels;
import org.omnireward.core.ScalarRewardModel;
import org.omnireward.core.ScoringRequest;
import org.omnireward.core.Task;
import org.omnireward.data.Criteria;
import org.omnireward.data.PreferenceReaders;
import org.omnireward.scalar.Encoder;
import org.omnireward.scalar.bt.BtTrainer;
import org.omnireward.scalar.bt.BtTrainingConfig;
import org.omnireward.scalar.bt.BtTrainingResult;
import org.omnireward.scalar.bt.EncodedPairSource;
import org.omnireward.scalar.bt.FeatureSpec;
import org.omnireward.scalar.encode.CachedEncoder;
import org.omnireward.scalar.encode.TextEncoders;

/**
 * The embedded scalar model's costs. (1) Scoring throughput of {@code --model embedded} (uncached)
 * in pairs per second, against the raw encoder encoding the same distinct texts batch by batch in
 * the same process: the ratio is what the head and the plumbing cost. (2) Training time per epoch
 * on the shared AlpacaEval pairs with cached embeddings, against one evaluation pass (features +
 * forward) over the same pairs, and the peak heap of that training.
 */
final class ScalarBench {

    private ScalarBench() {}

    static void main(String[] args) throws Exception {
        int pairs = Integer.parseInt(PerfBench.opt(args, "--pairs", "400"));
        int epochs = Integer.parseInt(PerfBench.opt(args, "--epochs", "2"));
        Optional<Path> alpaca = alpacaEval(PerfBench.opt(args, "--alpaca-eval", null));
        List<PreferencePair> data = alpaca.isPresent()
                ? PreferenceReaders.open(alpaca.get(), Optional.of("alpaca-eval"))
                        .readAll()
                        .decisivePairs()
                : generated(Math.max(pairs, 2000));
        System.out.printf(
                "scalar: %s%n",
                alpaca.map(p -> "AlpacaEval pairs from " + p + " (" + data.size() + ")")
                        .orElse("generated pairs (../shared/data not found)"));
        scoring(data.subList(0, Math.min(pairs, data.size())));
        training(data, epochs);
    }

    private static void scoring(List<PreferencePair> pairs) throws Exception {
        try (Encoder raw = TextEncoders.create(TextEncoders.DEFAULT);
                ScalarRewardModel model = (ScalarRewardModel)
                        RewardModels.create(ModelSpec.parse("embedded").withOption("cache", "false"))) {
            int batchPairs = Math.max(1, model.preferredBatchSize() / 2);
            // warm-up both on the first batch
            encodeLikeTheModel(raw, pairs.subList(0, Math.min(batchPairs, pairs.size())), batchPairs);
            score(model, pairs.subList(0, Math.min(batchPairs, pairs.size())), batchPairs);

            long t0 = System.nanoTime();
            int texts = encodeLikeTheModel(raw, pairs, batchPairs);
            double encSecs = (System.nanoTime() - t0) / 1e9;
            long t1 = System.nanoTime();
            score(model, pairs, batchPairs);
            double modelSecs = (System.nanoTime() - t1) / 1e9;
            System.out.printf(
                    "  raw encoder (%s), same distinct texts per batch: %,d texts in %.1f s = %.1f pairs/s%n",
                    raw.id(), texts, encSecs, pairs.size() / encSecs);
            System.out.printf(
                    "  embedded model scoring %,d pairs (batches of %d pairs): %.1f pairs/s   ratio to the raw "
                            + "encoder %.3f%n",
                    pairs.size(), batchPairs, pairs.size() / modelSecs, encSecs / modelSecs);
        }
    }

    /** Encodes, batch by batch, the distinct texts the model must encode for those pairs. */
    private static int encodeLikeTheModel(Encoder encoder, List<PreferencePair> pairs, int batchPairs) {
        int total = 0;
        for (int i = 0; i < pairs.size(); i += batchPairs) {
            Set<String> texts = new LinkedHashSet<>();
            for (PreferencePair p : pairs.subList(i, Math.min(pairs.size(), i + batchPairs))) {
                texts.add(p.criteria());
                texts.add(p.prompt());
                texts.add(p.chosen().requireText());
                texts.add(p.rejected().requireText());
            }
            encoder.encodeTexts(new ArrayList<>(texts));
            total += texts.size();
        }
        return total;
    }

    private static void score(ScalarRewardModel model, List<PreferencePair> pairs, int batchPairs) {
        for (int i = 0; i < pairs.size(); i += batchPairs) {
            List<ScoringRequest> requests = new ArrayList<>();
            for (PreferencePair p : pairs.subList(i, Math.min(pairs.size(), i + batchPairs))) {
                requests.add(new ScoringRequest(Task.T2T, p.criteria(), p.prompt(), List.of(), p.chosen()));
                requests.add(new ScoringRequest(Task.T2T, p.criteria(), p.prompt(), List.of(), p.rejected()));
            }
            model.scores(requests);
        }
    }

    private static void training(List<PreferencePair> pairs, int epochs) throws Exception {
        try (Encoder encoder = CachedEncoder.open(TextEncoders.create(TextEncoders.DEFAULT))) {
            FeatureSpec spec = FeatureSpec.v1(encoder.dimension());
            long t0 = System.nanoTime();
            EncodedPairSource source = EncodedPairSource.encode(pairs, encoder, spec, CachedEncoder.BATCH, null);
            System.out.printf(
                    "  training data: %,d pairs, %,d distinct texts, embeddings ready in %.1f s "
                            + "(cache hits %,d, newly encoded %,d)%n",
                    source.size(),
                    source.distinctTexts(),
                    (System.nanoTime() - t0) / 1e9,
                    ((CachedEncoder) encoder).hits(),
                    ((CachedEncoder) encoder).encoded());
            System.gc();
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                pool.resetPeakUsage();
            }
            BtTrainingConfig config =
                    BtTrainingConfig.defaults().withMaxEpochs(epochs).withPatience(epochs);
            long t1 = System.nanoTime();
            BtTrainingResult result = new BtTrainer(config).train(spec, source, null, null);
            double perEpoch = (System.nanoTime() - t1) / 1e9 / result.epochs().size();
            long t2 = System.nanoTime();
            BtTrainer.evaluate(result.head(), source, 0);
            double evalSecs = (System.nanoTime() - t2) / 1e9;
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            System.out.printf(
                    "  training (hidden %d, batch %d, 1 thread): %.1f s per epoch over %,d pairs = %.0f pairs/s; "
                            + "one evaluation pass %.1f s (epoch/evaluation ratio %.2f)%n",
                    config.hiddenSize(),
                    config.batchSize(),
                    perEpoch,
                    source.size(),
                    source.size() / perEpoch,
                    evalSecs,
                    perEpoch / evalSecs);
            System.out.printf(
                    "  peak heap during training (sum of pool peaks) %,d MB; heap limit %,d MB%n",
                    peak >> 20, Runtime.getRuntime().maxMemory() >> 20);
        }
    }

    private static Optional<Path> alpacaEval(String given) {
        if (given != null) {
            return Optional.of(Path.of(given));
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path c = p.resolve("shared/data/text-preferences/alpaca_eval");
            if (Files.isDirectory(c)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    private static List<PreferencePair> generated(int n) {
        List<PreferencePair> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String prompt = "Question number " + i + ": how does topic " + (i % 97) + " work?";
            out.add(PreferencePair.text(
                    "g" + i,
                    "g" + (i % 500),
                    Criteria.GENERAL,
                    prompt,
                    "A careful answer about topic " + (i % 97) + " with details " + "and more ".repeat(i % 40),
                    "A short reply " + i,
                    "generated"));
        }
        return out;
    }
}
