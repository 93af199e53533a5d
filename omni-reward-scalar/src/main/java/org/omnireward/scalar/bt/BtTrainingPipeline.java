package org.omnireward.scalar.bt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.PreferencePair;
import org.omnireward.data.PreferenceReaders;
import org.omnireward.data.PreferenceSource;
import org.omnireward.data.ReadResult;
import org.omnireward.data.Splits;
import org.omnireward.scalar.Encoder;
import org.omnireward.scalar.encode.CachedEncoder;
import org.omnireward.scalar.encode.EmbeddingCacheLocation;
import org.omnireward.scalar.encode.TextEncoders;
import org.omnireward.training.DataFile;
import org.omnireward.training.ValidationReport;

/**
 * Trains a BT model from preference data files into a model directory, end to end: reads the
 * training (and validation) files with the data module's readers, keeps the pairs with text
 * responses, holds out 10% of the training instructions when no validation data is given, encodes
 * every distinct text (through the embedding cache unless turned off), trains the head with
 * {@link BtTrainer}, and writes {@code training-log.json}, {@code training-log.svg}, the model
 * ({@code manifest.json}, {@code weights.bin}) and {@code evaluation.json} (the
 * {@link ValidationReport}). This is what {@code omni-reward train bt} runs.
 *
 * <pre>{@code
 * BtPipelineResult r = BtTrainingPipeline.builder()
 *         .setTrainData(Path.of("data/train.jsonl"))
 *         .setOutputDirectory(Path.of("models/my-bt"))
 *         .optValidData(Path.of("data/valid.jsonl"))
 *         .optConfig(BtTrainingConfig.defaults().withMaxEpochs(5))
 *         .optListener(new BtConsoleListener(new PrintWriter(System.out), System.err))
 *         .build()
 *         .run();
 * }</pre>
 *
 * Bad input (a missing file, no usable pairs, an output path that is a file or already holds a
 * model) is an {@link InvalidInputException} thrown before anything is trained or written. A run
 * that diverges is not an exception: the result says so ({@link BtPipelineResult#diverged()}) and
 * whether the last good model was saved.
 */
public final class BtTrainingPipeline {

    /** The share of the training instructions held out for validation when no validation data is given. */
    public static final double HOLD_OUT_FRACTION = 0.1;

    /** The validation report file written beside the model. */
    public static final String EVALUATION = "evaluation.json";
    /** The training log file. */
    public static final String LOG = "training-log.json";
    /** The training plot file. */
    public static final String PLOT = "training-log.svg";

    /**
     * How the caller's user names the settings that messages point at, e.g. {@code --valid} on the
     * command line; {@link #API} names them in words.
     */
    public record SettingNames(String validData, String outputDirectory, String overwrite) {

        /** Names for a library user. */
        public static final SettingNames API = new SettingNames("validation data", "output directory", "overwrite");

        public SettingNames {
            Objects.requireNonNull(validData, "validData");
            Objects.requireNonNull(outputDirectory, "outputDirectory");
            Objects.requireNonNull(overwrite, "overwrite");
        }
    }

    private final Path trainData;
    private final Path validData;
    private final String format;
    private final Path outputDirectory;
    private final boolean overwrite;
    private final BtTrainingConfig config;
    private final Supplier<? extends Encoder> encoderFactory;
    private final boolean embeddingCache;
    private final Path cacheDirectory;
    private final BtPipelineListener listener;
    private final SettingNames names;
    private final Clock clock;
    private final String plotTitle;

    private BtTrainingPipeline(Builder b) {
        this.trainData = b.trainData;
        this.validData = b.validData;
        this.format = b.format;
        this.outputDirectory = b.outputDirectory;
        this.overwrite = b.overwrite;
        this.config = b.config;
        String encoderName = b.encoderName;
        this.encoderFactory = b.encoderFactory != null ? b.encoderFactory : () -> TextEncoders.create(encoderName);
        this.embeddingCache = b.embeddingCache;
        this.cacheDirectory = b.cacheDirectory;
        this.listener = b.listener;
        this.names = b.names;
        this.clock = b.clock;
        this.plotTitle = b.plotTitle != null ? b.plotTitle : "BT training: " + outputDirectory.getFileName();
    }

