package org.omnireward.scalar.bt;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.omnireward.core.util.Json;

/**
 * The outcome of {@link BtTrainer#train}: the kept head and how training went.
 *
 * @param head the kept head, rounded to float (what {@code weights.bin} stores): the epoch with the
 *     best validation accuracy (ties: lower validation loss), or the last epoch without validation; after a divergence the last
 *     good one (the initialisation when no epoch finished, see {@link #bestEpoch()})
 * @param status how training ended
 * @param message one line saying how training ended (for divergence: where, and what was kept)
 * @param epochs one entry per finished epoch
 * @param bestEpoch the epoch {@code head} comes from (0 = initialisation)
 * @param validation the kept head on the validation pairs, or null without validation
 * @param trainPairs non-tie training pairs used
 * @param trainTiesSkipped training ties skipped
 * @param validPairs non-tie validation pairs used (0 without validation)
 * @param validTiesSkipped validation ties skipped
 * @param config the configuration used
 */
public record BtTrainingResult(
        BtHead head,
        Status status,
        String message,
        List<EpochLog> epochs,
        int bestEpoch,
        PairEvaluation validation,
        int trainPairs,
        int trainTiesSkipped,
        int validPairs,
        int validTiesSkipped,
        BtTrainingConfig config) {

    /** How training ended. */
    public enum Status {
        /** All planned epochs ran. */
        COMPLETED,
        /** No better validation result (accuracy, then loss) for {@code patience} epochs. */
        EARLY_STOPPED,
        /** A loss, gradient or weight became NaN or infinite; training stopped and kept the last good model. */
        DIVERGED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public BtTrainingResult {
        epochs = List.copyOf(epochs);
    }

    /** Whether training diverged. */
    public boolean diverged() {
        return status == Status.DIVERGED;
    }

    /**
     * The training log as JSON: {@code status}, {@code message}, {@code best_epoch}, pair and tie counts,
     * the configuration, the kept model's validation loss and accuracy, and {@code epochs}: one object
     * per epoch with {@code epoch, train_loss, train_accuracy, valid_loss, valid_accuracy,
     * learning_rate, seconds} (validation values null without validation).
     */
    public ObjectNode logJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        o.put("status", status.wireName());
        o.put("message", message);
        o.put("best_epoch", bestEpoch);
        o.put("train_pairs", trainPairs);
        o.put("train_ties_skipped", trainTiesSkipped);
        o.put("valid_pairs", validPairs);
        o.put("valid_ties_skipped", validTiesSkipped);
        putNumber(o, "valid_loss", validation == null ? Double.NaN : validation.loss());
        putNumber(o, "valid_accuracy", validation == null ? Double.NaN : validation.accuracy());
        o.set("config", config.toJson());
        ArrayNode list = o.putArray("epochs");
        for (EpochLog e : epochs) {
            ObjectNode row = list.addObject();
            row.put("epoch", e.epoch());
            putNumber(row, "train_loss", e.trainLoss());
            putNumber(row, "train_accuracy", e.trainAccuracy());
            putNumber(row, "valid_loss", e.validLoss());
            putNumber(row, "valid_accuracy", e.validAccuracy());
            putNumber(row, "learning_rate", e.learningRate());
            putNumber(row, "seconds", e.seconds());
        }
        return o;
    }

    /** Writes {@link #logJson()} (pretty-printed) to {@code file}. */
    public void writeLog(Path file) {
        try {
            Files.writeString(file, Json.pretty().writeValueAsString(logJson()) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write training log " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes the loss and accuracy curves as a self-contained SVG to {@code file}. */
    public void writePlot(Path file, String title) {
        try {
            Files.writeString(file, TrainingPlot.svg(epochs, title));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write training plot " + file + ": " + e.getMessage(), e);
        }
    }

    /** Puts a number, or null when it is NaN or infinite (JSON has neither). */
    static void putNumber(ObjectNode o, String key, double value) {
        if (Double.isFinite(value)) {
            o.put(key, value);
        } else {
            o.putNull(key);
        }
    }
}
