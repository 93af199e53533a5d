package org.omnireward.scalar.bt;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Feature pairs for trainer tests, labelled by a hidden linear rule. */
final class SyntheticPairs {

    static final FeatureSpec SPEC = FeatureSpec.v1(4);
    static final HeadShape SHAPE = HeadShape.forFeatures(SPEC, 8, Activation.GELU);

    private SyntheticPairs() {}

    /**
     * {@code n} pairs whose chosen side has the larger u·f for a fixed random u; {@code flipRate} of
     * them are mislabelled; {@code ties} extra tie pairs are appended.
     */
    static List<FeaturePair> linear(int n, long seed, double flipRate, int ties) {
        Random hidden = new Random(99);
        int f = SPEC.dimension();
        double[] u = new double[f];
        for (int i = 0; i < f; i++) {
            u[i] = hidden.nextGaussian();
        }
        Random r = new Random(seed);
        List<FeaturePair> out = new ArrayList<>();
        for (int k = 0; k < n + ties; k++) {
            float[] a = new float[f];
            float[] b = new float[f];
            for (int i = 0; i < f; i++) {
                a[i] = (float) r.nextGaussian();
                b[i] = (float) r.nextGaussian();
            }
            if (k >= n) {
                out.add(new FeaturePair("tie-" + k, a, b, true));
                continue;
            }
            boolean aWins = dot(u, a) > dot(u, b);
            if (r.nextDouble() < flipRate) {
                aWins = !aWins;
            }
            out.add(FeaturePair.of("g" + k, aWins ? a : b, aWins ? b : a));
        }
        return out;
    }

    static FeaturePairList source(List<FeaturePair> pairs) {
        return FeaturePairList.of(pairs, SPEC.dimension());
    }

    private static double dot(double[] u, float[] x) {
        double s = 0;
        for (int i = 0; i < u.length; i++) {
            s += u[i] * x[i];
        }
        return s;
    }
}
