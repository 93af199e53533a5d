package org.omnireward.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.omnireward.core.util.ProgressDisplay;
import org.omnireward.rm.RmTrainer;
import org.omnireward.rm.RmTrainingConfig;
import org.omnireward.rm.RmTrainingPipeline;
import org.omnireward.training.ValidationReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code omni-reward train rm}: fine-tunes the cross-encoder reward model ({@link RmTrainingPipeline})
 * and writes a folder that {@code --model rm:DIR} loads. Rerun the same command after an
 * interruption to resume from its checkpoint. Exit 0 on success, 2 for bad input.
 */
@Command(
        name = "rm",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Fine-tune a transformer cross-encoder reward model (Bradley-Terry loss) on the CPU.",
            "Reads the same inputs as `train bt`. Resumable: rerun the same command after a kill."
        })
public final class TrainRmCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--train",
            required = true,
            paramLabel = "PATH",
            description = "Training pairs: a file or a folder.")
    Path train;

    @Option(
            names = "--valid",
            paramLabel = "PATH",
            description = "Validation pairs. Without it, 10% of the training groups are held out.")
    Path valid;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The model folder to write.")
    Path out;

    @Option(names = "--force", description = "Replace a finished model in the folder.")
    boolean force;

    @Option(
            names = "--base",
            defaultValue = "minilm",
            paramLabel = "NAME",
            description = "Base encoder (default: ${DEFAULT-VALUE}).")
    String base;

    @Option(
            names = "--max-length",
            defaultValue = "256",
            paramLabel = "N",
            description = "Tokens per input (default: ${DEFAULT-VALUE}).")
    int maxLength;

    @Option(
            names = "--epochs",
            defaultValue = "2",
            paramLabel = "N",
            description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(
            names = "--micro-batch",
            defaultValue = "4",
            paramLabel = "N",
            description = "Pairs per forward pass (default: ${DEFAULT-VALUE}).")
    int microBatch;

    @Option(
            names = "--accumulation",
            defaultValue = "4",
            paramLabel = "N",
            description = "Passes per optimiser step (default: ${DEFAULT-VALUE}).")
    int accumulation;

    @Option(
            names = "--lr",
            defaultValue = "3e-5",
            paramLabel = "X",
            description = "Peak learning rate of the layers (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(
            names = "--head-lr",
            defaultValue = "1e-3",
            paramLabel = "X",
            description = "Peak learning rate of the value head (default: ${DEFAULT-VALUE}).")
    double headLr;

    @Option(
            names = "--trainable-layers",
            defaultValue = "2",
            paramLabel = "N",
            description = "Top layers fine-tuned (default: ${DEFAULT-VALUE}).")
    int trainableLayers;

    @Option(
            names = "--checkpoint-every",
            defaultValue = "50",
            paramLabel = "N",
            description = "Steps between checkpoints (default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(
            names = "--max-train-pairs",
            defaultValue = "0",
            paramLabel = "N",
            description = "Train on a seeded sample of at most N pairs; 0 = all (default: ${DEFAULT-VALUE}).")
    int maxTrainPairs;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        RmTrainingConfig defaults = RmTrainingConfig.defaults();
        RmTrainingConfig config = new RmTrainingConfig(
                epochs,
                microBatch,
                accumulation,
                lr,
                headLr,
                defaults.weightDecay(),
                defaults.warmupFraction(),
                defaults.minLrFraction(),
                defaults.clipNorm(),
                maxLength,
                trainableLayers,
                seed,
                checkpointEvery,
                maxTrainPairs);
        try (ProgressDisplay progress = new ProgressDisplay(System.err, "train rm")) {
            RmTrainer.Listener listener = new RmTrainer.Listener() {
                private boolean first = true;

                @Override
                public void onStep(long step, long totalSteps, int epoch, double loss, double accuracy) {
                    if (first) {
                        // a resumed run's earlier steps took no time in this process; and the first
                        // step's time includes warming up, so the rate counts from its end
                        progress.restartClock(step);
                        first = false;
                    }
                    progress.update(
                            step,
                            totalSteps,
                            "steps",
                            String.format(Locale.ROOT, "epoch %d, loss %.4f, accuracy %.3f", epoch, loss, accuracy));
                }

                @Override
                public void onMessage(String message) {
                    progress.message(message);
                }
            };
            RmTrainingPipeline.Outcome outcome =
                    new RmTrainingPipeline(train, valid, out, force, base, config, listener, null).run();
            w.println("wrote " + out + " (" + outcome.manifest().counts().get("train_pairs") + " training pairs"
                    + (outcome.resumed() ? ", resumed from a checkpoint" : "") + ")");
            if (!outcome.validation().isEmpty()) {
                w.print(ValidationReport.table(outcome.validation()));
            }
            w.flush();
        }
        return 0;
    }
}
