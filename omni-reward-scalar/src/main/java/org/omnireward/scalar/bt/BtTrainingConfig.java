package org.omnireward.scalar.bt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.omnireward.core.InvalidInputException;

/**
 * Hyper-parameters of {@link BtTrainer}. Results depend on every field except {@code threads} (the
 * trainer sums per-chunk gradients in a fixed order, so any thread count gives identical weights).
 *
 * @param hiddenSize hidden units of the head (default 64)
 * @param activation hidden non-linearity (default GELU)
 * @param batchSize pairs per optimizer step (default 64)
 * @param maxEpochs passes over the training pairs (default 10); the cosine schedule spans all of them
 * @param learningRate peak AdamW learning rate (default 1e-3)
 * @param weightDecay decoupled AdamW weight decay on W1, w2 and the bilinear W, not on biases (default 0.01)
 * @param warmupFraction fraction of all planned steps with a linear warm-up (default 0.05)
 * @param minLearningRateFraction the cosine decays to this fraction of the peak (default 0)
 * @param clipNorm clip the global gradient norm to this; 0 disables clipping (default 1.0)
 * @param margin Bradley–Terry margin m in −log σ(r_chosen − r_rejected − m) (default 0)
 * @param seed fixes initialisation and shuffling (default 42)
 * @param patience stop after this many epochs without a better validation result (higher accuracy, or equal
 *     accuracy and lower loss; default 3; 0 = never stop early)
 * @param beta1 AdamW first-moment decay (default 0.9)
 * @param beta2 AdamW second-moment decay (default 0.999)
 * @param epsilon AdamW denominator term (default 1e-8)
 * @param threads worker threads for gradients (default 1; does not change results)
 */