    /** A builder; {@code set*} settings are required, {@code opt*} ones have defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the pipeline.
     *
     * @return what was trained and written; check {@link BtPipelineResult#diverged()}
     * @throws InvalidInputException for bad input, before anything is trained: the output path is a
     *     file, or holds a model and overwriting is off; a data file is missing or unreadable; no
     *     usable training or validation pairs (the message names the file and why)
     * @throws IOException when a file cannot be written
     */
    public BtPipelineResult run() throws IOException {
        prepareOutputDirectory();

        PreferenceSource trainSource = PreferenceReaders.open(trainData, Optional.ofNullable(format));
        ReadResult trainRead = read("train", trainSource);
        List<PreferencePair> trainPairs = textResponsePairs(trainRead.decisivePairs());
        long trainMedia = trainRead.decisivePairs().size() - trainPairs.size();
        noteMediaPairs("train", trainMedia);
        if (trainPairs.isEmpty()) {
            throw new InvalidInputException("no usable training pairs in " + trainData + " (ties and skipped records "
                    + "do not count" + mediaClause(trainMedia) + "); see the counts above");
        }
        List<DataFile> dataFiles = new ArrayList<>(DataFile.of("train", trainSource, trainRead));
        List<PreferencePair> validPairs;
        if (validData != null) {
            PreferenceSource validSource = PreferenceReaders.open(validData, Optional.ofNullable(format));
            ReadResult validRead = read("valid", validSource);
            validPairs = textResponsePairs(validRead.decisivePairs());
            long validMedia = validRead.decisivePairs().size() - validPairs.size();
            noteMediaPairs("valid", validMedia);
            if (validPairs.isEmpty()) {
                throw new InvalidInputException("no usable validation pairs in " + validData + " (ties and skipped "
                        + "records do not count" + mediaClause(validMedia) + "); see the counts above, or leave out "
                        + names.validData() + " to hold out 10% of the training instructions");
            }
            dataFiles.addAll(DataFile.of("valid", validSource, validRead));
        } else {
            Splits.Split split = Splits.split(trainPairs, config.seed(), HOLD_OUT_FRACTION);
            trainPairs = split.train();
            validPairs = split.valid();
            listener.onMessage(String.format(
                    Locale.ROOT,
                    "no %s: held out %,d pairs (10%% of the instructions) for " + "validation",
                    names.validData(),
                    validPairs.size()));
            if (trainPairs.isEmpty()) {
                throw new InvalidInputException("no training pairs left in " + trainData + " after holding out 10% of "
                        + "the instructions for validation (too few instructions); give a " + names.validData()
                        + " file");
            }
            if (validPairs.isEmpty()) {
                listener.onMessage("note: too few instructions to hold any out; training without validation and early "
                        + "stopping (give a " + names.validData() + " file to have them)");
            }
        }

        try (Encoder encoder = openEncoder()) {
            return train(encoder, trainPairs, validPairs, dataFiles);
        }
    }

