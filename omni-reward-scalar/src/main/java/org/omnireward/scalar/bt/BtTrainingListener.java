package org.omnireward.scalar.bt;

import java.time.Duration;

/**
 * Hears how training goes, e.g. to draw a progress bar or save checkpoints. Called on the training
 * thread; keep it quick. All methods do nothing by default.
 */
public interface BtTrainingListener {

    /** Reports nothing. */
    BtTrainingListener NONE = new BtTrainingListener() {};

    /**
     * Progress after one optimizer step.
     *
     * @param epoch current epoch (1-based)
     * @param maxEpochs planned epochs
     * @param step step within the epoch (1-based)
     * @param stepsPerEpoch steps in each epoch
     * @param globalStep steps so far over all epochs
     * @param totalSteps planned steps (early stopping may end sooner)
     * @param pairsSeen training pairs processed so far
     * @param loss mean loss of this step's batch
     * @param learningRate the learning rate used in this step
     * @param pairsPerSecond training pairs per second so far (validation time included)
     * @param eta estimated time to the last planned step
     */
    record StepProgress(
            int epoch,
            int maxEpochs,
            int step,
            int stepsPerEpoch,
            long globalStep,
            long totalSteps,
            long pairsSeen,
            double loss,
            double learningRate,
            double pairsPerSecond,
            Duration eta) {}

    /** After each optimizer step. */
    default void onStep(StepProgress progress) {}

    /** After each epoch (and its validation); {@code improved} when this epoch is the new best kept model. */
    default void onEpoch(EpochLog epoch, boolean improved) {}

    /**
     * When the kept model changes (a better validation result, or every epoch without validation):
     * {@code head} is a copy rounded to float, exactly what would be saved. Save it here to keep a
     * good checkpoint on disk should a later epoch diverge or the process die.
     */
    default void onCheckpoint(int epoch, BtHead head) {}
}
