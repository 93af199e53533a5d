package org.omnireward.scalar.bt;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * The trained part of the BT model: r(f) = w2 · act(W1 f + b1) + ĉᵀ W s for a feature vector f
 * (from {@link FeatureSpec}), where ĉ = f[criterion slice] and s = f[statistics slice].
 *
 * <p>The MLP (F → H → 1) sees every feature; the bilinear term ĉᵀ W s (W is d×S, learned) is a
 * direct route by which the criterion sets the sign and size of each response statistic's
 * contribution, so "be concise" can reward a short answer and "be detailed" a long one with the
 * same head. The MLP has no output bias: it would add the same constant to both responses of a
 * pair, which the Bradley–Terry loss cannot see.
 *
 * <p>All parameters live in one flat {@code double[]} (W1 row-major H×F, b1, w2, W row-major d×S;
 * offsets in {@link HeadShape}), which keeps the optimizer, clipping and the file format simple.
 * Arithmetic is in double with {@link StrictMath}, hence deterministic. Not thread-safe for
 * writes; concurrent {@link #score} calls on an unchanging head are safe.
 */
public final class BtHead {

    /** A named slice of the flat parameter vector. */
    public record ParameterGroup(String name, int offset, int length, boolean decayed) {}

    private final HeadShape shape;
    private final double[] params;

    private BtHead(HeadShape shape, double[] params) {
        this.shape = Objects.requireNonNull(shape, "shape");
        if (params.length != shape.parameterCount()) {
            throw new IllegalArgumentException(
                    "head " + shape + " needs " + shape.parameterCount() + " parameters, got " + params.length);
        }
        this.params = params;
    }

    /**
     * A freshly initialised head: W1 by He (GELU) or Xavier (tanh) normal initialisation from
     * {@code seed}; b1, w2 and the bilinear matrix zero. With w2 = 0 the untrained head scores every
     * response 0 and the MLP grows only as far as the data asks: a randomly initialised output layer
     * gives each response a random offset that, on small data, the head has to unlearn (measured:
     * held-out accuracy of the criterion-flip test set 0.89 with w2 ~ N(0, 1/H), 1.00 with w2 = 0).
     */
    public static BtHead initialize(HeadShape shape, long seed) {
        double[] p = new double[shape.parameterCount()];
        Random random = new Random(seed);
        int f = shape.inputDimension();
        int h = shape.hiddenSize();
        double std1 = shape.activation() == Activation.GELU ? Math.sqrt(2.0 / f) : Math.sqrt(2.0 / (f + h));
        for (int i = 0; i < h * f; i++) {
            p[shape.w1Offset() + i] = std1 * random.nextGaussian();
        }
        return new BtHead(shape, p);
    }

    /** A head with the given parameters (copied). */
    public static BtHead of(HeadShape shape, double[] parameters) {
        return new BtHead(shape, parameters.clone());
    }

    public HeadShape shape() {
        return shape;
    }

    /** The number of parameters. */
    public int parameterCount() {
        return params.length;
    }

    /** The live parameter vector (the trainer updates it in place). */
    double[] parameters() {
        return params;
    }

    /** A copy of the parameters. */
    public double[] copyParameters() {
        return params.clone();
    }

    /** A deep copy. */
    public BtHead copy() {
        return new BtHead(shape, params.clone());
    }

    /** A copy with every parameter rounded to float, i.e. exactly what {@code weights.bin} stores. */
    public BtHead roundedToFloat() {
        double[] p = new double[params.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) params[i];
        }
        return new BtHead(shape, p);
    }

    /** The parameter groups: W1, b1, w2 and the bilinear W; weight decay applies to all but b1. */
    public List<ParameterGroup> groups() {
        return List.of(
                new ParameterGroup("W1", shape.w1Offset(), shape.hiddenSize() * shape.inputDimension(), true),
                new ParameterGroup("b1", shape.b1Offset(), shape.hiddenSize(), false),
                new ParameterGroup("w2", shape.w2Offset(), shape.hiddenSize(), true),
                new ParameterGroup(
                        "bilinear",
                        shape.bilinearOffset(),
                        shape.criterionDimension() * shape.statisticsDimension(),
                        true));
    }

    /** Whether every parameter is finite as a float (weights files store floats). */
    public boolean isFinite() {
        for (double v : params) {
            if (!Float.isFinite((float) v)) {
                return false;
            }
        }
        return true;
    }

    /** Scratch space for one forward/backward pass (hidden pre-activations and activations). */
    public static final class Workspace {
        final double[] pre;
        final double[] act;

        public Workspace(HeadShape shape) {
            pre = new double[shape.hiddenSize()];
            act = new double[shape.hiddenSize()];
        }
    }

    /** The score of one feature vector. Thread-safe. */
    public double score(float[] features) {
        return forward(features, new Workspace(shape));
    }

    /**
     * The score of one feature vector, keeping what {@link #backward} needs in {@code ws}.
     *
     * @throws IllegalArgumentException when the feature vector has the wrong length
     */
    public double forward(float[] x, Workspace ws) {
        int f = shape.inputDimension();
        if (x.length != f) {
            throw new IllegalArgumentException("feature vector of " + x.length + " values; the head expects " + f);
        }
        int h = shape.hiddenSize();
        int w2 = shape.w2Offset();
        int b1 = shape.b1Offset();
        double r = 0;
        for (int j = 0; j < h; j++) {
            int row = j * f;
            double z = params[b1 + j];
            for (int i = 0; i < f; i++) {
                z += params[row + i] * x[i];
            }
            ws.pre[j] = z;
            double a = shape.activation().apply(z);
            ws.act[j] = a;
            r += params[w2 + j] * a;
        }
        return r + bilinear(x);
    }

    private double bilinear(float[] x) {
        int d = shape.criterionDimension();
        int s = shape.statisticsDimension();
        int c0 = shape.criterionOffset();
        int s0 = shape.statisticsOffset();
        int w = shape.bilinearOffset();
        double r = 0;
        for (int i = 0; i < d; i++) {
            float c = x[c0 + i];
            if (c == 0f) {
                continue;
            }
            int row = w + i * s;
            double t = 0;
            for (int k = 0; k < s; k++) {
                t += params[row + k] * x[s0 + k];
            }
            r += c * t;
        }
        return r;
    }

    /**
     * Adds {@code dOut}·∂r/∂θ to {@code grad} (same layout as the parameters) for the input {@code x}
     * whose {@link #forward} filled {@code ws}.
     */
    public void backward(float[] x, Workspace ws, double dOut, double[] grad) {
        if (dOut == 0) {
            return;
        }
        int f = shape.inputDimension();
        int h = shape.hiddenSize();
        int w2 = shape.w2Offset();
        int b1 = shape.b1Offset();
        for (int j = 0; j < h; j++) {
            grad[w2 + j] += dOut * ws.act[j];
            double dz = dOut * params[w2 + j] * shape.activation().derivative(ws.pre[j]);
            grad[b1 + j] += dz;
            if (dz == 0) {
                continue;
            }
            int row = j * f;
            for (int i = 0; i < f; i++) {
                grad[row + i] += dz * x[i];
            }
        }
        int d = shape.criterionDimension();
        int s = shape.statisticsDimension();
        int c0 = shape.criterionOffset();
        int s0 = shape.statisticsOffset();
        int w = shape.bilinearOffset();
        for (int i = 0; i < d; i++) {
            double c = dOut * x[c0 + i];
            if (c == 0) {
                continue;
            }
            int row = w + i * s;
            for (int k = 0; k < s; k++) {
                grad[row + k] += c * x[s0 + k];
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BtHead other && other.shape.equals(shape) && Arrays.equals(other.params, params);
    }

    @Override
    public int hashCode() {
        return shape.hashCode() * 31 + Arrays.hashCode(params);
    }

    @Override
    public String toString() {
        return "BtHead(" + shape + ")";
    }
}
