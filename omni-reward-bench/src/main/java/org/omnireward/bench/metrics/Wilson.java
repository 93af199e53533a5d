package org.omnireward.bench.metrics;

import java.util.List;
import java.util.Optional;

/**
 * Wilson score confidence interval for a proportion (the accuracy of a task). Chosen over the
 * normal approximation because task sizes are a few hundred and accuracies can sit near 0 or 1.
 */
public final class Wilson {

    /** The two-sided 95 % standard normal quantile. */
    public static final double Z95 = 1.959963984540054;

    private Wilson() {}

    /** A closed interval within [0, 1]. */
    public record Interval(double lower, double upper) {
        /** {@code [lower, upper]}, the form used in {@code summary.json}. */
        public List<Double> asList() {
            return List.of(lower, upper);
        }
    }

    /** The 95 % interval of {@code successes / n}; empty when n = 0 (no data, no interval). */
    public static Optional<Interval> interval95(int successes, int n) {
        return interval(successes, n, Z95);
    }

    /**
     * The Wilson interval of {@code successes / n} for quantile {@code z}; empty when n = 0.
     *
     * @throws IllegalArgumentException unless 0 ≤ successes ≤ n and z &gt; 0
     */
    public static Optional<Interval> interval(int successes, int n, double z) {
        if (n < 0 || successes < 0 || successes > n) {
            throw new IllegalArgumentException("need 0 <= successes <= n, got " + successes + "/" + n);
        }
        if (!(z > 0) || Double.isInfinite(z)) {
            throw new IllegalArgumentException("z must be positive and finite, got " + z);
        }
        if (n == 0) {
            return Optional.empty();
        }
        double p = (double) successes / n;
        double z2n = z * z / n;
        double denominator = 1 + z2n;
        double centre = (p + z2n / 2) / denominator;
        double half = z / denominator * Math.sqrt(p * (1 - p) / n + z2n / (4.0 * n));
        double lower = successes == 0 ? 0.0 : Math.max(0.0, centre - half);
        double upper = successes == n ? 1.0 : Math.min(1.0, centre + half);
        return Optional.of(new Interval(lower, upper));
    }
}
