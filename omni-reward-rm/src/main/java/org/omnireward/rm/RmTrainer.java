package org.omnireward.rm;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.util.Durations;
import org.omnireward.core.util.Json;
import org.omnireward.core.util.Progress;
import org.omnireward.rm.encoder.BaseModels;
import org.omnireward.rm.encoder.WordPieces;
import org.omnireward.training.AdamW;
import org.omnireward.training.Checkpoint;
import org.omnireward.training.ValidationReport;

/**
 * Fine-tunes a {@link RewardNet} on preference pairs with the Bradley–Terry loss
 * −log σ(r(chosen) − r(rejected)), AdamW (decoupled weight decay on weight matrices), linear
 * warm-up then cosine decay, gradient accumulation and global-norm clipping. The optimiser runs
 * in Java on float master weights: after each pass the gradients are read from PyTorch, summed in a
 * fixed order, and the updated weights are put back as fresh arrays, so the whole state (weights,
 * both moments, step) is plain data that a checkpoint saves exactly.
 *
 * <p><b>Reproducible and resumable.</b> The order of the pairs in epoch e is a shuffle seeded by
 * (seed, e); there is no dropout and the head starts at zero, so a run is a function of its data
 * and configuration. Every {@code checkpointEvery} steps and at each epoch end the state goes to
 * {@code checkpoint.bin} (written to a temporary file and moved into place), and a rerun with the
 * same data and configuration continues from it; a run killed at any moment and resumed gives the
 * weights an uninterrupted run gives (tested on a tiny configuration).
 *
 * <p>After each epoch the validation pairs are scored and reported beside the {@code length} and
 * {@code random} baselines ({@link ValidationReport}); the epoch with the best overall validation
 * accuracy is the one the model folder keeps.
 */
public final class RmTrainer {

    /** The checkpoint's file name in the output folder. */
    public static final String CHECKPOINT = "checkpoint.bin";

