package org.omnireward.scalar.bt;

import java.util.Locale;
import org.omnireward.core.InvalidInputException;

/**
 * The hidden-layer non-linearity of {@link BtHead}. Computed with {@link StrictMath} so that
 * training and scoring give bit-identical results on every JVM.
 */
public enum Activation {
    /** GELU, tanh approximation: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
    GELU,
    /** The hyperbolic tangent. */
    TANH;

    private static final double SQRT_2_OVER_PI = Math.sqrt(2.0 / Math.PI);
    private static final double GELU_C = 0.044715;

    /** The activation of {@code x}. */
    public double apply(double x) {
        if (this == TANH) {
            return StrictMath.tanh(x);
        }
        double t = StrictMath.tanh(SQRT_2_OVER_PI * (x + GELU_C * x * x * x));
        return 0.5 * x * (1 + t);
    }

    /** The derivative at {@code x}. */
    public double derivative(double x) {
        if (this == TANH) {
            double t = StrictMath.tanh(x);
            return 1 - t * t;
        }
        double t = StrictMath.tanh(SQRT_2_OVER_PI * (x + GELU_C * x * x * x));
        return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * SQRT_2_OVER_PI * (1 + 3 * GELU_C * x * x);
    }

    /** The lower-case name used in manifests and on the command line. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code gelu} or {@code tanh} (any case). */
    public static Activation parse(String name) {
        for (Activation a : values()) {
            if (a.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return a;
            }
        }
        throw new InvalidInputException("unknown activation '" + name + "'; expected gelu or tanh");
    }
}
