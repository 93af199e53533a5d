package org.omnireward.scalar.bt;

/**
 * What one training epoch achieved. Validation values are NaN when training ran without a
 * validation set.
 *
 * @param epoch 1-based
 * @param trainLoss mean Bradley–Terry loss over the epoch's batches (weights changing as it goes)
 * @param trainAccuracy pairwise accuracy over the epoch's pairs, measured as they were trained on
 * @param validLoss mean loss on the validation pairs after the epoch
 * @param validAccuracy pairwise accuracy on the validation pairs after the epoch
 * @param learningRate the learning rate of the epoch's last step
 * @param seconds wall time of the epoch, validation included
 */
public record EpochLog(
        int epoch,
        double trainLoss,
        double trainAccuracy,
        double validLoss,
        double validAccuracy,
        double learningRate,
        double seconds) {

    /** Whether validation ran. */
    public boolean hasValidation() {
        return !Double.isNaN(validAccuracy);
    }
}
