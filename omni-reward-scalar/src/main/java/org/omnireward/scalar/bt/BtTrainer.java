package org.omnireward.scalar.bt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.util.Progress;
import org.omnireward.training.AdamW;
import org.omnireward.training.WarmupCosineSchedule;

/**
 * Trains a {@link BtHead} on pre-computed feature pairs with the Bradley–Terry loss
 * −log σ(r(chosen) − r(rejected) − margin): mini-batches, AdamW with decoupled weight decay, a
 * cosine schedule with linear warm-up, clipping by global gradient norm, early stopping on
 * validation pairwise accuracy, and NaN/infinity detection.
 *
 * <p>Model selection: an epoch is better than the best so far when its validation accuracy is
 * higher, or equal with a lower validation loss; the best epoch is kept, and training stops after
 * {@code patience} epochs without a better one.
 *
 * <p>Deterministic: the seed fixes initialisation and the per-epoch shuffles; each batch is cut into
 * chunks of {@value #CHUNK} pairs whose gradients are summed in chunk order, so the weights are
 * bit-identical for any thread count. Ties are skipped and counted.
 */
public final class BtTrainer {

    /** Pairs per gradient chunk (the unit of parallel work; fixed so results never depend on threads). */
    static final int CHUNK = 16;

    private final BtTrainingConfig config;

