package org.omnireward.scalar.bt;

import java.util.Locale;

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

    /**
     * One line for the user, e.g. {@code epoch 2: train loss 0.5123 acc 0.751, valid loss 0.5342 acc
     * 0.733 (1.2 s)  (kept)}.
     *
     * @param kept whether this epoch's model is the one kept
     */
    public String describe(boolean kept) {
        return String.format(
                Locale.ROOT,
                "epoch %d: train loss %.4f acc %.3f%s (%.1f s)%s",
                epoch,
                trainLoss,
                trainAccuracy,
                hasValidation()
                        ? String.format(Locale.ROOT, ", valid loss %.4f acc %.3f", validLoss, validAccuracy)
                        : "",
                seconds,
                kept ? "  (kept)" : "");
    }
}
