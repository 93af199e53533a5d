package org.omnireward.rm;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.util.Json;
import org.omnireward.training.AdamW;
import org.omnireward.training.WarmupCosineSchedule;

/**
 * Hyper-parameters of {@code train rm}. The effective batch is {@code microBatch × accumulation}
 * pairs per optimiser step; the learning rate rises linearly over the first {@code warmupFraction}
 * of all steps and then follows a cosine down to {@code minLrFraction} of its peak.
 *
 * @param epochs passes over the training pairs
 * @param microBatch pairs per forward/backward pass
 * @param accumulation passes whose gradients are summed before one optimiser step
 * @param learningRate peak learning rate of the encoder layers (AdamW)
 * @param headLearningRate peak learning rate of the value head
 * @param weightDecay AdamW's decoupled weight decay, on weight matrices only (not biases, layer norms)
 * @param warmupFraction share of all steps spent warming up
 * @param minLrFraction where the cosine ends, as a fraction of the peak
 * @param clipNorm global gradient-norm clip (0 = none)
 * @param maxLength tokens per (criterion, prompt, response) input
 * @param trainableLayers top encoder layers that are fine-tuned (the rest stays the base's)
 * @param seed order of the pairs (and of the subset when {@code maxTrainPairs} is set)
 * @param checkpointEvery optimiser steps between checkpoints (0 = only at epoch ends)
 * @param maxTrainPairs use at most this many training pairs, a seeded sample (0 = all)
 */
