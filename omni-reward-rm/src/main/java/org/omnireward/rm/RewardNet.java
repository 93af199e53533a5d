package org.omnireward.rm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.omnireward.rm.encoder.BertConfig;
import org.omnireward.rm.encoder.BertEncoder;
import org.omnireward.rm.encoder.BertWeights;

/**
 * The cross-encoder reward network: a BERT encoder reading one {@link CrossInput}, mean pooling
 * over its tokens, and a scalar value head {@code r = w·pool + b}. The layers from
 * {@link #trainableFrom()} up and the head are the trainable parameters (what a model folder
 * stores); everything below is the frozen base.
 */
public final class RewardNet implements AutoCloseable {

    /** Name of the value head's weight ({@code [hidden]}). */
    public static final String HEAD_WEIGHT = "value_head.weight";
    /** Name of the value head's bias ({@code [1]}). */
    public static final String HEAD_BIAS = "value_head.bias";

    private final BertEncoder encoder;
    private final Map<String, NDArray> head = new LinkedHashMap<>();
    private final int trainableFrom;

    /**
     * A network on {@code base} whose layers from {@code trainableFrom} up and head take
     * {@code trained} (a zero head and the base's own layers when {@code trained} lacks them).
     */
    public RewardNet(
            BertConfig config, BertWeights base, int trainableFrom, Map<String, float[]> trained, NDManager parent) {
        this.encoder = new BertEncoder(config, base, parent);
        this.trainableFrom = trainableFrom;
        try {
            for (Map.Entry<String, float[]> e : trained.entrySet()) {
                if (!e.getKey().startsWith("value_head.")) {
                    encoder.replace(e.getKey(), e.getValue());
                }
            }
            head.put(
                    HEAD_WEIGHT,
                    create(
                            HEAD_WEIGHT,
                            trained.getOrDefault(HEAD_WEIGHT, new float[config.hidden()]),
                            new Shape(config.hidden())));
            head.put(HEAD_BIAS, create(HEAD_BIAS, trained.getOrDefault(HEAD_BIAS, new float[1]), new Shape(1)));
        } catch (RuntimeException e) {
            encoder.close();
            throw e;
        }
        encoder.setTrainableFrom(trainableFrom);
    }

    private NDArray create(String name, float[] values, Shape shape) {
        NDArray a = encoder.manager().create(values, shape);
        a.setName(name);
        return a;
    }

    /** The first trainable layer. */
    public int trainableFrom() {
        return trainableFrom;
    }

    /** The encoder shape. */
    public BertConfig config() {
        return encoder.config();
    }

    /** Names and shapes of the trainable parameters, in a fixed order. */
    public Map<String, long[]> trainableShapes() {
        Map<String, long[]> s = new LinkedHashMap<>();
        for (int i = trainableFrom; i < config().layers(); i++) {
            s.putAll(BertWeights.layerShapes(config(), i));
        }
        s.put(HEAD_WEIGHT, new long[] {config().hidden()});
        s.put(HEAD_BIAS, new long[] {1});
        return s;
    }

    /** The trainable parameters' arrays, in {@link #trainableShapes()} order. */
    public List<NDArray> trainableArrays() {
        List<NDArray> out = new ArrayList<>();
        for (String name : trainableShapes().keySet()) {
            out.add(array(name));
        }
        return out;
    }

    /** The current values of the trainable parameters. */
    public Map<String, float[]> trainableValues() {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (String name : trainableShapes().keySet()) {
            out.put(name, array(name).toFloatArray());
        }
        return out;
    }

    /**
     * Replaces the trainable parameters by {@code values} (fresh arrays: any gradient is dropped)
     * and marks them as requiring gradients when {@code train}.
     */
    public void setTrainable(Map<String, float[]> values, boolean train) {
        for (Map.Entry<String, float[]> e : values.entrySet()) {
            if (e.getKey().startsWith("value_head.")) {
                NDArray old = head.get(e.getKey());
                NDArray fresh = create(e.getKey(), e.getValue(), old.getShape());
                old.close();
                head.put(e.getKey(), fresh);
            } else {
                encoder.replace(e.getKey(), e.getValue());
            }
        }
        encoder.setTrainableFrom(train ? trainableFrom : config().layers());
        for (NDArray h : head.values()) {
            h.setRequiresGradient(train);
        }
    }

    private NDArray array(String name) {
        NDArray h = head.get(name);
        return h != null ? h : encoder.parameters().get(name);
    }

    /** Scores of {@code inputs} (padded to the longest), a {@code [n]} array in {@code scope}. */
    public NDArray scores(NDManager scope, List<CrossInput.Tokens> inputs) {
        int n = inputs.size();
        int width = 0;
        for (CrossInput.Tokens t : inputs) {
            width = Math.max(width, t.length());
        }
        long[] ids = new long[n * width];
        long[] types = new long[n * width];
        long[] mask = new long[n * width];
        for (int i = 0; i < n; i++) {
            CrossInput.Tokens t = inputs.get(i);
            System.arraycopy(t.ids(), 0, ids, i * width, t.length());
            System.arraycopy(t.types(), 0, types, i * width, t.length());
            java.util.Arrays.fill(mask, i * width, i * width + t.length(), 1);
        }
        Shape shape = new Shape(n, width);
        NDArray maskArray = scope.create(mask, shape);
        NDArray hidden = encoder.forward(scope.create(ids, shape), scope.create(types, shape), maskArray);
        NDArray pooled = BertEncoder.meanPool(hidden, maskArray);
        return pooled.matMul(head.get(HEAD_WEIGHT).expandDims(1)).reshape(n).add(head.get(HEAD_BIAS));
    }

    /** Plain scores as doubles. */
    public double[] scoreValues(NDManager parent, List<CrossInput.Tokens> inputs) {
        try (NDManager scope = parent.newSubManager()) {
            float[] f = scores(scope, inputs).toType(DataType.FLOAT32, false).toFloatArray();
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            return d;
        }
    }

    /** The encoder's manager. */
    public NDManager manager() {
        return encoder.manager();
    }

    @Override
    public void close() {
        encoder.close();
    }
}
