package org.omnireward.scalar.bt;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
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
        return Json.mapper().valueToTree(logFile());
    }

    private LogFile logFile() {
        return new LogFile(
                status.wireName(),
                message,
                bestEpoch,
                trainPairs,
                trainTiesSkipped,
                validPairs,
                validTiesSkipped,
                finiteOrNull(validation == null ? Double.NaN : validation.loss()),
                finiteOrNull(validation == null ? Double.NaN : validation.accuracy()),
                config.toFile(),
                epochs.stream()
                        .map(e -> new EpochLine(
                                e.epoch(),
                                finiteOrNull(e.trainLoss()),
                                finiteOrNull(e.trainAccuracy()),
                                finiteOrNull(e.validLoss()),
                                finiteOrNull(e.validAccuracy()),
                                finiteOrNull(e.learningRate()),
                                finiteOrNull(e.seconds())))
                        .toList());
    }

    /** The layout of the training log ({@link #logJson()}). */
    @JsonPropertyOrder({
        "status",
        "message",
        "best_epoch",
        "train_pairs",
        "train_ties_skipped",
        "valid_pairs",
        "valid_ties_skipped",
        "valid_loss",
        "valid_accuracy",
        "config",
        "epochs"
    })
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record LogFile(
            @JsonProperty("status") String status,
            @JsonProperty("message") String message,
            @JsonProperty("best_epoch") int bestEpoch,
            @JsonProperty("train_pairs") int trainPairs,
            @JsonProperty("train_ties_skipped") int trainTiesSkipped,
            @JsonProperty("valid_pairs") int validPairs,
            @JsonProperty("valid_ties_skipped") int validTiesSkipped,
            @JsonProperty("valid_loss") Double validLoss,
            @JsonProperty("valid_accuracy") Double validAccuracy,
            @JsonProperty("config") BtTrainingConfig.File config,
            @JsonProperty("epochs") List<EpochLine> epochs) {}

    /** One epoch of the training log. */
    @JsonPropertyOrder({
        "epoch",
        "train_loss",
        "train_accuracy",
        "valid_loss",
        "valid_accuracy",
        "learning_rate",
        "seconds"
    })
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record EpochLine(
            @JsonProperty("epoch") int epoch,
            @JsonProperty("train_loss") Double trainLoss,
            @JsonProperty("train_accuracy") Double trainAccuracy,
            @JsonProperty("valid_loss") Double validLoss,
            @JsonProperty("valid_accuracy") Double validAccuracy,
            @JsonProperty("learning_rate") Double learningRate,
            @JsonProperty("seconds") Double seconds) {}

    /** Writes {@link #logJson()} (pretty-printed) to {@code file}. */
    public void writeLog(Path file) {
        try {
            Files.writeString(file, Json.pretty().writeValueAsString(logFile()) + "\n");
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

    /** A number as the files write it: null when it is NaN or infinite (JSON has neither). */
    static Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
