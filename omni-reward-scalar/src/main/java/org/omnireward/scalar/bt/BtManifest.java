package org.omnireward.scalar.bt;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.omnireward.scalar.Encoder;
import org.omnireward.training.DataFile;

/**
 * What {@code manifest.json} of a BT model directory says: format version, the encoder the model
 * needs, the feature spec, the head shape, and how it was trained (seed, configuration, data files,
 * counts, validation metrics). See docs/bt-model.md for the JSON layout.
 *
 * @param formatVersion the model directory format ({@link BtModelFiles#FORMAT_VERSION} when written)
 * @param encoderId {@link org.omnireward.scalar.Encoder#id()} of the encoder the model was trained with
 * @param encoderDimension its dimension
 * @param featureSpecId {@link FeatureSpec#id()}
 * @param featureSpecVersion {@link FeatureSpec#version()}
 * @param head the head shape
 * @param seed the training seed
 * @param training the training configuration
 * @param trainingData the data files used, with hashes and counts
 * @param counts whole-run counts (train_pairs, train_ties_skipped, valid_pairs, valid_ties_skipped,
 *     epochs, best_epoch, and whatever the caller adds)
 * @param validation validation metrics of the kept model (accuracy, loss, and whatever the caller
 *     adds, e.g. accuracy_length_balanced)
 * @param createdAt when the model was written
 * @param toolVersion the omni-reward version that wrote it
 * @param weightsSha256 hex SHA-256 of {@code weights.bin} (filled in by {@link BtModelFiles#save})
 */
public record BtManifest(
        int formatVersion,
        String encoderId,
        int encoderDimension,
        String featureSpecId,
        int featureSpecVersion,
        HeadShape head,
        long seed,
        BtTrainingConfig training,
        List<DataFile> trainingData,
        Map<String, Long> counts,
        Map<String, Double> validation,
        Instant createdAt,
        String toolVersion,
        String weightsSha256) {

    public BtManifest {
        Objects.requireNonNull(encoderId, "encoderId");
        Objects.requireNonNull(featureSpecId, "featureSpecId");
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(training, "training");
        trainingData = List.copyOf(trainingData == null ? List.of() : trainingData);
        counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts == null ? Map.of() : counts));
        validation = Collections.unmodifiableMap(new LinkedHashMap<>(validation == null ? Map.of() : validation));
        Objects.requireNonNull(createdAt, "createdAt");
        toolVersion = toolVersion == null ? BtModelFiles.toolVersion() : toolVersion;
        weightsSha256 = weightsSha256 == null ? "" : weightsSha256;
    }

    /**
     * The manifest of a freshly trained model: counts and validation metrics are taken from
     * {@code result}; add more with {@link #withCounts} and {@link #withValidation}.
     */
    public static BtManifest forTraining(
            String encoderId,
            int encoderDimension,
            FeatureSpec spec,
            BtTrainingResult result,
            List<DataFile> trainingData,
            Instant createdAt) {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("train_pairs", (long) result.trainPairs());
        counts.put("train_ties_skipped", (long) result.trainTiesSkipped());
        counts.put("valid_pairs", (long) result.validPairs());
        counts.put("valid_ties_skipped", (long) result.validTiesSkipped());
        counts.put("epochs", (long) result.epochs().size());
        counts.put("best_epoch", (long) result.bestEpoch());
        Map<String, Double> validation = new LinkedHashMap<>();
        if (result.validation() != null) {
            validation.put("accuracy", result.validation().accuracy());
            validation.put("loss", result.validation().loss());
        }
        return new BtManifest(
                BtModelFiles.FORMAT_VERSION,
                encoderId,
                encoderDimension,
                spec.id(),
                spec.version(),
                result.head().shape(),
                result.config().seed(),
                result.config(),
                trainingData,
                counts,
                validation,
                createdAt,
                BtModelFiles.toolVersion(),
                "");
    }

    /** {@link #forTraining(String, int, FeatureSpec, BtTrainingResult, List, Instant)} for {@code encoder}. */
    public static BtManifest forTraining(
            Encoder encoder,
            FeatureSpec spec,
            BtTrainingResult result,
            List<DataFile> trainingData,
            Instant createdAt) {
        return forTraining(encoder.id(), encoder.dimension(), spec, result, trainingData, createdAt);
    }

    /** This manifest with more (or replaced) counts. */
    public BtManifest withCounts(Map<String, Long> more) {
        Map<String, Long> c = new LinkedHashMap<>(counts);
        c.putAll(more);
        return new BtManifest(
                formatVersion,
                encoderId,
                encoderDimension,
                featureSpecId,
                featureSpecVersion,
                head,
                seed,
                training,
                trainingData,
                c,
                validation,
                createdAt,
                toolVersion,
                weightsSha256);
    }

    /** This manifest with more (or replaced) validation metrics. */
    public BtManifest withValidation(Map<String, Double> more) {
        Map<String, Double> v = new LinkedHashMap<>(validation);
        v.putAll(more);
        return new BtManifest(
                formatVersion,
                encoderId,
                encoderDimension,
                featureSpecId,
                featureSpecVersion,
                head,
                seed,
                training,
                trainingData,
                counts,
                v,
                createdAt,
                toolVersion,
                weightsSha256);
    }

    /** This manifest with the weights hash set. */
    BtManifest withWeightsSha256(String sha) {
        return new BtManifest(
                formatVersion,
                encoderId,
                encoderDimension,
                featureSpecId,
                featureSpecVersion,
                head,
                seed,
                training,
                trainingData,
                counts,
                validation,
                createdAt,
                toolVersion,
                sha);
    }
}