    private BtPipelineResult train(
            Encoder encoder, List<PreferencePair> trainPairs, List<PreferencePair> validPairs, List<DataFile> dataFiles)
            throws IOException {
        FeatureSpec featureSpec = FeatureSpec.v1(encoder.dimension());
        EncodedPairSource trainSet = encode("encoding train texts", trainPairs, encoder, featureSpec);
        EncodedPairSource validSet =
                validPairs.isEmpty() ? null : encode("encoding valid texts", validPairs, encoder, featureSpec);

        listener.onTrainingStart(trainSet.size(), validSet == null ? 0 : validSet.size());
        BtTrainingResult result = new BtTrainer(config).train(featureSpec, trainSet, validSet, listener);
        listener.onTrainingEnd(result);

        Path log = outputDirectory.resolve(LOG);
        Path plot = outputDirectory.resolve(PLOT);
        Files.createDirectories(outputDirectory);
        result.writeLog(log);
        result.writePlot(plot, plotTitle);
        if (result.diverged() && result.bestEpoch() == 0) {
            return new BtPipelineResult(outputDirectory, encoder.id(), result, List.of(), null, log, plot, null);
        }

        List<ValidationReport.Row> rows = List.of();
        if (validSet != null) {
            PairEvaluation ev = BtTrainer.evaluate(result.head(), validSet, config.margin());
            rows = ValidationReport.evaluate(validSet.pairs(), ev.differences(), config.seed());
        }
        BtManifest manifest = BtManifest.forTraining(encoder, featureSpec, result, dataFiles, clock.instant())
                .withValidation(ValidationReport.metrics(rows));
        BtManifest written = BtModelFiles.save(outputDirectory, result.head(), manifest);
        Path evaluation = outputDirectory.resolve(EVALUATION);
        ValidationReport.write(evaluation, rows);
        return new BtPipelineResult(outputDirectory, encoder.id(), result, rows, written, log, plot, evaluation);
    }

    /** Refuses a file or (unless overwriting) an existing model; when overwriting, removes the old model now. */
    private void prepareOutputDirectory() throws IOException {
        if (Files.exists(outputDirectory) && !Files.isDirectory(outputDirectory)) {
            throw new InvalidInputException(names.outputDirectory() + " " + outputDirectory
                    + " is a file; the model is " + "a directory (give a new or existing folder)");
        }
        if (Files.exists(outputDirectory.resolve(BtModelFiles.MANIFEST))) {
            if (!overwrite) {
                throw new InvalidInputException(outputDirectory + " already holds a model; use another "
                        + names.outputDirectory() + " or " + names.overwrite());
            }
            // the old model goes now, so a failed run cannot leave it beside the new run's log
            for (String f : List.of(BtModelFiles.MANIFEST, BtModelFiles.WEIGHTS, EVALUATION)) {
                Files.deleteIfExists(outputDirectory.resolve(f));
            }
        }
    }

    private Encoder openEncoder() {
        Encoder encoder = Objects.requireNonNull(encoderFactory.get(), "the encoder factory returned null");
        if (!embeddingCache) {
            return encoder;
        }
        try {
            return CachedEncoder.open(
                    encoder, cacheDirectory != null ? cacheDirectory : EmbeddingCacheLocation.directory());
        } catch (RuntimeException e) {
            encoder.close();
            throw e;
        }
    }

    private ReadResult read(String role, PreferenceSource source) {
        ReadResult r = source.readAll();
        listener.onMessage(role + ": " + r.summary());
        return r;
    }

    /** The pairs whose responses are text: the only ones the BT model (a text encoder) can featurise. */
    private static List<PreferencePair> textResponsePairs(List<PreferencePair> pairs) {
        return pairs.stream()
                .filter(p -> p.chosen().isText() && p.rejected().isText())
                .toList();
    }

    private void noteMediaPairs(String role, long mediaPairs) {
        if (mediaPairs > 0) {
            listener.onMessage(String.format(
                    Locale.ROOT,
                    "%s: left out %,d pairs with media responses (the BT model " + "reads text responses only)",
                    role,
                    mediaPairs));
        }
    }

    private static String mediaClause(long mediaPairs) {
        return mediaPairs == 0
                ? ""
                : "; " + mediaPairs + " pairs have media responses, which the BT model cannot "
                        + "read: it scores text responses only";
    }

    private EncodedPairSource encode(String phase, List<PreferencePair> pairs, Encoder encoder, FeatureSpec spec) {
        return EncodedPairSource.encode(
                pairs, encoder, spec, CachedEncoder.BATCH, (done, total) -> listener.onEncoding(phase, done, total));
    }

