package org.omnireward.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.omnireward.core.util.ProgressDisplay;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.PreferencePair;
import org.omnireward.data.PreferenceReaders;
import org.omnireward.data.PreferenceSource;
import org.omnireward.data.ReadResult;
import org.omnireward.data.Splits;
import org.omnireward.scalar.Encoder;
import org.omnireward.scalar.bt.Activation;
import org.omnireward.scalar.bt.BtManifest;
import org.omnireward.scalar.bt.BtModelFiles;
import org.omnireward.scalar.bt.BtTrainer;
import org.omnireward.scalar.bt.BtTrainingConfig;
import org.omnireward.scalar.bt.BtTrainingListener;
import org.omnireward.scalar.bt.BtTrainingResult;
import org.omnireward.scalar.bt.DataFile;
import org.omnireward.scalar.bt.EncodedPairSource;
import org.omnireward.scalar.bt.EpochLog;
import org.omnireward.scalar.bt.FeatureSpec;
import org.omnireward.scalar.bt.PairEvaluation;
import org.omnireward.scalar.encode.CachedEncoder;
import org.omnireward.scalar.encode.TextEncoders;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code omni-reward train bt}: trains the criterion-conditioned Bradley–Terry reward model (frozen
 * in-process text encoder + a small trained head) and writes a model directory that {@code --model
 * bt:DIR} loads, with its training log, plot and a validation report beside the baselines.
 */
@Command(name = "bt", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a Bradley-Terry reward model: a frozen text encoder plus a small trained head that reads "
                + "the criterion.",
                "Input: the unified preference JSONL (docs/preference-format.md) or, directly, AlpacaEval annotation "
                        + "files, XSTest folders, LLaMA-Factory ranking JSON and chosen/rejected message JSONL "
                        + "(a file or a folder)."})
