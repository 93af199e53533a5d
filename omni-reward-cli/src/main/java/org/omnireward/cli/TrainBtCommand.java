package org.omnireward.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.omnireward.scalar.bt.Activation;
import org.omnireward.scalar.bt.BtConsoleListener;
import org.omnireward.scalar.bt.BtPipelineResult;
import org.omnireward.scalar.bt.BtTrainingConfig;
import org.omnireward.scalar.bt.BtTrainingPipeline;
import org.omnireward.scalar.encode.TextEncoders;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code omni-reward train bt}: trains the criterion-conditioned Bradley–Terry reward model (frozen
 * in-process text encoder + a small trained head) and writes a model directory that {@code --model
 * bt:DIR} loads, with its training log, plot and a validation report beside the baselines. The work
 * is done by {@link BtTrainingPipeline}; this command maps its options onto the pipeline's settings
 * and prints the result. Exit 0 on success, 1 when training diverged (the last good model, if any,
 * is saved), 2 for bad input.
 */
@Command(
        name = "bt",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Train a Bradley-Terry reward model: a frozen text encoder plus a small trained head that reads "
                    + "the criterion.",
            "Input: the unified preference JSONL (docs/preference-format.md) or, directly, AlpacaEval annotation "
                    + "files, XSTest folders, LLaMA-Factory ranking JSON and chosen/rejected message JSONL "
                    + "(a file or a folder)."
        })
public final class TrainBtCommand implements Callable<Integer> {

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
            description = "Validation pairs. Without it, 10% of the training instructions are held out (by group).")
    Path valid;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            description =
                    "Force the input format: unified, alpaca-eval, xstest, llamafactory-ranking, chosen-messages.")
    String format;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The model directory to write.")
    Path out;

    @Option(names = "--force", description = "Overwrite a model directory that already holds a model.")
    boolean force;

    @Option(
            names = "--encoder",
            defaultValue = TextEncoders.DEFAULT,
            paramLabel = "NAME",
            description = "Text encoder: minilm or bge-small (default: ${DEFAULT-VALUE}).")
    String encoderName;

    @Option(names = "--no-cache", description = "Do not use the on-disk embedding cache.")
    boolean noCache;

    @Option(
            names = "--epochs",
            defaultValue = "10",
            paramLabel = "N",
            description = "Most epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(
            names = "--lr",
            defaultValue = "0.001",
            paramLabel = "X",
            description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(
            names = "--batch-size",
            defaultValue = "64",
            paramLabel = "N",
            description = "Pairs per step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(
            names = "--hidden",
            defaultValue = "64",
            paramLabel = "N",
            description = "Hidden units of the head (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(
            names = "--activation",
            defaultValue = "gelu",
            paramLabel = "gelu|tanh",
            description = "Hidden activation (default: ${DEFAULT-VALUE}).")
    String activation;

    @Option(
            names = "--weight-decay",
            defaultValue = "0.01",
            paramLabel = "X",
            description = "AdamW weight decay (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(
            names = "--warmup",
            defaultValue = "0.05",
            paramLabel = "F",
            description = "Warm-up fraction of the steps (default: ${DEFAULT-VALUE}).")
    double warmup;

    @Option(
            names = "--clip",
            defaultValue = "1.0",
            paramLabel = "X",
            description = "Gradient clipping by global norm (default: ${DEFAULT-VALUE}).")
    double clip;

    @Option(
            names = "--margin",
            defaultValue = "0",
            paramLabel = "X",
            description = "Margin in the BT loss (default: ${DEFAULT-VALUE}).")
    double margin;

    @Option(
            names = "--patience",
            defaultValue = "3",
            paramLabel = "N",
            description = "Stop after N epochs without a better validation result (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(
            names = "--seed",
            defaultValue = "42",
            paramLabel = "N",
            description = "Seed of initialisation, shuffling and the split (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--threads",
            defaultValue = "1",
            paramLabel = "N",
            description = "Training threads (default: ${DEFAULT-VALUE}).")
    int threads;

    /** How the pipeline's messages name this command's options. */
    static final BtTrainingPipeline.SettingNames OPTION_NAMES =
            new BtTrainingPipeline.SettingNames("--valid", "--out", "--force");

    @Override
    public Integer call() throws IOException {
        PrintWriter w = spec.commandLine().getOut();
        BtTrainingConfig config = BtTrainingConfig.defaults()
                .withMaxEpochs(epochs)
                .withLearningRate(lr)
                .withBatchSize(batchSize)
                .withHiddenSize(hidden)
                .withActivation(Activation.parse(activation))
                .withWeightDecay(weightDecay)
                .withWarmupFraction(warmup)
                .withClipNorm(clip)
                .withMargin(margin)
                .withPatience(patience)
                .withSeed(seed)
                .withThreads(threads);
        BtPipelineResult result = BtTrainingPipeline.builder()
                .setTrainData(train)
                .setOutputDirectory(out)
                .optValidData(valid)
                .optFormat(format)
                .optOverwrite(force)
                .optConfig(config)
                .optEncoderName(encoderName)
                .optEmbeddingCache(!noCache)
                .optListener(new BtConsoleListener(w, System.err))
                .optSettingNames(OPTION_NAMES)
                .optPlotTitle("train bt: " + out.getFileName())
                .build()
                .run();

        if (result.modelSaved()) {
            w.println(result.summary());
            w.print(result.validationTable());
        }
        w.println(result.filesLine());
        w.flush();
        if (result.diverged()) {
            spec.commandLine().getErr().println("error: " + result.failureMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
        return 0;
    }
}
