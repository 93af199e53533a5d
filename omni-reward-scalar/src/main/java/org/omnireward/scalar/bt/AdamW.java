package org.omnireward.scalar.bt;

import java.util.List;

/**
 * AdamW (Loshchilov &amp; Hutter): Adam with bias correction plus decoupled weight decay
 * θ ← θ − lr·λ·θ applied only to the parameter groups marked as decayed.
 */
final class AdamW {

    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final double[] m;
    private final double[] v;
    private long t;

    AdamW(int parameters, double beta1, double beta2, double epsilon, double weightDecay) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
        this.m = new double[parameters];
        this.v = new double[parameters];
    }

    /** One update of {@code params} in place with gradient {@code grad} and learning rate {@code lr}. */
    void step(double[] params, double[] grad, double lr, List<BtHead.ParameterGroup> groups) {
        t++;
        double bc1 = 1 - StrictMath.pow(beta1, t);
        double bc2 = 1 - StrictMath.pow(beta2, t);
        double decay = lr * weightDecay;
        for (BtHead.ParameterGroup g : groups) {
            int end = g.offset() + g.length();
            for (int i = g.offset(); i < end; i++) {
                double gi = grad[i];
                if (g.decayed()) {
                    params[i] -= decay * params[i];
                }
                m[i] = beta1 * m[i] + (1 - beta1) * gi;
                v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
                params[i] -= lr * (m[i] / bc1) / (Math.sqrt(v[i] / bc2) + epsilon);
            }
        }
    }

    /** Steps taken so far. */
    long steps() {
        return t;
    }
}