public record BtTrainingConfig(
        int hiddenSize,
        Activation activation,
        int batchSize,
        int maxEpochs,
        double learningRate,
        double weightDecay,
        double warmupFraction,
        double minLearningRateFraction,
        double clipNorm,
        double margin,
        long seed,
        int patience,
        double beta1,
        double beta2,
        double epsilon,
        int threads) {

    public BtTrainingConfig {
        require(hiddenSize >= 1, "hidden_size must be at least 1, got " + hiddenSize);
        require(activation != null, "activation is required");
        require(batchSize >= 1, "batch_size must be at least 1, got " + batchSize);
        require(maxEpochs >= 1, "max_epochs must be at least 1, got " + maxEpochs);
        require(
                learningRate > 0 && Double.isFinite(learningRate),
                "learning_rate must be positive and finite, got " + learningRate);
        require(weightDecay >= 0 && Double.isFinite(weightDecay), "weight_decay must be >= 0, got " + weightDecay);
        require(warmupFraction >= 0 && warmupFraction < 1, "warmup_fraction must be in [0, 1), got " + warmupFraction);
        require(
                minLearningRateFraction >= 0 && minLearningRateFraction <= 1,
                "min_lr_fraction must be in [0, 1], got " + minLearningRateFraction);
        require(
                clipNorm >= 0 && !Double.isNaN(clipNorm),
                "clip_norm must be >= 0 (0 disables clipping), got " + clipNorm);
        require(Double.isFinite(margin) && margin >= 0, "margin must be >= 0 and finite, got " + margin);
        require(patience >= 0, "patience must be >= 0, got " + patience);
        require(beta1 >= 0 && beta1 < 1, "beta1 must be in [0, 1), got " + beta1);
        require(beta2 >= 0 && beta2 < 1, "beta2 must be in [0, 1), got " + beta2);
        require(epsilon > 0, "epsilon must be positive, got " + epsilon);
        require(threads >= 1, "threads must be at least 1, got " + threads);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new InvalidInputException("invalid training configuration: " + message);
        }
    }

    /** The defaults listed above. */
    public static BtTrainingConfig defaults() {
        return new BtTrainingConfig(
                64, Activation.GELU, 64, 10, 1e-3, 0.01, 0.05, 0.0, 1.0, 0.0, 42L, 3, 0.9, 0.999, 1e-8, 1);
    }

    public BtTrainingConfig withHiddenSize(int v) {
        return new BtTrainingConfig(
                v,
                activation,
                batchSize,
                maxEpochs,
                learningRate,
                weightDecay,
                warmupFraction,
                minLearningRateFraction,
                clipNorm,
                margin,
                seed,
                patience,
                beta1,
                beta2,
                epsilon,
                threads);
    }

    public BtTrainingConfig withActivation(Activation v) {
        return new BtTrainingConfig(
                hiddenSize,
                v,
                batchSize,
                maxEpochs,
                learningRate,
                weightDecay,
                warmupFraction,
                minLearningRateFraction,
                clipNorm,
                margin,
                seed,
                patience,
                beta1,
                beta2,
                epsilon,
                threads);
    }

    public BtTrainingConfig withBatchSize(int v) {
        return new BtTrainingConfig(
                hiddenSize,
                activation,
                v,
                maxEpochs,
                learningRate,
                weightDecay,
                warmupFraction,
                minLearningRateFraction,
                clipNorm,
                margin,
                seed,
                patience,
                beta1,
                beta2,
                epsilon,
                threads);
    }

    public BtTrainingConfig withMaxEpochs(int v) {
        return new BtTrainingConfig(
                hiddenSize,
                activation,
                batchSize,
                v,
                learningRate,
                weightDecay,
                warmupFraction,
                minLearningRateFraction,
                clipNorm,
                margin,
                seed,
                patience,
                beta1,
                beta2,
                epsilon,
                threads);
    }

    public BtTrainingConfig withLearningRate(double v) {
        return new BtTrainingConfig(
                hiddenSize,
                activation,
                batchSize,
                maxEpochs,
                v,
                weightDecay,
                warmupFraction,
                minLearningRateFraction,
                clipNorm,
                margin,
                seed,
                patience,
                beta1,
                beta2,
                epsilon,
                threads);
    }

    public BtTrainingConfig withWeightDecay(double v) {
        return new BtTrainingConfig(
                hiddenSize,
                activation,
                batchSize,
                maxEpochs,
                learningRate,
                v,
                warmupFraction,
                minLearningRateFraction,
                clipNorm,
                margin,
                seed,
                patience,
                beta1,
                beta2,
                epsilon,
                threads);
    }

    public BtTrainingConfig withWarmupFraction(double v) {
        return new BtTrainingConfig(
                hiddenSize,
                activation,
                batchSize,
                maxEpochs,
                learningRate,
                weightDecay,
                v,
                minLearningRateFraction,
                clipNorm,
                margin,
                seed,
                patience,
                beta1,
                beta2,
                epsilon,
                threads);
    }

    public BtTrainingConfig withMinLearningRateFraction(double v) {
        return new BtTrainingConfig(
                hiddenSize,
                activation,
                batchSize,
                maxEpochs,
                learningRate,
                weightDecay,
                warmupFraction,
                v,
                clipNorm,
                margin,
                seed,
                patience,
                beta1,
                beta2,
                epsilon,
                threads);
    }

    public BtTrainingConfig withClipNorm(double v) {
        return new BtTrainingConfig(
                hiddenSize,
                activation,
                batchSize,
                maxEpochs,
                learningRate,
                weightDecay,
                warmupFraction,
                minLearningRateFraction,
                v,
                margin,
                seed,
                patience,
                beta1,
                beta2,
                epsilon,
                threads);
    }

    public BtTrainingConfig withMargin(double v) {
        return new BtTrainingConfig(
                hiddenSize,
                activation,
                batchSize,
                maxEpochs,
                learningRate,
                weightDecay,
                warmupFraction,
                minLearningRateFraction,
                clipNorm,
                v,
                seed,
                patience,
                beta1,
                beta2,
                epsilon,
                threads);
    }

    public BtTrainingConfig withSeed(long v) {
        return new BtTrainingConfig(
                hiddenSize,
                activation,
                batchSize,
                maxEpochs,
                learningRate,
                weightDecay,
                warmupFraction,
                minLearningRateFraction,
                clipNorm,
                margin,
                v,
                patience,
                beta1,
                beta2,
                epsilon,
                threads);
    }

    public BtTrainingConfig withPatience(int v) {
        return new BtTrainingConfig(
                hiddenSize,
                activation,
                batchSize,
                maxEpochs,
                learningRate,
                weightDecay,
                warmupFraction,
                minLearningRateFraction,
                clipNorm,
                margin,
                seed,
                v,
                beta1,
                beta2,
                epsilon,
                threads);
    }

    public BtTrainingConfig withThreads(int v) {
        return new BtTrainingConfig(
                hiddenSize,
                activation,
                batchSize,
                maxEpochs,
                learningRate,
                weightDecay,
                warmupFraction,
                minLearningRateFraction,
                clipNorm,
                margin,
                seed,
                patience,
                beta1,
                beta2,
                epsilon,
                v);
    }

    /** The configuration as a JSON object with snake_case keys (as in the manifest's {@code training}). */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("hidden_size", hiddenSize);
        o.put("activation", activation.wireName());
        o.put("batch_size", batchSize);
        o.put("max_epochs", maxEpochs);
        o.put("learning_rate", learningRate);
        o.put("weight_decay", weightDecay);
        o.put("warmup_fraction", warmupFraction);
        o.put("min_lr_fraction", minLearningRateFraction);
        o.put("clip_norm", clipNorm);
        o.put("margin", margin);
        o.put("seed", seed);
        o.put("patience", patience);
        o.put("beta1", beta1);
        o.put("beta2", beta2);
        o.put("epsilon", epsilon);
        o.put("threads", threads);
        return o;
    }

    /**
     * Reads {@link #toJson()} output; missing keys take their defaults (so older manifests still read).
     *
     * @throws InvalidInputException when a value has the wrong type or is out of range
     */
    public static BtTrainingConfig fromJson(JsonNode o) {
        BtTrainingConfig d = defaults();
        if (o == null || o.isNull() || o.isMissingNode()) {
            return d;
        }
        if (!o.isObject()) {
            throw new InvalidInputException("training configuration must be a JSON object, got " + o.getNodeType());
        }
        return new BtTrainingConfig(
                intField(o, "hidden_size", d.hiddenSize),
                o.has("activation") ? Activation.parse(o.get("activation").asText()) : d.activation,
                intField(o, "batch_size", d.batchSize),
                intField(o, "max_epochs", d.maxEpochs),
                numberField(o, "learning_rate", d.learningRate),
                numberField(o, "weight_decay", d.weightDecay),
                numberField(o, "warmup_fraction", d.warmupFraction),
                numberField(o, "min_lr_fraction", d.minLearningRateFraction),
                numberField(o, "clip_norm", d.clipNorm),
                numberField(o, "margin", d.margin),
                o.has("seed") ? longField(o, "seed") : d.seed,
                intField(o, "patience", d.patience),
                numberField(o, "beta1", d.beta1),
                numberField(o, "beta2", d.beta2),
                numberField(o, "epsilon", d.epsilon),
                intField(o, "threads", d.threads));
    }

    private static int intField(JsonNode o, String key, int fallback) {
        JsonNode v = o.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new InvalidInputException("training." + key + " must be an integer, got " + v);
        }
        return v.intValue();
    }

    private static long longField(JsonNode o, String key) {
        JsonNode v = o.get(key);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new InvalidInputException("training." + key + " must be an integer, got " + v);
        }
        return v.longValue();
    }

    private static double numberField(JsonNode o, String key, double fallback) {
        JsonNode v = o.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isNumber()) {
            throw new InvalidInputException("training." + key + " must be a number, got " + v);
        }
        return v.doubleValue();
    }
}
