package org.omnireward.rm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.util.Json;
import org.omnireward.core.util.Sha256;
import org.omnireward.data.PreferenceReaders;
import org.omnireward.data.PreferenceSource;
import org.omnireward.data.ReadResult;
import org.omnireward.data.Splits;
import org.omnireward.rm.encoder.BaseModels;
import org.omnireward.training.DataFile;
import org.omnireward.training.ValidationReport;

/**
 * {@code train rm} as a library call: reads training (and validation) pairs through the data
 * module, runs an {@link RmTrainer} and writes the model folder ({@code manifest.json},
 * {@code weights.bin}), {@code training-log.json} and {@code evaluation.json}. Rerunning with the
 * same data and settings after an interruption resumes from the folder's checkpoint.
 */
public final class RmTrainingPipeline {

    /** Share of the training groups held out when no validation data is given. */
    public static final double HOLD_OUT_FRACTION = 0.1;

    private final Path trainData;
    private final Path validData;
    private final Path out;
    private final boolean overwrite;
    private final String baseName;
    private final RmTrainingConfig config;
    private final RmTrainer.Listener listener;
    private final Clock clock;
    private long stopAfterStep = -1;

    /** A pipeline; {@code validData} may be {@code null}. */
    public RmTrainingPipeline(
            Path trainData,
            Path validData,
            Path out,
            boolean overwrite,
            String baseName,
            RmTrainingConfig config,
            RmTrainer.Listener listener,
            Clock clock) {
        this.trainData = Objects.requireNonNull(trainData, "trainData");
        this.validData = validData;
        this.out = Objects.requireNonNull(out, "out");
        this.overwrite = overwrite;
        this.baseName = baseName;
        this.config = Objects.requireNonNull(config, "config");
        this.listener = listener == null ? new RmTrainer.Listener() {} : listener;
        this.clock = clock == null ? Clock.systemUTC() : clock;
    }

    /** Test hook, see {@link RmTrainer}. */
    void stopAfterStep(long step) {
        this.stopAfterStep = step;
    }

    /** What a run wrote. */
    public record Outcome(RmManifest manifest, List<ValidationReport.Row> validation, boolean resumed) {}

    /**
     * Runs the pipeline.
     *
     * @throws InvalidInputException for bad input before anything is trained: no usable pairs, an
     *     output path that is a file or already holds a finished model (without overwrite)
     */
    public Outcome run() {
        BaseModels.Base base = BaseModels.byName(baseName);
        if (Files.isRegularFile(out)) {
            throw new InvalidInputException("--out " + out + " is a file; the model is a folder");
        }
        boolean checkpoint = Files.isRegularFile(out.resolve(RmTrainer.CHECKPOINT));
        if (RmModelFiles.exists(out) && !checkpoint && !overwrite) {
            throw new InvalidInputException(out + " already holds a trained model; use another --out or --force");
        }
        PreferenceSource trainSource = PreferenceReaders.open(trainData, Optional.empty());
        ReadResult trainRead = trainSource.readAll();
        listener.onMessage("train: " + trainRead.summary());
        List<PreferencePair> train = textPairs(trainRead.decisivePairs());
        if (train.isEmpty()) {
            throw new InvalidInputException("no usable training pairs in " + trainData + " (" + trainRead.summary()
                    + "; pairs need two text responses and a preference that is not a tie)");
        }
        List<PreferencePair> valid;
        List<DataFile> files = new ArrayList<>(DataFile.of("train", trainSource, trainRead));
        if (validData != null) {
            PreferenceSource validSource = PreferenceReaders.open(validData, Optional.empty());
            ReadResult validRead = validSource.readAll();
            listener.onMessage("valid: " + validRead.summary());
            valid = textPairs(validRead.decisivePairs());
            if (valid.isEmpty()) {
                throw new InvalidInputException(
                        "no usable validation pairs in " + validData + " (" + validRead.summary() + ")");
            }
            files.addAll(DataFile.of("valid", validSource, validRead));
        } else {
            Splits.Split split = Splits.split(train, config.seed(), HOLD_OUT_FRACTION);
            train = split.train();
            valid = split.valid();
            listener.onMessage(String.format(
                    Locale.ROOT, "no --valid: held out %d of the training pairs (by group)", valid.size()));
        }
        int available = train.size();
        if (config.maxTrainPairs() > 0 && train.size() > config.maxTrainPairs()) {
            int[] order = RmTrainer.order(train.size(), config.seed(), -1);
            List<PreferencePair> sample = new ArrayList<>(config.maxTrainPairs());
            for (int i = 0; i < config.maxTrainPairs(); i++) {
                sample.add(train.get(order[i]));
            }
            train = sample;
            listener.onMessage("training on a seeded sample of " + train.size() + " of " + available + " pairs");
        }
        BaseModels.Loaded loaded = BaseModels.load(base);
        String fingerprint = fingerprint(loaded, files);
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + out + ": " + e.getMessage(), e);
        }
        RmTrainer trainer = new RmTrainer(config, loaded, out, fingerprint, listener);
        trainer.stopAfterStep(stopAfterStep);
        int trainPairs = train.size();
        int validPairs = valid.size();
        RmManifest[] written = new RmManifest[1];
        RmTrainer.Result result = trainer.train(train, valid, (weights, rows) -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            counts.put("train_pairs", (long) trainPairs);
            counts.put("train_pairs_available", (long) available);
            counts.put("valid_pairs", (long) validPairs);
            Map<String, Double> metrics = rows.isEmpty() ? Map.of() : ValidationReport.metrics(rows);
            RmManifest m = new RmManifest(
                    RmModelFiles.FORMAT_VERSION,
                    base.name(),
                    loaded.id(),
                    loaded.onnxSha256(),
                    trainer.trainableFrom(),
                    config.maxLength(),
                    config,
                    files,
                    counts,
                    metrics,
                    clock.instant(),
                    org.omnireward.training.ToolVersion.get(),
                    "");
            written[0] = RmModelFiles.save(out, m, weights);
            try {
                ValidationReport.write(out.resolve("evaluation.json"), rows);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        RmManifest manifest =
                written[0] != null ? written[0] : RmModelFiles.load(out).manifest();
        try {
            var log = Json.mapper().createObjectNode();
            log.put("best_epoch", result.bestEpoch());
            log.put("steps", result.steps());
            log.put("resumed", result.resumed());
            log.set("config", config.toJson());
            log.set("epochs", result.epochs());
            Files.writeString(out.resolve("training-log.json"), Json.pretty().writeValueAsString(log) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the training log in " + out + ": " + e.getMessage(), e);
        }
        return new Outcome(manifest, result.validation(), result.resumed());
    }

    private String fingerprint(BaseModels.Loaded loaded, List<DataFile> files) {
        StringBuilder b =
                new StringBuilder(config.toJson().toString()).append('|').append(loaded.onnxSha256());
        for (DataFile f : files) {
            b.append('|').append(f.role()).append(':').append(f.sha256());
        }
        return Sha256.hex(b.toString());
    }

    private static List<PreferencePair> textPairs(List<PreferencePair> pairs) {
        return pairs.stream()
                .filter(p -> p.chosen().isText() && p.rejected().isText())
                .toList();
    }
}
