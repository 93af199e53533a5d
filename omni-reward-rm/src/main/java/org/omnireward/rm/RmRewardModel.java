package org.omnireward.rm;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.omnireward.core.AbstractTextScalarRewardModel;
import org.omnireward.core.ScoringRequest;
import org.omnireward.rm.encoder.BaseModels;
import org.omnireward.rm.encoder.WordPieces;

/**
 * The fine-tuned cross-encoder reward model: r(c, x, y) = value head of the encoder's reading of
 * {@code [CLS] c [SEP] x [SEP] y [SEP]} ({@link CrossInput}). Text responses only (t2t, and
 * ti2t/tv2t/ta2t through their prompt text). Thread-safe: batches run concurrently (each in its own
 * array scope; the weights are never changed after loading).
 *
 * <p>A batch is cut into chunks of {@link #CHUNK} inputs of similar length (sorted by token count,
 * so padding stays small), each one forward pass.
 */
public final class RmRewardModel extends AbstractTextScalarRewardModel {

    /** Inputs per forward pass. */
    public static final int CHUNK = 16;

    private final String name;
    private final RmManifest manifest;
    private final NDManager manager;
    private final RewardNet net;
    private final WordPieces pieces;
    private final CrossInput input;
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    private RmRewardModel(String name, RmManifest manifest, NDManager manager, RewardNet net, WordPieces pieces) {
        this.name = name;
        this.manifest = manifest;
        this.manager = manager;
        this.net = net;
        this.pieces = pieces;
        this.input = new CrossInput(pieces, manifest.maxLength());
    }

    /** Loads the model folder {@code dir} under the name {@code name} (e.g. {@code rm:models/my-rm}). */
    public static RmRewardModel load(String name, Path dir) {
        Objects.requireNonNull(name, "name");
        RmModelFiles.Model model = RmModelFiles.load(dir);
        BaseModels.Loaded base = RmModelFiles.base(model.manifest());
        NDManager manager = RmEngine.newManager();
        RewardNet net = null;
        try {
            net = new RewardNet(
                    base.base().config(), base.weights(), model.manifest().trainableFrom(), model.trained(), manager);
            net.setTrainable(model.trained(), false);
            return new RmRewardModel(name, model.manifest(), manager, net, WordPieces.of(base.base()));
        } catch (RuntimeException e) {
            if (net != null) {
                net.close();
            }
            manager.close();
            throw e;
        }
    }

    @Override
    public String name() {
        return name;
    }

    /** The model's manifest. */
    public RmManifest manifest() {
        return manifest;
    }

    @Override
    protected double[] doScoreBatch(List<ScoringRequest> requests) {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("reward model " + name + " is closed");
            }
            List<CrossInput.Tokens> tokens = new ArrayList<>(requests.size());
            for (ScoringRequest r : requests) {
                tokens.add(input.tokens(r.criteria(), r.prompt(), r.response().requireText()));
            }
            return scores(net, manager, tokens, CHUNK);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** Scores of {@code tokens} in chunks of {@code chunk} inputs of similar length, in input order. */
    static double[] scores(RewardNet net, NDManager manager, List<CrossInput.Tokens> tokens, int chunk) {
        Integer[] order = new Integer[tokens.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(
                order, java.util.Comparator.comparingInt(i -> tokens.get(i).length()));
        double[] out = new double[tokens.size()];
        for (int start = 0; start < order.length; start += chunk) {
            int end = Math.min(order.length, start + chunk);
            List<CrossInput.Tokens> part = new ArrayList<>(end - start);
            for (int k = start; k < end; k++) {
                part.add(tokens.get(order[k]));
            }
            double[] s = net.scoreValues(manager, part);
            for (int k = start; k < end; k++) {
                out[order[k]] = s[k - start];
            }
        }
        return out;
    }

    @Override
    public int preferredBatchSize() {
        return 32;
    }

    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            net.close();
            pieces.close();
            manager.close();
        } finally {
            lifecycle.writeLock().unlock();
        }
    }
}
