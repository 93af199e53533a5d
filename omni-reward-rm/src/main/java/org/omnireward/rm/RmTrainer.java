package org.omnireward.rm;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.util.Json;
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

    /** What the trainer tells its caller. */
    public interface Listener {
        /** After each optimiser step. */
        default void onStep(long step, long totalSteps, int epoch, double trainLoss, double trainAccuracy) {}

        /** A line of news (resumed, validation table, checkpoint). */
        default void onMessage(String message) {}
    }

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
            ArrayNode epochs,
            long steps,
            boolean resumed) {}

    private final RmTrainingConfig config;
    private final BaseModels.Loaded base;
    private final Path directory;
    private final String fingerprint;
    private final AdamW adam = AdamW.standard();
    private final Listener listener;
    private long stopAfterStep = -1;

    /**
     * A trainer writing its checkpoint into {@code directory}.
     *
     * @param fingerprint identifies the run (configuration and data); a checkpoint of another run is refused
     */
    public RmTrainer(
            RmTrainingConfig config, BaseModels.Loaded base, Path directory, String fingerprint, Listener listener) {
        this.config = config;
        this.base = base;
        this.directory = directory;
        this.fingerprint = fingerprint;
        this.listener = listener;
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
            java.util.function.BiConsumer<Map<String, float[]>, List<ValidationReport.Row>> onBest) {
        if (train.isEmpty()) {
            throw new InvalidInputException("no usable training pairs");
        }
        try (WordPieces pieces = WordPieces.of(base.base());
                NDManager manager = RmEngine.newManager();
                RewardNet net =
                        new RewardNet(base.base().config(), base.weights(), trainableFrom(), Map.of(), manager)) {
            CrossInput input = new CrossInput(pieces, config.maxLength());
            List<CrossInput.Tokens[]> trainTokens = tokens(train, input);
            List<CrossInput.Tokens[]> validTokens = tokens(valid, input);
            State state = State.fresh(net.trainableValues());
            boolean resumed = false;
            Path checkpoint = directory.resolve(CHECKPOINT);
            if (Files.isRegularFile(checkpoint)) {
                state = State.load(
                        checkpoint, fingerprint, net.trainableShapes().keySet());
                resumed = true;
                listener.onMessage(String.format(
                        java.util.Locale.ROOT,
                        "resuming from %s: step %d, epoch %d, pair %d",
                        checkpoint,
                        state.step,
                        state.epoch + 1,
                        state.nextPair));
            }
            int n = train.size();
            long stepsPerEpoch = (n + config.batchPairs() - 1) / config.batchPairs();
            long totalSteps = stepsPerEpoch * config.epochs();
            Engine engine = manager.getEngine();
            for (int epoch = state.epoch; epoch < config.epochs(); epoch++) {
                int[] order = order(n, config.seed(), epoch);
                for (int start = state.nextPair; start < n; start += config.batchPairs()) {
                    int end = Math.min(n, start + config.batchPairs());
                    step(net, manager, engine, trainTokens, order, start, end, state, totalSteps);
                    state.nextPair = end;
                    state.epoch = epoch;
                    listener.onStep(
                            state.step,
                            totalSteps,
                            epoch + 1,
                            state.epochLoss / state.epochPairs,
                            state.epochCorrect / state.epochPairs);
                    boolean last = end >= n;
                    if (!last && config.checkpointEvery() > 0 && state.step % config.checkpointEvery() == 0) {
                        state.save(checkpoint, fingerprint);
                    }
                    if (stopAfterStep >= 0 && state.step >= stopAfterStep && !last) {
                        state.save(checkpoint, fingerprint);
                        throw new Stopped(state.step);
                    }
                }
                // end of the epoch: validate, keep the best, checkpoint the start of the next epoch
                ObjectNode log = state.epochs.addObject();
                log.put("epoch", epoch + 1);
                log.put("train_loss", state.epochLoss / state.epochPairs);
                log.put("train_accuracy", state.epochCorrect / state.epochPairs);
                log.put("steps", state.step);
                net.setTrainable(state.weights, false);
                List<ValidationReport.Row> rows = List.of();
                if (!valid.isEmpty()) {
                    double[] differences = differences(net, manager, validTokens);
                    rows = ValidationReport.evaluate(valid, differences, config.seed());
                    listener.onMessage("validation after epoch " + (epoch + 1) + ":\n" + ValidationReport.table(rows));
                    log.set("validation", ValidationReport.toJson(rows));
                }
                double accuracy = rows.isEmpty() ? epoch : rows.get(0).model();
                if (state.bestEpoch == 0 || accuracy > state.bestAccuracy) {
                    state.bestEpoch = epoch + 1;
                    state.bestAccuracy = accuracy;
                    state.best = copy(state.weights);
                    state.bestRows = ValidationReport.toJson(rows);
                    onBest.accept(state.best, rows);
                }
                state.epoch = epoch + 1;
                state.nextPair = 0;
                state.epochLoss = 0;
                state.epochCorrect = 0;
                state.epochPairs = 0;
                if (epoch + 1 < config.epochs()) {
                    state.save(checkpoint, fingerprint);
                }
            }
            Files.deleteIfExists(checkpoint);
            return new Result(state.best, state.bestEpoch, rowsOf(state.bestRows), state.epochs, state.step, resumed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint in " + directory + ": " + e.getMessage(), e);
        }
    }

    private static List<ValidationReport.Row> rowsOf(ArrayNode json) {
        List<ValidationReport.Row> rows = new ArrayList<>();
        if (json != null) {
            for (JsonNode r : json) {
                rows.add(new ValidationReport.Row(
                        r.path("subset").asText(),
                        r.path("pairs").asInt(),
                        r.path("model").asDouble(),
                        r.path("length").asDouble(),
                        r.path("random").asDouble()));
            }
        }
        return rows;
    }

    /** r(chosen) − r(rejected) of every pair, with the net as it is. */
    static double[] differences(RewardNet net, NDManager manager, List<CrossInput.Tokens[]> pairs) {
        List<CrossInput.Tokens> flat = new ArrayList<>(2 * pairs.size());
        for (CrossInput.Tokens[] p : pairs) {
            flat.add(p[0]);
            flat.add(p[1]);
        }
        double[] s = RmRewardModel.scores(net, manager, flat, RmRewardModel.CHUNK);
        double[] d = new double[pairs.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = s[2 * i] - s[2 * i + 1];
        }
        return d;
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
    static int[] order(int n, long seed, int epoch) {
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

    private void step(
            RewardNet net,
            NDManager manager,
            Engine engine,
            List<CrossInput.Tokens[]> pairs,
            int[] order,
            int start,
            int end,
            State state,
            long totalSteps) {
        int batch = end - start;
        Map<String, float[]> gradients = new LinkedHashMap<>();
        for (Map.Entry<String, float[]> e : state.weights.entrySet()) {
            gradients.put(e.getKey(), new float[e.getValue().length]);
        }
        // the step's pairs by length, so that each pass pads little (the summed gradient is the same)
        Integer[] byLength = new Integer[batch];
        for (int k = 0; k < batch; k++) {
            byLength[k] = order[start + k];
        }
        java.util.Arrays.sort(
                byLength,
                java.util.Comparator.comparingInt(
                                (Integer i) -> Math.max(pairs.get(i)[0].length(), pairs.get(i)[1].length()))
                        .thenComparingInt(i -> i));
        for (int micro = 0; micro < batch; micro += config.microBatch()) {
            int microEnd = Math.min(batch, micro + config.microBatch());
            List<CrossInput.Tokens> inputs = new ArrayList<>();
            for (int k = micro; k < microEnd; k++) {
                CrossInput.Tokens[] p = pairs.get(byLength[k]);
                inputs.add(p[0]);
                inputs.add(p[1]);
            }
            net.setTrainable(state.weights, true);
            try (NDManager scope = manager.newSubManager();
                    GradientCollector collector = engine.newGradientCollector()) {
                NDArray scores = net.scores(scope, inputs);
                NDArray d = scores.get("0::2").sub(scores.get("1::2"));
                NDArray loss = Activation.softPlus(d.neg()).sum().div((float) batch);
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
        ArrayNode epochs = Json.mapper().createArrayNode();
        int bestEpoch;
        double bestAccuracy;
        Map<String, float[]> best;
        ArrayNode bestRows;

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
            ObjectNode h = Json.mapper().createObjectNode();
            h.put("step", step);
            h.put("epoch", epoch);
            h.put("next_pair", nextPair);
            h.put("epoch_loss", epochLoss);
            h.put("epoch_correct", epochCorrect);
            h.put("epoch_pairs", epochPairs);
            h.set("epochs", epochs);
            h.put("best_epoch", bestEpoch);
            h.put("best_accuracy", bestAccuracy);
            if (bestRows != null) {
                h.set("best_validation", bestRows);
            }
            Map<String, float[]> tensors = new LinkedHashMap<>();
            weights.forEach((k, v) -> tensors.put("w:" + k, v));
            first.forEach((k, v) -> tensors.put("m:" + k, v));
            second.forEach((k, v) -> tensors.put("v:" + k, v));
            if (best != null) {
                best.forEach((k, v) -> tensors.put("b:" + k, v));
            }
            Checkpoint.save(file, fingerprint, h, tensors);
        }

        static State load(Path file, String fingerprint, java.util.Set<String> names) {
            Checkpoint.Content c = Checkpoint.load(file, fingerprint);
            JsonNode h = c.header();
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
            s.step = h.path("step").asLong();
            s.epoch = h.path("epoch").asInt();
            s.nextPair = h.path("next_pair").asInt();
            s.epochLoss = h.path("epoch_loss").asDouble();
            s.epochCorrect = h.path("epoch_correct").asDouble();
            s.epochPairs = h.path("epoch_pairs").asLong();
            s.epochs = h.path("epochs").isArray()
                    ? (ArrayNode) h.path("epochs")
                    : Json.mapper().createArrayNode();
            s.bestEpoch = h.path("best_epoch").asInt();
            s.bestAccuracy = h.path("best_accuracy").asDouble();
            s.bestRows = h.path("best_validation").isArray() ? (ArrayNode) h.path("best_validation") : null;
            return s;
        }
    }
}
