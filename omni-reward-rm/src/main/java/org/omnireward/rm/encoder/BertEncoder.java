package org.omnireward.rm.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A BERT-style transformer encoder (post-layer-norm, exact GELU, no dropout) written with DJL
 * array operations, so that it runs on DJL's PyTorch engine, forward and backward. Its parameters
 * live in one {@link NDManager} owned by the encoder; {@link #forward} puts every intermediate
 * array into the caller's manager, so a caller frees a batch by closing its manager.
 *
 * <p>{@link #setTrainableFrom(int)} marks the parameters of the top layers as requiring gradients;
 * the lower layers and the embeddings are frozen, and PyTorch records no graph for them.
 * Thread-safety: forward passes may run concurrently when no parameter is being changed.
 */
public final class BertEncoder implements AutoCloseable {

    private final BertConfig config;
    private final NDManager manager;
    private final Map<String, NDArray> parameters = new LinkedHashMap<>();
    private int trainableFrom;

    /** An encoder holding a copy of {@code weights} in a new child of {@code parent}. */
    public BertEncoder(BertConfig config, BertWeights weights, NDManager parent) {
        this.config = config;
        this.manager = parent.newSubManager();
        try {
            for (Map.Entry<String, long[]> e :
                    BertWeights.expectedShapes(config).entrySet()) {
                NDArray a = manager.create(weights.values(e.getKey()), new Shape(e.getValue()));
                a.setName(e.getKey());
                parameters.put(e.getKey(), a);
            }
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
        this.trainableFrom = config.layers();
    }

    /** The shape. */
    public BertConfig config() {
        return config;
    }

    /** The manager that owns the parameters. */
    public NDManager manager() {
        return manager;
    }

    /** Every parameter by name, in a fixed order. */
    public Map<String, NDArray> parameters() {
        return Collections.unmodifiableMap(parameters);
    }

    /**
     * Makes layers {@code from} … top trainable (they require gradients) and everything below
     * frozen. {@code from == layers} freezes the whole encoder.
     */
    public void setTrainableFrom(int from) {
        if (from < 0 || from > config.layers()) {
            throw new IllegalArgumentException("trainable layers start at 0 … " + config.layers() + ", got " + from);
        }
        Set<String> trainable = trainableNames(config, from);
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            e.getValue().setRequiresGradient(trainable.contains(e.getKey()));
        }
        trainableFrom = from;
    }

    /** The first trainable layer ({@code layers} when frozen). */
    public int trainableFrom() {
        return trainableFrom;
    }

    /** The parameter names of layers {@code from} and above, in order. */
    public static Set<String> trainableNames(BertConfig config, int from) {
        Set<String> names = new java.util.LinkedHashSet<>();
        for (int i = from; i < config.layers(); i++) {
            names.addAll(BertWeights.layerShapes(config, i).keySet());
        }
        return names;
    }

    /**
     * The last hidden states {@code [batch, tokens, hidden]} for token ids, token types and an
     * attention mask (1 = token, 0 = padding), each {@code [batch, tokens]} INT64 arrays in the
     * caller's manager.
     */
    public NDArray forward(NDArray ids, NDArray types, NDArray mask) {
        long batch = ids.getShape().get(0);
        long tokens = ids.getShape().get(1);
        if (tokens > config.maxPositions()) {
            throw new IllegalArgumentException(
                    tokens + " tokens exceed the encoder's " + config.maxPositions() + " positions");
        }
        NDManager scope = ids.getManager();
        int h = config.hidden();
        int heads = config.heads();
        int headSize = config.headSize();
        NDArray positions = scope.arange(0, (int) tokens, 1, DataType.INT64);
        NDArray x = Embedding.embedding(ids, p("embeddings.word_embeddings.weight"), SparseFormat.DENSE)
                .singletonOrThrow()
                .add(Embedding.embedding(types, p("embeddings.token_type_embeddings.weight"), SparseFormat.DENSE)
                        .singletonOrThrow())
                .add(Embedding.embedding(positions, p("embeddings.position_embeddings.weight"), SparseFormat.DENSE)
                        .singletonOrThrow());
        x = layerNorm(x, "embeddings.LayerNorm");
        NDArray additiveMask =
                mask.toType(DataType.FLOAT32, false).neg().add(1f).mul(-10000f).reshape(batch, 1, 1, tokens);
        float scale = (float) (1.0 / Math.sqrt(headSize));
        for (int i = 0; i < config.layers(); i++) {
            String l = "encoder.layer." + i + ".";
            NDArray q = heads(linear(x, l + "attention.self.query"), batch, tokens, heads, headSize);
            NDArray k = heads(linear(x, l + "attention.self.key"), batch, tokens, heads, headSize);
            NDArray v = heads(linear(x, l + "attention.self.value"), batch, tokens, heads, headSize);
            NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).mul(scale).add(additiveMask);
            NDArray context = scores.softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(batch, tokens, h);
            x = layerNorm(linear(context, l + "attention.output.dense").add(x), l + "attention.output.LayerNorm");
            NDArray inner = gelu(linear(x, l + "intermediate.dense"));
            x = layerNorm(linear(inner, l + "output.dense").add(x), l + "output.LayerNorm");
        }
        return x;
    }

    /** Mean of the hidden states over the mask's tokens, {@code [batch, hidden]}. */
    public static NDArray meanPool(NDArray hidden, NDArray mask) {
        NDArray m = mask.toType(DataType.FLOAT32, false).expandDims(2);
        return hidden.mul(m).sum(new int[] {1}).div(m.sum(new int[] {1}).maximum(1e-9f));
    }

    /** Sentence embeddings as sentence-transformers makes them: mean pooling, then L2 normalisation. */
    public float[][] sentenceEmbeddings(NDManager scope, long[][] ids, long[][] mask) {
        try (NDManager batch = scope.newSubManager()) {
            NDArray idArray = batch.create(flatten(ids), new Shape(ids.length, ids[0].length));
            NDArray maskArray = batch.create(flatten(mask), new Shape(ids.length, ids[0].length));
            NDArray types = batch.zeros(idArray.getShape(), DataType.INT64);
            NDArray pooled = meanPool(forward(idArray, types, maskArray), maskArray);
            NDArray norm = pooled.norm(new int[] {1}, true).maximum(1e-12f);
            float[] flat = pooled.div(norm).toFloatArray();
            float[][] out = new float[ids.length][config.hidden()];
            for (int i = 0; i < ids.length; i++) {
                System.arraycopy(flat, i * config.hidden(), out[i], 0, config.hidden());
            }
            return out;
        }
    }

    /** Row-major concatenation of equally long rows. */
    public static long[] flatten(long[][] rows) {
        int width = rows.length == 0 ? 0 : rows[0].length;
        long[] flat = new long[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != width) {
                throw new IllegalArgumentException(
                        "row " + i + " has " + rows[i].length + " entries, expected " + width);
            }
            System.arraycopy(rows[i], 0, flat, i * width, width);
        }
        return flat;
    }

    /**
     * Replaces parameter {@code name} by a fresh array of {@code values} (the old one is closed; the
     * fresh one requires gradients when its layer is trainable).
     */
    public void replace(String name, float[] values) {
        NDArray old = parameters.get(name);
        if (old == null) {
            throw new IllegalArgumentException("the encoder has no parameter " + name);
        }
        if (old.size() != values.length) {
            throw new IllegalArgumentException(
                    "parameter " + name + " has " + old.size() + " values, got " + values.length);
        }
        NDArray fresh = manager.create(values, old.getShape());
        fresh.setName(name);
        fresh.setRequiresGradient(trainableNames(config, trainableFrom).contains(name));
        parameters.put(name, fresh);
        old.close();
    }

    /** The names of all parameters. */
    public List<String> names() {
        return new ArrayList<>(parameters.keySet());
    }

    private NDArray p(String name) {
        return parameters.get(name);
    }

    private NDArray linear(NDArray x, String name) {
        return Linear.linear(x, p(name + ".weight"), p(name + ".bias")).singletonOrThrow();
    }

    private NDArray layerNorm(NDArray x, String name) {
        return LayerNorm.layerNorm(
                        x,
                        new Shape(config.hidden()),
                        p(name + ".weight"),
                        p(name + ".bias"),
                        config.layerNormEpsilon())
                .singletonOrThrow();
    }

    private static NDArray heads(NDArray x, long batch, long tokens, int heads, int headSize) {
        return x.reshape(batch, tokens, heads, headSize).transpose(0, 2, 1, 3);
    }

    /** GELU with the error function, as BERT uses it. */
    private static NDArray gelu(NDArray x) {
        return x.mul(0.5f).mul(x.mul((float) (1 / Math.sqrt(2))).erf().add(1f));
    }

    @Override
    public void close() {
        manager.close();
    }
}