    public BtTrainer(BtTrainingConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public BtTrainingConfig config() {
        return config;
    }

    /**
     * Told of each model the trainer keeps (a better validation result, or every epoch without
     * validation): {@code head} is a copy rounded to float, exactly what would be saved. Save it to keep
     * a good checkpoint on disk should a later epoch diverge or the process die. Called on the training
     * thread.
     */
    @FunctionalInterface
    public interface KeptModels {
        /** Keeps nothing. */
        KeptModels NONE = (epoch, head) -> {};

        void kept(int epoch, BtHead head);
    }

    /**
     * Trains a head for features of {@code spec}; see {@link #train(HeadShape, FeaturePairSource,
     * FeaturePairSource, Progress, KeptModels)}.
     */
    public BtTrainingResult train(
            FeatureSpec spec, FeaturePairSource train, FeaturePairSource valid, Progress progress) {
        return train(
                HeadShape.forFeatures(spec, config.hiddenSize(), config.activation()),
                train,
                valid,
                progress,
                KeptModels.NONE);
    }

    /** Trains a head of {@code shape}'s layout, keeping no checkpoints on the way. */
    public BtTrainingResult train(
            HeadShape shape, FeaturePairSource train, FeaturePairSource valid, Progress progress) {
        return train(shape, train, valid, progress, KeptModels.NONE);
    }

    /**
     * Trains a head of {@code shape}'s layout (its hidden size and activation are taken from the
     * configuration).
     *
     * @param valid validation pairs, or null to train without validation (no early stopping; the last
     *     epoch is kept)
     * @param progress told each step ({@code update}: steps of the planned steps, the epoch and the
     *     batch loss) and each epoch ({@code message}: losses, accuracies, time, whether it was kept);
     *     may be null
     * @param keptModels told of each model kept; may be null
     * @throws InvalidInputException when there are no usable (non-tie) training pairs, the validation
     *     set has pairs but none usable, a source's feature length differs from the head's input, or
     *     a feature is NaN or infinite (naming the pair)
     */
    public BtTrainingResult train(
            HeadShape shape,
            FeaturePairSource train,
            FeaturePairSource valid,
            Progress progress,
            KeptModels keptModels) {
        Objects.requireNonNull(train, "train");
        Progress out = progress == null ? Progress.none() : progress;
        KeptModels kept = keptModels == null ? KeptModels.NONE : keptModels;
        HeadShape headShape = new HeadShape(
                shape.inputDimension(),
                config.hiddenSize(),
                config.activation(),
                shape.criterionOffset(),
                shape.criterionDimension(),
                shape.statisticsOffset(),
                shape.statisticsDimension());
        requireDimension("training", train, headShape);
        int[] trainIdx = usable(train);
        int trainTies = train.size() - trainIdx.length;
        if (trainIdx.length == 0) {
            throw new InvalidInputException(
                    train.size() == 0
                            ? "no usable training pairs: the training data is empty"
                            : "no usable training pairs: all " + train.size()
                                    + " pairs are ties, which Bradley–Terry training skips");
        }
        int[] validIdx = new int[0];
        int validTies = 0;
        if (valid != null) {
            requireDimension("validation", valid, headShape);
            validIdx = usable(valid);
            validTies = valid.size() - validIdx.length;
            if (validIdx.length == 0) {
                throw new InvalidInputException("no usable validation pairs: "
                        + (valid.size() == 0
                                ? "the validation data is empty"
                                : "all " + valid.size() + " pairs are ties")
                        + "; give a validation set with preferences or none");
            }
        }
        ExecutorService pool = config.threads() > 1
                ? Executors.newFixedThreadPool(config.threads(), r -> {
                    Thread t = new Thread(r, "bt-trainer");
                    t.setDaemon(true);
                    return t;
                })
                : null;
        try {
            return new Run(headShape, train, trainIdx, trainTies, valid, validIdx, validTies, out, kept, pool).run();
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    /**
     * Evaluates {@code head} on every pair of {@code source}: loss (with {@code margin}), accuracy and
     * per-pair score differences.
     */
    public static PairEvaluation evaluate(BtHead head, FeaturePairSource source, double margin) {
        requireDimension("evaluation", source, head.shape());
        return evaluate(head, source, usable(source), margin, null);
    }

    private static void requireDimension(String what, FeaturePairSource source, HeadShape shape) {
        if (source.featureDimension() != shape.inputDimension()) {
            throw new InvalidInputException("the " + what + " pairs have " + source.featureDimension()
                    + " features but the head expects " + shape.inputDimension());
        }
    }

    private static int[] usable(FeaturePairSource source) {
        int n = 0;
        int[] idx = new int[source.size()];
        for (int i = 0; i < source.size(); i++) {
            if (!source.isTie(i)) {
                idx[n++] = i;
            }
        }
        return Arrays.copyOf(idx, n);
    }

    /**
     * Scales {@code grad} in place so its L2 norm is at most {@code maxNorm} (0 = no clipping) and
     * returns the norm before clipping. A non-finite norm leaves the gradient as it is.
     */
    static double clipByGlobalNorm(double[] grad, double maxNorm) {
        double sum = 0;
        for (double g : grad) {
            sum += g * g;
        }
        double norm = Math.sqrt(sum);
        if (maxNorm > 0 && Double.isFinite(norm) && norm > maxNorm) {
            double scale = maxNorm / norm;
            for (int i = 0; i < grad.length; i++) {
                grad[i] *= scale;
            }
        }
        return norm;
    }

    /** The BT loss softplus(−δ) = −log σ(δ), computed without overflow. */
    static double loss(double delta) {
        return delta > 0 ? StrictMath.log1p(StrictMath.exp(-delta)) : -delta + StrictMath.log1p(StrictMath.exp(delta));
    }

    /** σ(−δ) = −∂loss/∂δ. */
    static double sigmoidOfMinus(double delta) {
        if (delta >= 0) {
            double e = StrictMath.exp(-delta);
            return e / (1 + e);
        }
        return 1 / (1 + StrictMath.exp(delta));
    }

    private static void fetch(FeaturePairSource source, int i, float[] chosen, float[] rejected) {
        source.features(i, chosen, rejected);
        for (int k = 0; k < chosen.length; k++) {
            if (!Float.isFinite(chosen[k]) || !Float.isFinite(rejected[k])) {
                throw new InvalidInputException(source.describe(i) + ": feature " + k + " is not finite ("
                        + (Float.isFinite(chosen[k]) ? "rejected " + rejected[k] : "chosen " + chosen[k]) + ")");
            }
        }
    }

    private static PairEvaluation evaluate(
            BtHead head, FeaturePairSource source, int[] idx, double margin, ExecutorService pool) {
        double[] diffs = new double[source.size()];
        Arrays.fill(diffs, Double.NaN);
        int f = head.shape().inputDimension();
        int block = 256;
        List<Callable<Void>> jobs = new ArrayList<>();
        for (int from = 0; from < idx.length; from += block) {
            int start = from;
            int end = Math.min(idx.length, from + block);
            jobs.add(() -> {
                float[] c = new float[f];
                float[] r = new float[f];
                BtHead.Workspace ws = new BtHead.Workspace(head.shape());
                for (int k = start; k < end; k++) {
                    int i = idx[k];
                    fetch(source, i, c, r);
                    diffs[i] = head.forward(c, ws) - head.forward(r, ws);
                }
                return null;
            });
        }
        runAll(jobs, pool);
        double loss = 0;
        double correct = 0;
        for (int i : idx) {
            loss += loss(diffs[i] - margin);
            correct += PairEvaluation.credit(diffs[i]);
        }
        return new PairEvaluation(
                idx.length, source.size() - idx.length, loss / idx.length, correct / idx.length, diffs);
    }

    private static void runAll(List<Callable<Void>> jobs, ExecutorService pool) {
        try {
            if (pool == null || jobs.size() == 1) {
                for (Callable<Void> job : jobs) {
                    job.call();
                }
                return;
            }
            List<Future<Void>> futures = pool.invokeAll(jobs);
            for (Future<Void> future : futures) {
                future.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("training interrupted", e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The state of one training run. */
    private final class Run {
        private final HeadShape shape;
        private final FeaturePairSource train;
        private final int[] trainIdx;
        private final int trainTies;
        private final FeaturePairSource valid;
        private final int[] validIdx;
        private final int validTies;
        private final Progress progress;
        private final KeptModels keptModels;
        private final ExecutorService pool;
        private final BtHead head;
        private final double[] grad;
        private final Chunk[] chunks;
        private final int n;
        private final int batch;
        private final int stepsPerEpoch;
        private final long totalSteps;
        private final WarmupCosineSchedule schedule;
        private final AdamW adam;
        private final double[] firstMoment;
        private final double[] secondMoment;
        private final List<BtHead.ParameterGroup> groups;
        private final Random shuffler;
        private final int[] order;
        private final List<EpochLog> epochs = new ArrayList<>();
        private BtHead kept;
        private int keptEpoch;
        private double bestAccuracy = Double.NEGATIVE_INFINITY;
        private double bestLoss = Double.POSITIVE_INFINITY;
        private int sinceBest;
        private long globalStep;
        private long pairsSeen;
        /** Where training diverged, or null. */
        private String divergence;

        Run(
                HeadShape shape,
                FeaturePairSource train,
                int[] trainIdx,
                int trainTies,
                FeaturePairSource valid,
                int[] validIdx,
                int validTies,
                Progress progress,
                KeptModels keptModels,
                ExecutorService pool) {
            this.shape = shape;
            this.train = train;
            this.trainIdx = trainIdx;
            this.trainTies = trainTies;
            this.valid = valid;
            this.validIdx = validIdx;
            this.validTies = validTies;
            this.progress = progress;
            this.keptModels = keptModels;
            this.pool = pool;
            this.head = BtHead.initialize(shape, config.seed());
            this.grad = new double[head.parameterCount()];
            int chunkCount = (config.batchSize() + CHUNK - 1) / CHUNK;
            this.chunks = new Chunk[chunkCount];
            for (int k = 0; k < chunkCount; k++) {
                chunks[k] = new Chunk(shape, head.parameterCount());
            }
            this.n = trainIdx.length;
            this.batch = Math.min(config.batchSize(), n);
            this.stepsPerEpoch = (n + batch - 1) / batch;
            this.totalSteps = (long) stepsPerEpoch * config.maxEpochs();
            long warmup = Math.round(config.warmupFraction() * totalSteps);
            this.schedule = new WarmupCosineSchedule(
                    config.learningRate(), totalSteps, warmup, config.minLearningRateFraction(), false);
            this.adam = new AdamW(config.beta1(), config.beta2(), config.epsilon());
            this.firstMoment = new double[head.parameterCount()];
            this.secondMoment = new double[head.parameterCount()];
            this.groups = head.groups();
            this.shuffler = new Random(config.seed() ^ 0x5DEECE66DL);
            this.order = trainIdx.clone();
            this.kept = head.copy();
        }

        BtTrainingResult run() {
            BtTrainingResult.Status status = BtTrainingResult.Status.COMPLETED;
            for (int epoch = 1; epoch <= config.maxEpochs(); epoch++) {
                long epochStart = System.nanoTime();
                EpochTotals totals = trainEpoch(epoch);
                if (totals == null) {
                    break;
                }
                double validLoss = Double.NaN;
                double validAccuracy = Double.NaN;
                if (valid != null) {
                    PairEvaluation v = evaluate(head, valid, validIdx, config.margin(), pool);
                    validLoss = v.loss();
                    validAccuracy = v.accuracy();
                    if (!Double.isFinite(validLoss)) {
                        divergence = String.format(Locale.ROOT, "epoch %d validation (loss %s)", epoch, validLoss);
                        break;
                    }
                }
                EpochLog log = new EpochLog(
                        epoch,
                        totals.lossSum() / n,
                        totals.correct() / n,
                        validLoss,
                        validAccuracy,
                        totals.learningRate(),
                        (System.nanoTime() - epochStart) / 1e9);
                epochs.add(log);
                keepIfBetter(log);
                if (valid != null
                        && config.patience() > 0
                        && sinceBest >= config.patience()
                        && epoch < config.maxEpochs()) {
                    status = BtTrainingResult.Status.EARLY_STOPPED;
                    break;
                }
            }
            return result(status);
        }

        /** What one epoch's steps add up to: the summed loss, the correct credit and the last learning rate. */
        private record EpochTotals(double lossSum, double correct, double learningRate) {}

        /** One pass over the shuffled training pairs; null when training diverged ({@link #divergence} says where). */
        private EpochTotals trainEpoch(int epoch) {
            shuffle(order, shuffler);
            double lossSum = 0;
            double correct = 0;
            double lr = 0;
            for (int step = 1; step <= stepsPerEpoch; step++) {
                int from = (step - 1) * batch;
                int to = Math.min(n, from + batch);
                int size = to - from;
                double batchLoss = computeGradient(order, from, to);
                double batchCorrect = 0;
                for (Chunk c : chunks) {
                    batchCorrect += c.correct;
                }
                lr = schedule.at(globalStep);
                if (!update(epoch, step, batchLoss, lr)) {
                    return null;
                }
                globalStep++;
                pairsSeen += size;
                lossSum += batchLoss * size;
                correct += batchCorrect;
                reportStep(epoch, batchLoss);
            }
            return new EpochTotals(lossSum, correct, lr);
        }

        /**
         * Clips the gradient and takes one AdamW step; false (with {@link #divergence} set) when the loss,
         * the gradient or a weight stopped being finite.
         */
        private boolean update(int epoch, int step, double batchLoss, double lr) {
            double norm = clipByGlobalNorm(grad, config.clipNorm());
            if (!Double.isFinite(batchLoss) || !Double.isFinite(norm)) {
                divergence = String.format(
                        Locale.ROOT,
                        "epoch %d step %d (loss %s, gradient norm %s, learning rate %.3g)",
                        epoch,
                        step,
                        batchLoss,
                        norm,
                        lr);
                return false;
            }
            AdamW.Step adamStep = adam.begin();
            for (BtHead.ParameterGroup g : groups) {
                adam.update(
                        adamStep,
                        head.parameters(),
                        grad,
                        firstMoment,
                        secondMoment,
                        g.offset(),
                        g.offset() + g.length(),
                        lr,
                        g.decayed() ? config.weightDecay() : 0);
            }
            if (!head.isFinite()) {
                divergence = String.format(
                        Locale.ROOT,
                        "epoch %d step %d (a weight became NaN, infinite or too large for a float, learning rate %.3g)",
                        epoch,
                        step,
                        lr);
                return false;
            }
            return true;
        }

        private void reportStep(int epoch, double batchLoss) {
            progress.update(
                    globalStep,
                    totalSteps,
                    "steps",
                    String.format(Locale.ROOT, "epoch %d/%d loss %.4f", epoch, config.maxEpochs(), batchLoss));
        }

        /**
         * Keeps a copy of the head when the epoch is the best so far (validation accuracy, then loss; every
         * epoch without validation) and tells the progress and the kept-models callback.
         */
        private void keepIfBetter(EpochLog log) {
            boolean improved = valid == null
                    || log.validAccuracy() > bestAccuracy
                    || (log.validAccuracy() == bestAccuracy && log.validLoss() < bestLoss);
            if (improved) {
                bestAccuracy = log.validAccuracy();
                bestLoss = log.validLoss();
                kept = head.copy();
                keptEpoch = log.epoch();
                sinceBest = 0;
            } else {
                sinceBest++;
            }
            progress.close(); // the epoch's line follows the status line
            progress.message(log.describe(improved));
            if (improved) {
                keptModels.kept(log.epoch(), kept.roundedToFloat());
            }
        }

        /** The kept head, its validation and the message saying how training ended. */
        private BtTrainingResult result(BtTrainingResult.Status ended) {
            BtTrainingResult.Status status = ended;
            BtHead result = kept.roundedToFloat();
            PairEvaluation validation = valid == null ? null : evaluate(result, valid, validIdx, config.margin(), pool);
            String message;
            if (divergence != null) {
                status = BtTrainingResult.Status.DIVERGED;
                message = "training diverged at " + divergence + ": stopped; kept "
                        + (keptEpoch == 0
                                ? "no trained model (no epoch finished; the weights are the initialisation)"
                                : "the model of epoch " + keptEpoch + describe(validation))
                        + ". Lower the learning rate (now " + config.learningRate() + ")"
                        + (config.clipNorm() > 0 ? "." : " or enable gradient clipping.");
            } else if (status == BtTrainingResult.Status.EARLY_STOPPED) {
                message = "stopped early after epoch " + epochs.size()
                        + ": no better validation accuracy (or equal accuracy"
                        + " with lower loss) for " + config.patience() + " epochs; kept the model of epoch " + keptEpoch
                        + describe(validation);
            } else {
                message = "trained " + epochs.size() + " epochs; kept the model of epoch " + keptEpoch
                        + describe(validation);
            }
            return new BtTrainingResult(
                    result,
                    status,
                    message,
                    epochs,
                    keptEpoch,
                    validation,
                    trainIdx.length,
                    trainTies,
                    validIdx.length,
                    validTies,
                    config);
        }

        private String describe(PairEvaluation validation) {
            return validation == null
                    ? ""
                    : String.format(
                            Locale.ROOT,
                            " (validation accuracy %.4f, loss %.4f)",
                            validation.accuracy(),
                            validation.loss());
        }

        /** Fills {@link #grad} with the mean gradient of pairs order[from..to) and returns their mean loss. */
        private double computeGradient(int[] order, int from, int to) {
            int size = to - from;
            List<Callable<Void>> jobs = new ArrayList<>();
            int used = 0;
            for (int k = 0; k < chunks.length; k++) {
                int start = from + k * CHUNK;
                if (start >= to) {
                    break;
                }
                int end = Math.min(to, start + CHUNK);
                Chunk chunk = chunks[k];
                jobs.add(() -> {
                    chunk.compute(head, train, order, start, end, config.margin(), 1.0 / size);
                    return null;
                });
                used++;
            }
            runAll(jobs, pool);
            System.arraycopy(chunks[0].grad, 0, grad, 0, grad.length);
            double loss = chunks[0].loss;
            for (int k = 1; k < used; k++) {
                double[] g = chunks[k].grad;
                for (int i = 0; i < grad.length; i++) {
                    grad[i] += g[i];
                }
                loss += chunks[k].loss;
            }
            for (int k = used; k < chunks.length; k++) {
                chunks[k].correct = 0;
            }
            return loss / size;
        }
    }

    private static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** Gradient, loss and correct count of one chunk of a batch. */
    private static final class Chunk {
        final double[] grad;
        final float[] chosen;
        final float[] rejected;
        final BtHead.Workspace wsChosen;
        final BtHead.Workspace wsRejected;
        double loss;
        double correct;

        Chunk(HeadShape shape, int parameters) {
            grad = new double[parameters];
            chosen = new float[shape.inputDimension()];
            rejected = new float[shape.inputDimension()];
            wsChosen = new BtHead.Workspace(shape);
            wsRejected = new BtHead.Workspace(shape);
        }

        void compute(
                BtHead head, FeaturePairSource source, int[] order, int start, int end, double margin, double scale) {
            Arrays.fill(grad, 0);
            loss = 0;
            correct = 0;
            for (int k = start; k < end; k++) {
                int i = order[k];
                fetch(source, i, chosen, rejected);
                double rc = head.forward(chosen, wsChosen);
                double rr = head.forward(rejected, wsRejected);
                double delta = rc - rr - margin;
                loss += loss(delta);
                correct += PairEvaluation.credit(rc - rr);
                double g = -sigmoidOfMinus(delta) * scale;
                head.backward(chosen, wsChosen, g, grad);
                head.backward(rejected, wsRejected, -g, grad);
            }
        }
    }
}
