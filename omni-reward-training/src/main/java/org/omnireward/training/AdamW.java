package org.omnireward.training;

/**
 * AdamW (Loshchilov &amp; Hutter): Adam with bias correction and decoupled weight decay — the one
 * optimiser of every trainer here (the Bradley–Terry head of {@code train bt}, the cross-encoder of
 * {@code train rm}). The caller owns the weights and both moments (so a checkpoint saves them as plain
 * data) and calls {@link #begin} once per optimiser step, then {@code update} once per parameter group.
 *
 * <p>The arithmetic is double in both precisions. In double storage (the head's parameters) the decay
 * is applied first, θ ← θ − lr·λ·θ, then the Adam step; in float storage (tensors read out of PyTorch)
 * both go into one expression, θ ← θ − lr·(m̂/(√v̂ + ε) + λ·θ), rounded to float once. The two orders are
 * the same update and are kept as the two trainers had them, so that their weights reproduce bit for bit
 * (tests: {@code BtTrainingPipelineTest}, {@code AdamWTest}).
 */
public final class AdamW {

    /** The usual first-moment decay. */
    public static final double BETA1 = 0.9;
    /** The usual second-moment decay. */
    public static final double BETA2 = 0.999;
    /** The usual denominator term. */
    public static final double EPSILON = 1e-8;

    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private long t;

    public AdamW(double beta1, double beta2, double epsilon) {
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(epsilon > 0)) {
            throw new IllegalArgumentException(
                    "AdamW needs 0 <= beta < 1 and epsilon > 0, got " + beta1 + ", " + beta2 + ", " + epsilon);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    /** An optimiser with the usual constants. */
    public static AdamW standard() {
        return new AdamW(BETA1, BETA2, EPSILON);
    }

    /**
     * The bias corrections of one optimiser step.
     *
     * @param t the 1-based step number
     */
    public record Step(long t, double correction1, double correction2) {}

    /** Starts the next step (after {@code steps} already taken: a resumed run passes its count). */
    public Step begin(long stepsTaken) {
        t = stepsTaken + 1;
        return new Step(t, 1 - StrictMath.pow(beta1, t), 1 - StrictMath.pow(beta2, t));
    }

    /** Starts the step after the last one this optimiser began. */
    public Step begin() {
        return begin(t);
    }

    /**
     * Updates {@code params[from, to)} in double storage.
     *
     * @param lr the learning rate of this step
     * @param weightDecay λ, 0 for groups that are not decayed (biases, norms)
     */
    public void update(
            Step s,
            double[] params,
            double[] grad,
            double[] m,
            double[] v,
            int from,
            int to,
            double lr,
            double weightDecay) {
        double decay = lr * weightDecay;
        for (int i = from; i < to; i++) {
            double gi = grad[i];
            if (weightDecay != 0) {
                params[i] -= decay * params[i];
            }
            m[i] = beta1 * m[i] + (1 - beta1) * gi;
            v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
            params[i] -= lr * (m[i] / s.correction1()) / (Math.sqrt(v[i] / s.correction2()) + epsilon);
        }
    }

    /**
     * Updates a whole tensor in float storage.
     *
     * @param lr the learning rate of this step for this tensor
     * @param weightDecay λ, 0 for tensors that are not decayed
     * @param gradScale multiplies every gradient first (global-norm clipping; 1 for none)
     */
    public void update(
            Step s, float[] w, float[] g, float[] m, float[] v, double lr, double weightDecay, double gradScale) {
        for (int j = 0; j < w.length; j++) {
            double gj = g[j] * gradScale;
            m[j] = (float) (beta1 * m[j] + (1 - beta1) * gj);
            v[j] = (float) (beta2 * v[j] + (1 - beta2) * gj * gj);
            double update = (m[j] / s.correction1()) / (Math.sqrt(v[j] / s.correction2()) + epsilon);
            w[j] = (float) (w[j] - lr * (update + weightDecay * w[j]));
        }
    }

    /** Steps begun so far. */
    public long steps() {
        return t;
    }
}
