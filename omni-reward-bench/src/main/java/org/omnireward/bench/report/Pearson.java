package org.omnireward.bench.report;

import java.util.OptionalDouble;

/** Pearson's correlation coefficient of two equally long samples. */
public final class Pearson {

    /** The fewest points a correlation is computed from. */
    public static final int MIN_POINTS = 3;

    private Pearson() {}

    /**
     * r of x and y, or empty when fewer than {@link #MIN_POINTS} points are given or either side has
     * zero variance (r is then undefined).
     */
    public static OptionalDouble correlation(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("samples differ in length: " + x.length + " vs " + y.length);
        }
        int n = x.length;
        if (n < MIN_POINTS) {
            return OptionalDouble.empty();
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - mx;
            double dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        double scale = Math.max(1.0, Math.max(Math.abs(mx), Math.abs(my)));
        double tiny = 1e-24 * scale * scale * n;
        if (sxx <= tiny || syy <= tiny) {
            return OptionalDouble.empty();
        }
        double r = sxy / Math.sqrt(sxx * syy);
        return OptionalDouble.of(Math.max(-1.0, Math.min(1.0, r)));
    }
}
