package org.omnireward.scalar.bt;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Locale;
import org.omnireward.core.util.ProgressDisplay;

/**
 * Prints a {@link BtTrainingPipeline}'s progress for a person at a console: messages as lines on
 * {@code messages}; encoding and training progress (count, rate, ETA) with {@link ProgressDisplay}
 * on {@code progress}, and one line per epoch (losses, accuracies, time, whether the epoch's model
 * was kept). Not thread-safe, like the pipeline that calls it.
 */
public final class BtConsoleListener implements BtPipelineListener {

    private final PrintWriter messages;
    private final PrintStream progress;
    private final boolean interactive;
    private ProgressDisplay encoding;
    private String encodingPhase;
    private ProgressDisplay steps;

    /** Progress redrawn in place when {@link ProgressDisplay#interactiveByDefault()} says the console is a terminal. */
    public BtConsoleListener(PrintWriter messages, PrintStream progress) {
        this(messages, progress, ProgressDisplay.interactiveByDefault());
    }

    /** With the progress mode given: {@code interactive} redraws one line in place, else plain lines. */
    public BtConsoleListener(PrintWriter messages, PrintStream progress, boolean interactive) {
        this.messages = messages;
        this.progress = progress;
        this.interactive = interactive;
    }

    @Override
    public void onMessage(String line) {
        messages.println(line);
        messages.flush();
    }

    @Override
    public void onEncoding(String phase, long done, long total) {
        if (encoding == null || !phase.equals(encodingPhase)) {
            closeEncoding();
            encoding = display(phase);
            encodingPhase = phase;
        }
        encoding.update(done, total, "texts", "");
    }

    @Override
    public void onTrainingStart(int trainPairs, int validPairs) {
        closeEncoding();
        steps = display("training");
    }

    @Override
    public void onStep(StepProgress p) {
        if (steps == null) {
            steps = display("training");
        }
        steps.update(
                p.globalStep(),
                p.totalSteps(),
                "steps",
                String.format(Locale.ROOT, "epoch %d/%d loss %.4f", p.epoch(), p.maxEpochs(), p.loss()));
    }

    @Override
    public void onEpoch(EpochLog e, boolean improved) {
        if (steps != null) {
            steps.close();
        }
        progress.printf(
                Locale.ROOT,
                "epoch %d: train loss %.4f acc %.3f%s (%.1f s)%s%n",
                e.epoch(),
                e.trainLoss(),
                e.trainAccuracy(),
                e.hasValidation()
                        ? String.format(Locale.ROOT, ", valid loss %.4f acc %.3f", e.validLoss(), e.validAccuracy())
                        : "",
                e.seconds(),
                improved ? "  (kept)" : "");
        progress.flush();
    }

    @Override
    public void onTrainingEnd(BtTrainingResult result) {
        if (steps != null) {
            steps.close();
        }
    }

    private ProgressDisplay display(String label) {
        return new ProgressDisplay(progress, label, interactive, System::nanoTime);
    }

    private void closeEncoding() {
        if (encoding != null) {
            encoding.close();
            encoding = null;
            encodingPhase = null;
        }
    }
}
