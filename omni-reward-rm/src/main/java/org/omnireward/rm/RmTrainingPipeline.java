package org.omnireward.rm;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
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
import org.omnireward.core.util.Progress;
import org.omnireward.core.util.Sha256;
import org.omnireward.data.PreferenceSource;
import org.omnireward.data.ReadResult;
import org.omnireward.data.Splits;
import org.omnireward.data.sets.PreferenceReaders;
import org.omnireward.rm.encoder.BaseModels;
import org.omnireward.training.DataFile;
import org.omnireward.training.ToolVersion;
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
    private final Progress progress;
    private final Clock clock;
    private long stopAfterStep = -1;
    private Path layerCache = FrozenLayerCache.defaultDirectory();

    /** A pipeline; {@code validData} may be {@code null}. */
    public RmTrainingPipeline(
            Path trainData,
            Path validData,
            Path out,
            boolean overwrite,
            String baseName,
            RmTrainingConfig config,
            Progress progress,
            Clock clock) {
        this.trainData = Objects.requireNonNull(trainData, "trainData");
        this.validData = validData;
        this.out = Objects.requireNonNull(out, "out");
        this.overwrite = overwrite;
        this.baseName = baseName;
        this.config = Objects.requireNonNull(config, "config");
        this.progress = progress == null ? Progress.none() : progress;
        this.clock = clock == null ? Clock.systemUTC() : clock;
    }

    /**
     * Where the frozen layers' outputs are cached ({@link FrozenLayerCache}; default: {@code
     * rm-layers} in the toolkit's cache folder); {@code null} = no cache. The weights do not depend on it.
     */
    public RmTrainingPipeline layerCache(Path directory) {
        this.layerCache = directory;
        return this;
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
        checkOut();
        Pairs pairs = capped(readPairs());
        BaseModels.Loaded loaded = BaseModels.load(base);
        String fingerprint = fingerprint(loaded, pairs.files());
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + out + ": " + e.getMessage(), e);
        }
        RmTrainer trainer = new RmTrainer(config, loaded, out, fingerprint, progress);
        trainer.stopAfterStep(stopAfterStep);
        trainer.layerCache(layerCache);
        RmManifest[] written = new RmManifest[1];
        RmTrainer.Result result = trainer.train(
                pairs.train(),
                pairs.valid(),
                (weights, rows) -> written[0] = save(base, loaded, trainer, pairs, weights, rows));
        RmManifest manifest =
                written[0] != null ? written[0] : RmModelFiles.load(out).manifest();
        writeLog(result);
        return new Outcome(manifest, result.validation(), result.resumed());
    }

    /**
     * The pairs a run trains and validates on, the data files they came from, and how many training pairs
     * there were before a {@code maxTrainPairs} cap.
     */
    private record Pairs(List<PreferencePair> train, List<PreferencePair> valid, List<DataFile> files, int available) {}

    /** Refuses an output path that is a file, or that holds a finished model when not overwriting. */
    private void checkOut() {
        if (Files.isRegularFile(out)) {
            throw new InvalidInputException("--out " + out + " is a file; the model is a folder");
        }
        boolean checkpoint = Files.isRegularFile(out.resolve(RmTrainer.CHECKPOINT));
        if (RmModelFiles.exists(out) && !checkpoint && !overwrite) {
            throw new InvalidInputException(out + " already holds a trained model; use another --out or --force");
        }
    }

    /** The training pairs and the validation pairs: from the validation file, or held out of training by group. */
    private Pairs readPairs() {
        PreferenceSource trainSource = PreferenceReaders.open(trainData, Optional.empty());
        ReadResult trainRead = trainSource.readAll();
        progress.message("train: " + trainRead.summary());
        List<PreferencePair> train = textPairs(trainRead.decisivePairs());
        if (train.isEmpty()) {
            throw new InvalidInputException("no usable training pairs in " + trainData + " (" + trainRead.summary()
                    + "; pairs need two text responses and a preference that is not a tie)");
        }
        List<DataFile> files = new ArrayList<>(DataFile.of("train", trainSource, trainRead));
        if (validData == null) {
            Splits.Split split = Splits.split(train, config.seed(), HOLD_OUT_FRACTION);
            progress.message(String.format(
                    Locale.ROOT,
                    "no --valid: held out %d of the training pairs (by group)",
                    split.valid().size()));
            return new Pairs(split.train(), split.valid(), files, split.train().size());
        }
        PreferenceSource validSource = PreferenceReaders.open(validData, Optional.empty());
        ReadResult validRead = validSource.readAll();
        progress.message("valid: " + validRead.summary());
        List<PreferencePair> valid = textPairs(validRead.decisivePairs());
        if (valid.isEmpty()) {
            throw new InvalidInputException(
                    "no usable validation pairs in " + validData + " (" + validRead.summary() + ")");
        }
        files.addAll(DataFile.of("valid", validSource, validRead));
        return new Pairs(train, valid, files, train.size());
    }

    /** At most {@code maxTrainPairs} training pairs, a seeded sample when there are more. */
    private Pairs capped(Pairs pairs) {
        List<PreferencePair> train = pairs.train();
        if (config.maxTrainPairs() <= 0 || train.size() <= config.maxTrainPairs()) {
            return pairs;
        }
        int[] order = RmTrainer.order(train.size(), config.seed(), -1);
        List<PreferencePair> sample = new ArrayList<>(config.maxTrainPairs());
        for (int i = 0; i < config.maxTrainPairs(); i++) {
            sample.add(train.get(order[i]));
        }
        progress.message("training on a seeded sample of " + sample.size() + " of " + train.size() + " pairs");
        return new Pairs(sample, pairs.valid(), pairs.files(), pairs.available());
    }

    /** Writes the model folder and {@code evaluation.json} for the best weights so far. */
    private RmManifest save(
            BaseModels.Base base,
            BaseModels.Loaded loaded,
            RmTrainer trainer,
            Pairs pairs,
            Map<String, float[]> weights,
            List<ValidationReport.Row> rows) {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("train_pairs", (long) pairs.train().size());
        counts.put("train_pairs_available", (long) pairs.available());
        counts.put("valid_pairs", (long) pairs.valid().size());
        Map<String, Double> metrics = rows.isEmpty() ? Map.of() : ValidationReport.metrics(rows);
        RmManifest m = new RmManifest(
                RmModelFiles.FORMAT_VERSION,
                base.name(),
                loaded.id(),
                loaded.onnxSha256(),
                trainer.trainableFrom(),
                config.maxLength(),
                config,
                pairs.files(),
                counts,
                metrics,
                clock.instant(),
                ToolVersion.get(),
                "");
        RmManifest saved = RmModelFiles.save(out, m, weights);
        try {
            ValidationReport.write(out.resolve("evaluation.json"), rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return saved;
    }

    /** {@code training-log.json}: best epoch, optimiser steps, whether it resumed, the configuration, each epoch. */
    @JsonPropertyOrder({"best_epoch", "steps", "resumed", "config", "epochs"})
    record TrainingLog(
            @JsonProperty("best_epoch") int bestEpoch,
            @JsonProperty("steps") long steps,
            @JsonProperty("resumed") boolean resumed,
            @JsonProperty("config") RmTrainingConfig.Layout config,
            @JsonProperty("epochs") List<RmTrainer.EpochLog> epochs) {}

    private void writeLog(RmTrainer.Result result) {
        TrainingLog log =
                new TrainingLog(result.bestEpoch(), result.steps(), result.resumed(), config.layout(), result.epochs());
        try {
            Files.writeString(out.resolve("training-log.json"), Json.pretty().writeValueAsString(log) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the training log in " + out + ": " + e.getMessage(), e);
        }
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