    /** Settings of a {@link BtTrainingPipeline}. */
    public static final class Builder {

        private Path trainData;
        private Path validData;
        private String format;
        private Path outputDirectory;
        private boolean overwrite;
        private BtTrainingConfig config = BtTrainingConfig.defaults();
        private String encoderName = TextEncoders.DEFAULT;
        private Supplier<? extends Encoder> encoderFactory;
        private boolean embeddingCache = true;
        private Path cacheDirectory;
        private BtPipelineListener listener = BtPipelineListener.NONE;
        private SettingNames names = SettingNames.API;
        private Clock clock = Clock.systemUTC();
        private String plotTitle;

        private Builder() {}

        /** Required: the training pairs, a file or a folder in any format the data module reads. */
        public Builder setTrainData(Path path) {
            this.trainData = Objects.requireNonNull(path, "path");
            return this;
        }

        /** Required: the model directory to write (created when missing). */
        public Builder setOutputDirectory(Path directory) {
            this.outputDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /** The validation pairs; without them (null), 10% of the training instructions are held out by group. */
        public Builder optValidData(Path path) {
            this.validData = path;
            return this;
        }

        /** Forces the input format by id ({@code unified}, {@code alpaca-eval}, …); null (default) detects it. */
        public Builder optFormat(String formatId) {
            this.format = formatId;
            return this;
        }

        /** Whether a model already in the output directory is replaced (default false: refused). */
        public Builder optOverwrite(boolean replace) {
            this.overwrite = replace;
            return this;
        }

        /** The training configuration (default {@link BtTrainingConfig#defaults()}); its seed also seeds the split and the random baseline. */
        public Builder optConfig(BtTrainingConfig trainingConfig) {
            this.config = Objects.requireNonNull(trainingConfig, "trainingConfig");
            return this;
        }

        /** The text encoder by name, see {@link TextEncoders} (default {@value TextEncoders#DEFAULT}). */
        public Builder optEncoderName(String name) {
            this.encoderName = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Makes the encoder instead of {@link #optEncoderName}; called once per run; the run closes it. */
        public Builder optEncoder(Supplier<? extends Encoder> factory) {
            this.encoderFactory = factory;
            return this;
        }

        /** Whether embeddings are kept in the on-disk cache (default true). */
        public Builder optEmbeddingCache(boolean use) {
            this.embeddingCache = use;
            return this;
        }

        /** The embedding cache directory (default: {@link EmbeddingCacheLocation#directory()} when the run starts). */
        public Builder optCacheDirectory(Path directory) {
            this.cacheDirectory = directory;
            return this;
        }

        /** Hears messages, encoding progress and training steps (default: nothing). */
        public Builder optListener(BtPipelineListener pipelineListener) {
            this.listener = Objects.requireNonNull(pipelineListener, "pipelineListener");
            return this;
        }

        /** How messages name the validation data, output directory and overwrite settings (default {@link SettingNames#API}). */
        public Builder optSettingNames(SettingNames settingNames) {
            this.names = Objects.requireNonNull(settingNames, "settingNames");
            return this;
        }

        /** The clock of the manifest's {@code created_at} (default the system clock, UTC). */
        public Builder optClock(Clock manifestClock) {
            this.clock = Objects.requireNonNull(manifestClock, "manifestClock");
            return this;
        }

        /** The title of the training plot (default {@code BT training: <directory name>}). */
        public Builder optPlotTitle(String title) {
            this.plotTitle = title;
            return this;
        }

        /**
         * The pipeline.
         *
         * @throws IllegalStateException when a required setting is missing
         */
        public BtTrainingPipeline build() {
            if (trainData == null) {
                throw new IllegalStateException("setTrainData is required: the training pairs to read");
            }
            if (outputDirectory == null) {
                throw new IllegalStateException("setOutputDirectory is required: the model directory to write");
            }
            return new BtTrainingPipeline(this);
        }
    }
}
