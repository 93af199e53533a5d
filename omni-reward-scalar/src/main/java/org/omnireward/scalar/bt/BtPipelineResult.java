package org.omnireward.scalar.bt;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.omnireward.training.ValidationReport;

/**
 * What a {@link BtTrainingPipeline} run produced.
 *
 * @param directory the model directory
 * @param encoderId the id of the encoder the model was trained with
 * @param training how training went (status, message, epochs, kept epoch, head)
 * @param validation the validation report rows (empty without validation pairs, or when no model was saved)
 * @param manifest the manifest as written, or null when no model was saved (training diverged
 *     before any epoch finished)
 * @param logFile the training log ({@code training-log.json}), always written
 * @param plotFile the training plot ({@code training-log.svg}), always written
 * @param evaluationFile the validation report ({@code evaluation.json}), or null when no model was saved
 */
public record BtPipelineResult(
        Path directory,
        String encoderId,
        BtTrainingResult training,
        List<ValidationReport.Row> validation,
        BtManifest manifest,
        Path logFile,
        Path plotFile,
        Path evaluationFile) {

    public BtPipelineResult {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(encoderId, "encoderId");
        Objects.requireNonNull(training, "training");
        validation = List.copyOf(validation);
        Objects.requireNonNull(logFile, "logFile");
        Objects.requireNonNull(plotFile, "plotFile");
    }

    /** Whether a model ({@code manifest.json} and {@code weights.bin}) was saved. */
    public boolean modelSaved() {
        return manifest != null;
    }

    /** Whether training diverged: a failure even when the last good model was saved. */
    public boolean diverged() {
        return training.diverged();
    }

    /** {@code model: DIR (ENCODER, best epoch N of M, STATUS)}. */
    public String summary() {
        return String.format(
                Locale.ROOT,
                "model: %s (%s, best epoch %d of %d, %s)",
                directory,
                encoderId,
                training.bestEpoch(),
                training.epochs().size(),
                training.status().wireName());
    }

    /** The validation report as a text table, or "" without one. */
    public String validationTable() {
        return validation.isEmpty() ? "" : ValidationReport.table(validation);
    }

    /** {@code log: FILE, plot: FILE}. */
    public String filesLine() {
        return "log: " + logFile + ", plot: " + plotFile;
    }

    /**
     * What went wrong when training diverged, and what was saved; null when it did not. For
     * example "training diverged at epoch 1 … No model was saved."
     */
    public String failureMessage() {
        if (!diverged()) {
            return null;
        }
        return training.message()
                + (modelSaved()
                        ? " The model of epoch " + training.bestEpoch() + ", the last good one, was saved."
                        : " No model was saved.");
    }
}