public record RmTrainingConfig(
        int epochs,
        @JsonProperty("micro_batch") int microBatch,
        int accumulation,
        @JsonProperty("learning_rate") double learningRate,
        @JsonProperty("head_learning_rate") double headLearningRate,
        @JsonProperty("weight_decay") double weightDecay,
        @JsonProperty("warmup_fraction") double warmupFraction,
        @JsonProperty("min_lr_fraction") double minLrFraction,
        @JsonProperty("clip_norm") double clipNorm,
        @JsonProperty("max_length") int maxLength,
        @JsonProperty("trainable_layers") int trainableLayers,
        long seed,
        @JsonProperty("checkpoint_every") int checkpointEvery,
        @JsonProperty("max_train_pairs") int maxTrainPairs) {

    public RmTrainingConfig {
        check(epochs >= 1, "epochs must be at least 1, got " + epochs);
        check(microBatch >= 1, "micro-batch must be at least 1, got " + microBatch);
        check(accumulation >= 1, "accumulation must be at least 1, got " + accumulation);
        check(learningRate > 0 && learningRate < 1, "learning rate must be in (0, 1), got " + learningRate);
        check(
                headLearningRate > 0 && headLearningRate < 1,
                "head learning rate must be in (0, 1), got " + headLearningRate);
        check(weightDecay >= 0 && weightDecay < 1, "weight decay must be in [0, 1), got " + weightDecay);
        check(warmupFraction >= 0 && warmupFraction < 1, "warm-up fraction must be in [0, 1), got " + warmupFraction);
        check(
                minLrFraction >= 0 && minLrFraction <= 1,
                "minimum learning-rate fraction must be in [0, 1], got " + minLrFraction);
        check(clipNorm >= 0, "clip norm must be at least 0, got " + clipNorm);
        check(
                maxLength >= 4 + CrossInput.MIN_REST + 1 && maxLength <= 512,
                "max length must be 37 to 512, got " + maxLength);
        check(trainableLayers >= 0, "trainable layers must be at least 0, got " + trainableLayers);
        check(checkpointEvery >= 0, "checkpoint interval must be at least 0, got " + checkpointEvery);
        check(maxTrainPairs >= 0, "max train pairs must be at least 0, got " + maxTrainPairs);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new InvalidInputException(message);
        }
    }

    /** The defaults of {@code train rm}. */
    public static RmTrainingConfig defaults() {
        return new RmTrainingConfig(2, 4, 4, 3e-5, 1e-3, 0.01, 0.06, 0.0, 1.0, 256, 2, 42, 50, 0);
    }

    /** Pairs per optimiser step. */
    public int batchPairs() {
        return microBatch * accumulation;
    }

    /** This configuration with another value of one setting. */
    public RmTrainingConfig withEpochs(int v) {
        return new RmTrainingConfig(
                v,
                microBatch,
                accumulation,
                learningRate,
                headLearningRate,
                weightDecay,
                warmupFraction,
                minLrFraction,
                clipNorm,
                maxLength,
                trainableLayers,
                seed,
                checkpointEvery,
                maxTrainPairs);
    }

    /** See {@link #withEpochs}. */
    public RmTrainingConfig withSeed(long v) {
        return new RmTrainingConfig(
                epochs,
                microBatch,
                accumulation,
                learningRate,
                headLearningRate,
                weightDecay,
                warmupFraction,
                minLrFraction,
                clipNorm,
                maxLength,
                trainableLayers,
                v,
                checkpointEvery,
                maxTrainPairs);
    }

    /** See {@link #withEpochs}. */
    public RmTrainingConfig withMaxLength(int v) {
        return new RmTrainingConfig(
                epochs,
                microBatch,
                accumulation,
                learningRate,
                headLearningRate,
                weightDecay,
                warmupFraction,
                minLrFraction,
                clipNorm,
                v,
                trainableLayers,
                seed,
                checkpointEvery,
                maxTrainPairs);
    }

    /** See {@link #withEpochs}. */
    public RmTrainingConfig withBatch(int micro, int accumulationSteps) {
        return new RmTrainingConfig(
                epochs,
                micro,
                accumulationSteps,
                learningRate,
                headLearningRate,
                weightDecay,
                warmupFraction,
                minLrFraction,
                clipNorm,
                maxLength,
                trainableLayers,
                seed,
                checkpointEvery,
                maxTrainPairs);
    }

    /** See {@link #withEpochs}. */
    public RmTrainingConfig withCheckpointEvery(int v) {
        return new RmTrainingConfig(
                epochs,
                microBatch,
                accumulation,
                learningRate,
                headLearningRate,
                weightDecay,
                warmupFraction,
                minLrFraction,
                clipNorm,
                maxLength,
                trainableLayers,
                seed,
                v,
                maxTrainPairs);
    }

    /** See {@link #withEpochs}. */
    public RmTrainingConfig withTrainableLayers(int v) {
        return new RmTrainingConfig(
                epochs,
                microBatch,
                accumulation,
                learningRate,
                headLearningRate,
                weightDecay,
                warmupFraction,
                minLrFraction,
                clipNorm,
                maxLength,
                v,
                seed,
                checkpointEvery,
                maxTrainPairs);
    }

    /** See {@link #withEpochs}. */
    public RmTrainingConfig withMaxTrainPairs(int v) {
        return new RmTrainingConfig(
                epochs,
                microBatch,
                accumulation,
                learningRate,
                headLearningRate,
                weightDecay,
                warmupFraction,
                minLrFraction,
                clipNorm,
                maxLength,
                trainableLayers,
                seed,
                checkpointEvery,
                v);
    }

    /** See {@link #withEpochs}. */
    public RmTrainingConfig withLearningRates(double encoder, double head) {
        return new RmTrainingConfig(
                epochs,
                microBatch,
                accumulation,
                encoder,
                head,
                weightDecay,
                warmupFraction,
                minLrFraction,
                clipNorm,
                maxLength,
                trainableLayers,
                seed,
                checkpointEvery,
                maxTrainPairs);
    }

    /**
     * The learning-rate multiplier (0 … 1) by step for a run of {@code total} steps: warm-up over
     * {@code warmupFraction} of them, then a cosine that reaches {@code minLrFraction} at the last step.
     */
    public WarmupCosineSchedule schedule(long total) {
        return WarmupCosineSchedule.ofFraction(total, warmupFraction, minLrFraction, true);
    }

    /** The JSON object of the manifest's {@code training} field. */
    public ObjectNode toJson() {
        return Json.mapper().valueToTree(layout());
    }

    /**
     * The configuration as written: in the manifest, the training log and a checkpoint's fingerprint, whose text
     * must not change (a checkpoint resumes only with the fingerprint it was written with).
     */
    Layout layout() {
        return new Layout(this, "adamw", AdamW.BETA1, AdamW.BETA2, AdamW.EPSILON);
    }

    /**
     * The JSON layout of {@link #layout()}: the settings (this record's components, in their order, under their JSON
     * names), then the optimiser and its constants.
     */
    record Layout(
            @JsonUnwrapped RmTrainingConfig settings, String optimizer, double beta1, double beta2, double epsilon) {}

    /** Reads {@link #toJson()}. */
    public static RmTrainingConfig fromJson(JsonNode o) {
        RmTrainingConfig d = defaults();
        return new RmTrainingConfig(
                o.path("epochs").asInt(d.epochs),
                o.path("micro_batch").asInt(d.microBatch),
                o.path("accumulation").asInt(d.accumulation),
                o.path("learning_rate").asDouble(d.learningRate),
                o.path("head_learning_rate").asDouble(d.headLearningRate),
                o.path("weight_decay").asDouble(d.weightDecay),
                o.path("warmup_fraction").asDouble(d.warmupFraction),
                o.path("min_lr_fraction").asDouble(d.minLrFraction),
                o.path("clip_norm").asDouble(d.clipNorm),
                o.path("max_length").asInt(d.maxLength),
                o.path("trainable_layers").asInt(d.trainableLayers),
                o.path("seed").asLong(d.seed),
                o.path("checkpoint_every").asInt(d.checkpointEvery),
                o.path("max_train_pairs").asInt(d.maxTrainPairs));
    }
}