public final class TrainBtCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--train", required = true, paramLabel = "PATH", description = "Training pairs: a file or a folder.")
    Path train;

    @Option(names = "--valid", paramLabel = "PATH",
            description = "Validation pairs. Without it, 10% of the training instructions are held out (by group).")
    Path valid;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Force the input format: unified, alpaca-eval, xstest, llamafactory-ranking, chosen-messages.")
    String format;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The model directory to write.")
    Path out;

    @Option(names = "--force", description = "Overwrite a model directory that already holds a model.")
    boolean force;

    @Option(names = "--encoder", defaultValue = TextEncoders.DEFAULT, paramLabel = "NAME",
            description = "Text encoder: minilm or bge-small (default: ${DEFAULT-VALUE}).")
    String encoderName;

    @Option(names = "--no-cache", description = "Do not use the on-disk embedding cache.")
    boolean noCache;

    @Option(names = "--epochs", defaultValue = "10", paramLabel = "N", description = "Most epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--lr", defaultValue = "0.001", paramLabel = "X", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--batch-size", defaultValue = "64", paramLabel = "N", description = "Pairs per step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--hidden", defaultValue = "64", paramLabel = "N", description = "Hidden units of the head (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--activation", defaultValue = "gelu", paramLabel = "gelu|tanh", description = "Hidden activation (default: ${DEFAULT-VALUE}).")
    String activation;

    @Option(names = "--weight-decay", defaultValue = "0.01", paramLabel = "X", description = "AdamW weight decay (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--warmup", defaultValue = "0.05", paramLabel = "F", description = "Warm-up fraction of the steps (default: ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = "--clip", defaultValue = "1.0", paramLabel = "X", description = "Gradient clipping by global norm (default: ${DEFAULT-VALUE}).")
    double clip;

    @Option(names = "--margin", defaultValue = "0", paramLabel = "X", description = "Margin in the BT loss (default: ${DEFAULT-VALUE}).")
    double margin;

    @Option(names = "--patience", defaultValue = "3", paramLabel = "N",
            description = "Stop after N epochs without a better validation result (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "Seed of initialisation, shuffling and the split (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", defaultValue = "1", paramLabel = "N", description = "Training threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Override
    public Integer call() throws IOException {
        PrintWriter w = spec.commandLine().getOut();
        PrintStream err = System.err;
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new InvalidInputException("--out " + out + " is a file; the model is a directory (give a new or "
                    + "existing folder)");
        }
        if (Files.exists(out.resolve(BtModelFiles.MANIFEST))) {
            if (!force) {
                throw new InvalidInputException(out + " already holds a model; use another --out or --force");
            }
            // --force: the old model goes now, so a failed run cannot leave it beside the new run's log
            for (String f : List.of(BtModelFiles.MANIFEST, BtModelFiles.WEIGHTS, "evaluation.json")) {
                Files.deleteIfExists(out.resolve(f));
            }
        }
        BtTrainingConfig config = BtTrainingConfig.defaults().withMaxEpochs(epochs).withLearningRate(lr)
                .withBatchSize(batchSize).withHiddenSize(hidden).withActivation(Activation.parse(activation))
                .withWeightDecay(weightDecay).withWarmupFraction(warmup).withClipNorm(clip).withMargin(margin)
                .withPatience(patience).withSeed(seed).withThreads(threads);

        PreferenceSource trainSource = PreferenceReaders.open(train, Optional.ofNullable(format));
        ReadResult trainRead = read("train", trainSource, w);
        List<PreferencePair> trainPairs = textResponsePairs(trainRead.decisivePairs());
        long trainMedia = trainRead.decisivePairs().size() - trainPairs.size();
        noteMediaPairs("train", trainMedia, w);
        if (trainPairs.isEmpty()) {
            throw new InvalidInputException("no usable training pairs in " + train + " (ties and skipped records "
                    + "do not count" + mediaClause(trainMedia) + "); see the counts above");
        }
        List<PreferencePair> validPairs;
        List<DataFile> dataFiles = new ArrayList<>(dataFiles("train", trainSource, trainRead));
        if (valid != null) {
            PreferenceSource validSource = PreferenceReaders.open(valid, Optional.ofNullable(format));
            ReadResult validRead = read("valid", validSource, w);
            validPairs = textResponsePairs(validRead.decisivePairs());
            long validMedia = validRead.decisivePairs().size() - validPairs.size();
            noteMediaPairs("valid", validMedia, w);
            if (validPairs.isEmpty()) {
                throw new InvalidInputException("no usable validation pairs in " + valid + " (ties and skipped records "
                        + "do not count" + mediaClause(validMedia) + "); see the counts above, or leave out --valid "
                        + "to hold out 10% of the training instructions");
            }
            dataFiles.addAll(dataFiles("valid", validSource, validRead));
        } else {
            Splits.Split split = Splits.split(trainPairs, seed, 0.1);
            trainPairs = split.train();
            validPairs = split.valid();
            w.printf(Locale.ROOT, "no --valid: held out %,d pairs (10%% of the instructions) for validation%n", validPairs.size());
            if (trainPairs.isEmpty()) {
                throw new InvalidInputException("no training pairs left in " + train + " after holding out 10% of "
                        + "the instructions for validation (too few instructions); give a --valid file");
            }
            if (validPairs.isEmpty()) {
                w.println("note: too few instructions to hold any out; training without validation and early "
                        + "stopping (give a --valid file to have them)");
            }
        }
        w.flush();

        try (Encoder encoder = noCache ? TextEncoders.create(encoderName) : CachedEncoder.open(TextEncoders.create(encoderName))) {
            FeatureSpec featureSpec = FeatureSpec.v1(encoder.dimension());
            EncodedPairSource trainSet = encode("encoding train texts", trainPairs, encoder, featureSpec, err);
            EncodedPairSource validSet = validPairs.isEmpty() ? null
                    : encode("encoding valid texts", validPairs, encoder, featureSpec, err);

            ProgressDisplay steps = new ProgressDisplay(err, "training");
            BtTrainingListener listener = new BtTrainingListener() {
                @Override
                public void onStep(StepProgress p) {
                    steps.update(p.globalStep(), p.totalSteps(), "steps",
                            String.format(Locale.ROOT, "epoch %d/%d loss %.4f", p.epoch(), p.maxEpochs(), p.loss()));
                }

                @Override
                public void onEpoch(EpochLog e, boolean improved) {
                    steps.close();
                    err.printf(Locale.ROOT, "epoch %d: train loss %.4f acc %.3f%s (%.1f s)%s%n", e.epoch(), e.trainLoss(),
                            e.trainAccuracy(), e.hasValidation() ? String.format(Locale.ROOT,
                                    ", valid loss %.4f acc %.3f", e.validLoss(), e.validAccuracy()) : "",
                            e.seconds(), improved ? "  (kept)" : "");
                }
            };
            BtTrainingResult result = new BtTrainer(config).train(featureSpec, trainSet, validSet, listener);
            steps.close();

            Files.createDirectories(out);
            result.writeLog(out.resolve("training-log.json"));
            result.writePlot(out.resolve("training-log.svg"), "train bt: " + out.getFileName());
            if (result.diverged() && result.bestEpoch() == 0) {
                w.printf("log: %s, plot: %s%n", out.resolve("training-log.json"), out.resolve("training-log.svg"));
                w.flush();
                spec.commandLine().getErr().println("error: " + result.message() + " No model was saved.");
                spec.commandLine().getErr().flush();
                return 1;
            }

            Map<String, Double> validation = new LinkedHashMap<>();
            List<TrainingEvaluation.Row> rows = List.of();
            if (validSet != null) {
                PairEvaluation ev = BtTrainer.evaluate(result.head(), validSet, config.margin());
                rows = TrainingEvaluation.evaluate(validSet.pairs(), ev.differences(), seed);
                validation.putAll(TrainingEvaluation.metrics(rows));
            }
            BtManifest manifest = BtManifest.forTraining(encoder, featureSpec, result, dataFiles, Instant.now())
                    .withValidation(validation);
            BtModelFiles.save(out, result.head(), manifest);
            writeEvaluation(out.resolve("evaluation.json"), rows);

            w.printf("model: %s (%s, best epoch %d of %d, %s)%n", out, encoder.id(), result.bestEpoch(),
                    result.epochs().size(), result.status().wireName());
            if (!rows.isEmpty()) {
                w.print(TrainingEvaluation.table(rows));
            }
            w.printf("log: %s, plot: %s%n", out.resolve("training-log.json"), out.resolve("training-log.svg"));
            w.flush();
            if (result.diverged()) {
                spec.commandLine().getErr().println("error: " + result.message() + " The model of epoch "
                        + result.bestEpoch() + ", the last good one, was saved.");
                spec.commandLine().getErr().flush();
                return 1;
            }
        }
        return 0;
    }

    /** The pairs whose responses are text: the only ones the BT model (a text encoder) can featurise. */
    private static List<PreferencePair> textResponsePairs(List<PreferencePair> pairs) {
        return pairs.stream().filter(p -> p.chosen().isText() && p.rejected().isText()).toList();
    }

    private static void noteMediaPairs(String role, long mediaPairs, PrintWriter w) {
        if (mediaPairs > 0) {
            w.printf(Locale.ROOT, "%s: left out %,d pairs with media responses (the BT model reads text responses only)%n", role,
                    mediaPairs);
        }
    }

    private static String mediaClause(long mediaPairs) {
        return mediaPairs == 0 ? "" : "; " + mediaPairs + " pairs have media responses, which the BT model cannot "
                + "read: it scores text responses only";
    }

    private static ReadResult read(String role, PreferenceSource source, PrintWriter w) {
        ReadResult r = source.readAll();
        w.printf("%s: %s%n", role, r.summary());
        return r;
    }

    static List<DataFile> dataFiles(String role, PreferenceSource source, ReadResult read) throws IOException {
        List<DataFile> files = new ArrayList<>();
        for (Path f : source.files()) {
            files.add(DataFile.of(role, f, Map.of()));
        }
        if (files.size() == 1) {
            Map<String, Long> counts = new LinkedHashMap<>(); // a fixed order keeps the manifest reproducible
            counts.put("pairs", (long) read.decisivePairs().size());
            counts.put("ties", read.ties());
            counts.put("skipped", read.skippedCount());
            files.set(0, DataFile.of(role, source.files().get(0), counts));
        }
        return files;
    }

    private static EncodedPairSource encode(String label, List<PreferencePair> pairs, Encoder encoder, FeatureSpec spec,
            PrintStream err) {
        ProgressDisplay progress = new ProgressDisplay(err, label);
        return EncodedPairSource.encode(pairs, encoder, spec, CachedEncoder.BATCH,
                (done, total) -> progress.update(done, total, "texts", ""));
    }

    private static void writeEvaluation(Path file, List<TrainingEvaluation.Row> rows) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode arr = mapper.createArrayNode();
        for (TrainingEvaluation.Row r : rows) {
            ObjectNode o = arr.addObject();
            o.put("subset", r.subset());
            o.put("pairs", r.pairs());
            o.put("model", r.model());
            o.put("length", r.length());
            o.put("random", r.random());
        }
        Files.writeString(file, mapper.writerWithDefaultPrettyPrinter().writeValueAsString(arr) + "\n");
    }
}