    /** Thrown by the test hook that stops a run after a given step, as a kill would. */
    static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped(long step) {
            super("stopped after step " + step);
        }
    }

    /** What a finished run gives. */
    public record Result(
            Map<String, float[]> best,
            int bestEpoch,
            List<ValidationReport.Row> validation,
            List<EpochLog> epochs,
            long steps,
            boolean resumed) {}

    /**
     * What one epoch did, as the training log and a checkpoint hold it (the field order is the key order).
     *
     * @param steps optimiser steps taken by the end of the epoch
     * @param validation the validation rows; null (left out) when there are no validation pairs
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EpochLog(
            int epoch,
            @JsonProperty("train_loss") double trainLoss,
            @JsonProperty("train_accuracy") double trainAccuracy,
            long steps,
            List<ValidationReport.Row> validation) {}

    private final RmTrainingConfig config;
    private final BaseModels.Loaded base;
    private final Path directory;
    private final String fingerprint;
    private final AdamW adam = AdamW.standard();
    private final Progress progress;
    private long stopAfterStep = -1;
    private Path layerCacheDirectory = FrozenLayerCache.defaultDirectory();

    /**
     * A trainer writing its checkpoint into {@code directory}.
     *
     * @param fingerprint identifies the run (configuration and data); a checkpoint of another run is refused
     */
    public RmTrainer(
            RmTrainingConfig config, BaseModels.Loaded base, Path directory, String fingerprint, Progress progress) {
        this.config = config;
        this.base = base;
        this.directory = directory;
        this.fingerprint = fingerprint;
        this.progress = progress == null ? Progress.none() : progress;
        if (config.trainableLayers() > base.base().config().layers()) {
            throw new InvalidInputException(
                    "trainable layers must be at most " + base.base().config().layers() + " for "
                            + base.base().name() + ", got " + config.trainableLayers());
        }
    }

    /** Test hook: stop (as if killed) right after step {@code step} has been taken and checkpointed. */
    void stopAfterStep(long step) {
        this.stopAfterStep = step;
    }

    /**
     * Where the frozen layers' outputs are kept ({@link FrozenLayerCache}); {@code null} computes
     * them in every epoch. The weights are the same either way.
     */
    public RmTrainer layerCache(Path directory) {
        this.layerCacheDirectory = directory;
        return this;
    }

    /** The first fine-tuned layer. */
    public int trainableFrom() {
        return base.base().config().layers() - config.trainableLayers();
    }

    /**
     * Trains on {@code train}, validating each epoch on {@code valid} (may be empty), and calls
     * {@code onBest} with the weights whenever an epoch is the best so far.
     */
    public Result train(
            List<PreferencePair> train,
            List<PreferencePair> valid,
            BiConsumer<Map<String, float[]>, List<ValidationReport.Row>> onBest) {
        if (train.isEmpty()) {
            throw new InvalidInputException("no usable training pairs");
        }
        try (WordPieces pieces = WordPieces.of(base.base());
                NDManager manager = RmEngine.newManager();
                RewardNet net =
                        new RewardNet(base.base().config(), base.weights(), trainableFrom(), Map.of(), manager)) {
            CrossInput input = new CrossInput(pieces, config.maxLength());
            FrozenLayerCache cache = layerCache();
            Frozen frozen = new Frozen(net, manager, cache);
            List<CrossInput.Tokens[]> trainTokens = tokens(train, input);
            List<CrossInput.Tokens[]> validTokens = tokens(valid, input);
            Path checkpoint = directory.resolve(CHECKPOINT);
            boolean resumed = Files.isRegularFile(checkpoint);
            State state = resumed ? resume(checkpoint, net) : State.fresh(net.trainableValues());
            long stepsPerEpoch = (train.size() + config.batchPairs() - 1) / config.batchPairs();
            Run run = new Run(
                    net,
                    frozen,
                    manager,
                    manager.getEngine(),
                    trainTokens,
                    checkpoint,
                    stepsPerEpoch * config.epochs(),
                    state.step);
            for (int epoch = state.epoch; epoch < config.epochs(); epoch++) {
                long firstStep = state.step;
                long started = System.nanoTime();
                trainEpoch(run, state, epoch);
                long trained = System.nanoTime();
                endEpoch(run, state, epoch, new Validation(valid, validTokens), onBest);
                progress.message(
                        epochTiming(epoch, state.step - firstStep, trained - started, System.nanoTime() - trained));
            }
            Files.deleteIfExists(checkpoint);
            progress.message(
                    cache.directory() == null
                            ? "frozen layers: " + cache.misses() + " states computed (no cache)"
                            : "frozen layers: " + cache.hits() + " states read from the cache in " + cache.directory()
                                    + ", " + cache.misses() + " computed");
            List<ValidationReport.Row> bestRows = state.bestRows == null ? List.of() : state.bestRows;
            return new Result(state.best, state.bestEpoch, bestRows, state.epochs, state.step, resumed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint in " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * What the steps of a run work with: the net and its frozen layers, the tokenised training pairs, the checkpoint
     * file, the run's length in steps and the step this process started from.
     */
    private record Run(
            RewardNet net,
            Frozen frozen,
            NDManager manager,
            Engine engine,
            List<CrossInput.Tokens[]> pairs,
            Path checkpoint,
            long totalSteps,
            long startStep) {}

    /** The validation pairs and their inputs. */
    private record Validation(List<PreferencePair> pairs, List<CrossInput.Tokens[]> tokens) {}

    private FrozenLayerCache layerCache() {
        int hidden = base.base().config().hidden();
        return layerCacheDirectory == null
                ? FrozenLayerCache.disabled(hidden)
                : FrozenLayerCache.open(
                        layerCacheDirectory.resolve(base.base().name()), base.onnxSha256(), trainableFrom(), hidden);
    }

    private State resume(Path checkpoint, RewardNet net) {
        State state = State.load(checkpoint, fingerprint, net.trainableShapes().keySet());
        progress.message(String.format(
                Locale.ROOT,
                "resuming from %s: step %d, epoch %d, pair %d",
                checkpoint,
                state.step,
                state.epoch + 1,
                state.nextPair));
        return state;
    }

    /**
     * The steps of {@code epoch} from the state's next pair on, with progress and checkpoints (every {@code
     * checkpointEvery} steps, and where the test hook stops the run).
     */
    private void trainEpoch(Run run, State state, int epoch) throws IOException {
        int n = run.pairs().size();
        int[] order = order(n, config.seed(), epoch);
        for (int start = state.nextPair; start < n; start += config.batchPairs()) {
            int end = Math.min(n, start + config.batchPairs());
            step(run, order, start, end, state);
            state.nextPair = end;
            state.epoch = epoch;
            if (state.step == run.startStep() + 1) {
                // a resumed run's earlier steps took no time in this process, and the first step's
                // time includes warming up: the rate counts from its end
                progress.restartClock(state.step);
            }
            progress.update(
                    state.step,
                    run.totalSteps(),
                    "steps",
                    String.format(
                            Locale.ROOT,
                            "epoch %d, loss %.4f, accuracy %.3f",
                            epoch + 1,
                            state.epochLoss / state.epochPairs,
                            state.epochCorrect / state.epochPairs));
            boolean last = end >= n;
            if (!last && config.checkpointEvery() > 0 && state.step % config.checkpointEvery() == 0) {
                state.save(run.checkpoint(), fingerprint);
            }
            if (stopAfterStep >= 0 && state.step >= stopAfterStep && !last) {
                state.save(run.checkpoint(), fingerprint);
                throw new Stopped(state.step);
            }
        }
    }

    /**
     * How long an epoch's steps and its validation took in this process (a resumed epoch counts only the
     * steps this process took), e.g. {@code epoch 2: 1,232 steps in 32m10s (0.64 steps/s), validation
     * 4m03s}: what a user compares between epochs to see the frozen-layer cache at work.
     */
    static String epochTiming(int epoch, long steps, long trainNanos, long validationNanos) {
        double seconds = trainNanos / 1e9;
        return String.format(
                Locale.ROOT,
                "epoch %d: %,d steps in %s (%.2f steps/s), validation %s",
                epoch + 1,
                steps,
                Durations.format(Math.round(seconds)),
                seconds > 0 ? steps / seconds : 0.0,
                Durations.format(Math.round(validationNanos / 1e9)));
    }

    /** The end of an epoch: validate, keep the best weights, checkpoint the start of the next epoch. */
    private void endEpoch(
            Run run,
            State state,
            int epoch,
            Validation valid,
            BiConsumer<Map<String, float[]>, List<ValidationReport.Row>> onBest)
            throws IOException {
        run.net().setTrainable(state.weights, false);
        List<ValidationReport.Row> rows = List.of();
        if (!valid.pairs().isEmpty()) {
            double[] differences = differences(run.net(), run.frozen(), run.manager(), valid.tokens());
            rows = ValidationReport.evaluate(valid.pairs(), differences, config.seed());
            progress.message("validation after epoch " + (epoch + 1) + ":\n" + ValidationReport.table(rows));
        }
        state.epochs.add(new EpochLog(
                epoch + 1,
                state.epochLoss / state.epochPairs,
                state.epochCorrect / state.epochPairs,
                state.step,
                valid.pairs().isEmpty() ? null : rows));
        double accuracy = rows.isEmpty() ? epoch : rows.get(0).model();
        if (state.bestEpoch == 0 || accuracy > state.bestAccuracy) {
            state.bestEpoch = epoch + 1;
            state.bestAccuracy = accuracy;
            state.best = copy(state.weights);
            state.bestRows = rows;
            onBest.accept(state.best, rows);
        }
        state.epoch = epoch + 1;
        state.nextPair = 0;
        state.epochLoss = 0;
        state.epochCorrect = 0;
        state.epochPairs = 0;
        if (epoch + 1 < config.epochs()) {
            state.save(run.checkpoint(), fingerprint);
        }
    }

    /**
     * r(chosen) − r(rejected) of every pair, with the net as it is: the inputs sorted by length,
     * in chunks of {@link RmRewardModel#CHUNK}, from their frozen states.
     */
    static double[] differences(RewardNet net, Frozen frozen, NDManager manager, List<CrossInput.Tokens[]> pairs) {
        List<CrossInput.Tokens> flat = new ArrayList<>(2 * pairs.size());
        for (CrossInput.Tokens[] p : pairs) {
            flat.add(p[0]);
            flat.add(p[1]);
        }
        Integer[] byLength = new Integer[flat.size()];
        for (int i = 0; i < byLength.length; i++) {
            byLength[i] = i;
        }
        java.util.Arrays.sort(
                byLength,
                java.util.Comparator.comparingInt((Integer i) -> flat.get(i).length()));
        double[] s = new double[flat.size()];
        for (int start = 0; start < byLength.length; start += RmRewardModel.CHUNK) {
            int end = Math.min(byLength.length, start + RmRewardModel.CHUNK);
            List<CrossInput.Tokens> chunk = new ArrayList<>();
            for (int k = start; k < end; k++) {
                chunk.add(flat.get(byLength[k]));
            }
            try (NDManager scope = manager.newSubManager()) {
                float[] f =
                        net.scoresFromStates(scope, chunk, frozen.states(chunk)).toFloatArray();
                for (int k = start; k < end; k++) {
                    s[byLength[k]] = f[k - start];
                }
            }
        }
        double[] d = new double[pairs.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = s[2 * i] - s[2 * i + 1];
        }
        return d;
    }

    /** The frozen states of inputs, through the cache. */
    record Frozen(RewardNet net, NDManager manager, FrozenLayerCache cache) {
        List<float[]> states(List<CrossInput.Tokens> inputs) {
            List<float[]> out = new ArrayList<>(inputs.size());
            for (CrossInput.Tokens t : inputs) {
                out.add(cache.get(t, x -> net.frozenState(manager, x)));
            }
            return out;
        }
    }

    /** Chosen and rejected inputs of every pair. */
    static List<CrossInput.Tokens[]> tokens(List<PreferencePair> pairs, CrossInput input) {
        List<CrossInput.Tokens[]> out = new ArrayList<>(pairs.size());
        for (PreferencePair p : pairs) {
            try {
                out.add(new CrossInput.Tokens[] {
                    input.tokens(p.criteria(), p.prompt(), p.chosen().requireText()),
                    input.tokens(p.criteria(), p.prompt(), p.rejected().requireText())
                });
            } catch (InvalidInputException e) {
                throw new InvalidInputException("pair " + p.id() + " (" + p.source() + "): " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** The order of the pairs in {@code epoch}: a Fisher–Yates shuffle seeded by (seed, epoch). */
    public static int[] order(int n, long seed, int epoch) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + epoch);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /**
     * One optimiser step on the pairs {@code order[start..end)}: their gradients summed over micro-batches, then
     * clipped and applied by AdamW.
     */
    private void step(Run run, int[] order, int start, int end, State state) {
        int batch = end - start;
        Map<String, float[]> gradients = new LinkedHashMap<>();
        for (Map.Entry<String, float[]> e : state.weights.entrySet()) {
            gradients.put(e.getKey(), new float[e.getValue().length]);
        }
        List<CrossInput.Tokens[]> pairs = run.pairs();
        // the step's pairs by length, so that each pass pads little (the summed gradient is the same)
        Integer[] byLength = new Integer[batch];
        for (int k = 0; k < batch; k++) {
            byLength[k] = order[start + k];
        }
        Arrays.sort(
                byLength,
                Comparator.comparingInt((Integer i) -> Math.max(pairs.get(i)[0].length(), pairs.get(i)[1].length()))
                        .thenComparingInt(i -> i));
        for (int micro = 0; micro < batch; micro += config.microBatch()) {
            int microEnd = Math.min(batch, micro + config.microBatch());
            List<CrossInput.Tokens> inputs = new ArrayList<>();
            for (int k = micro; k < microEnd; k++) {
                CrossInput.Tokens[] p = pairs.get(byLength[k]);
                inputs.add(p[0]);
                inputs.add(p[1]);
            }
            pass(run, inputs, batch, state, gradients);
        }
        update(state, gradients, run.totalSteps());
    }

    /**
     * One forward and backward pass over {@code inputs} (chosen, rejected, chosen, …): the loss of the step's
     * {@code batch} pairs, counted in the epoch's loss and accuracy, and the gradients added to {@code gradients}.
     */
    private static void pass(
            Run run, List<CrossInput.Tokens> inputs, int batch, State state, Map<String, float[]> gradients) {
        List<float[]> states = run.frozen().states(inputs);
        RewardNet net = run.net();
        net.setTrainable(state.weights, true);
        try (NDManager scope = run.manager().newSubManager();
                GradientCollector collector = run.engine().newGradientCollector()) {
            NDArray scores = net.scoresFromStates(scope, inputs, states);
            NDArray d = scores.get("0::2").sub(scores.get("1::2"));
            // the divisor is an array of the pass's scope, not a Number: DJL would make a scalar from
            // a Java buffer and free it at once, while autograd keeps reading it until backward
            NDArray loss = Activation.softPlus(d.neg()).sum().div(scope.create((float) batch));
            collector.backward(loss);
            float[] dv = d.toFloatArray();
            for (float x : dv) {
                state.epochCorrect += x > 0 ? 1 : x == 0 ? 0.5 : 0;
            }
            state.epochLoss += loss.getFloat() * batch;
            state.epochPairs += dv.length;
            List<NDArray> arrays = net.trainableArrays();
            int i = 0;
            for (float[] g : gradients.values()) {
                float[] part;
                // getGradient() wraps the gradient in a new array owned by the parameters' manager,
                // which lives as long as the run: close it, or every pass keeps a copy (a leak of
                // the trainable size, 14 MB for two MiniLM layers, per pass)
                try (NDArray gradient = arrays.get(i++).getGradient()) {
                    part = gradient.toFloatArray();
                }
                for (int j = 0; j < g.length; j++) {
                    g[j] += part[j];
                }
            }
        }
    }

    /** Clips the summed gradients to the global norm and takes an AdamW step at the scheduled learning rates. */
    private void update(State state, Map<String, float[]> gradients, long totalSteps) {
        double norm = 0;
        for (float[] g : gradients.values()) {
            for (float x : g) {
                norm += (double) x * x;
            }
        }
        norm = Math.sqrt(norm);
        if (!Double.isFinite(norm)) {
            throw new IllegalStateException(
                    "training diverged at step " + (state.step + 1) + ": the gradient norm is " + norm);
        }
        double clip = config.clipNorm() > 0 && norm > config.clipNorm() ? config.clipNorm() / norm : 1;
        double schedule = config.schedule(totalSteps).at(state.step);
        AdamW.Step adamStep = adam.begin(state.step);
        for (Map.Entry<String, float[]> e : state.weights.entrySet()) {
            String name = e.getKey();
            double lr = (name.startsWith("value_head.") ? config.headLearningRate() : config.learningRate()) * schedule;
            double decay = name.endsWith(".weight") && !name.contains("LayerNorm") ? config.weightDecay() : 0;
            adam.update(
                    adamStep,
                    e.getValue(),
                    gradients.get(name),
                    state.first.get(name),
                    state.second.get(name),
                    lr,
                    decay,
                    clip);
        }
        state.step = adamStep.t();
    }

    private static Map<String, float[]> copy(Map<String, float[]> weights) {
        Map<String, float[]> out = new LinkedHashMap<>();
        weights.forEach((k, v) -> out.put(k, v.clone()));
        return out;
    }

    /** Everything a resumed run needs. */
    private static final class State {
        Map<String, float[]> weights;
        Map<String, float[]> first = new LinkedHashMap<>();
        Map<String, float[]> second = new LinkedHashMap<>();
        long step;
        int epoch;
        int nextPair;
        double epochLoss;
        double epochCorrect;
        long epochPairs;
        List<EpochLog> epochs = new ArrayList<>();
        int bestEpoch;
        double bestAccuracy;
        Map<String, float[]> best;
        List<ValidationReport.Row> bestRows;

        static State fresh(Map<String, float[]> weights) {
            State s = new State();
            s.weights = weights;
            weights.forEach((k, v) -> {
                s.first.put(k, new float[v.length]);
                s.second.put(k, new float[v.length]);
            });
            return s;
        }

        void save(Path file, String fingerprint) throws IOException {
            Header h = new Header(
                    step,
                    epoch,
                    nextPair,
                    epochLoss,
                    epochCorrect,
                    epochPairs,
                    epochs,
                    bestEpoch,
                    bestAccuracy,
                    bestRows);
            Map<String, float[]> tensors = new LinkedHashMap<>();
            weights.forEach((k, v) -> tensors.put("w:" + k, v));
            first.forEach((k, v) -> tensors.put("m:" + k, v));
            second.forEach((k, v) -> tensors.put("v:" + k, v));
            if (best != null) {
                best.forEach((k, v) -> tensors.put("b:" + k, v));
            }
            Checkpoint.save(file, fingerprint, h, tensors);
        }

        static State load(Path file, String fingerprint, Set<String> names) {
            Checkpoint.Content c = Checkpoint.load(file, fingerprint);
            State s = new State();
            s.weights = new LinkedHashMap<>();
            for (String name : names) {
                float[] w = c.tensors().get("w:" + name);
                float[] m = c.tensors().get("m:" + name);
                float[] v = c.tensors().get("v:" + name);
                if (w == null || m == null || v == null) {
                    throw new InvalidInputException("checkpoint " + file + " lacks the state of " + name);
                }
                s.weights.put(name, w);
                s.first.put(name, m);
                s.second.put(name, v);
                float[] b = c.tensors().get("b:" + name);
                if (b != null) {
                    s.best = s.best == null ? new LinkedHashMap<>() : s.best;
                    s.best.put(name, b);
                }
            }
            Header h = Header.read(c.header(), file);
            s.step = h.step();
            s.epoch = h.epoch();
            s.nextPair = h.nextPair();
            s.epochLoss = h.epochLoss();
            s.epochCorrect = h.epochCorrect();
            s.epochPairs = h.epochPairs();
            s.epochs = h.epochs() == null ? new ArrayList<>() : new ArrayList<>(h.epochs());
            s.bestEpoch = h.bestEpoch();
            s.bestAccuracy = h.bestAccuracy();
            s.bestRows = h.bestValidation();
            return s;
        }
    }

    /**
     * The JSON header of {@code checkpoint.bin} after the fingerprint: where the run is (step, epoch, next pair), the
     * running epoch's sums, the epochs so far and the best one. The field order is the key order; {@code
     * best_validation} is left out before the first epoch ends.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Header(
            long step,
            int epoch,
            @JsonProperty("next_pair") int nextPair,
            @JsonProperty("epoch_loss") double epochLoss,
            @JsonProperty("epoch_correct") double epochCorrect,
            @JsonProperty("epoch_pairs") long epochPairs,
            List<EpochLog> epochs,
            @JsonProperty("best_epoch") int bestEpoch,
            @JsonProperty("best_accuracy") double bestAccuracy,
            @JsonProperty("best_validation") List<ValidationReport.Row> bestValidation) {

        static Header read(JsonNode header, Path file) {
            try {
                return Json.mapper().treeToValue(header, Header.class);
            } catch (JsonProcessingException | IllegalArgumentException e) {
                throw new InvalidInputException(
                        "checkpoint " + file + " has an unreadable header: " + e.getMessage(), e);
            }
        }
    }
}
