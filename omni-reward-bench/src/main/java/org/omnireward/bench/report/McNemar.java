package org.omnireward.bench.report;

/**
 * McNemar's exact test for two classifiers scored on the same samples: a two-sided binomial test on
 * the discordant pairs. With b samples only the first got right and c only the second got right,
 * p = min(1, 2·P(X ≤ min(b, c))) for X ~ Bin(b + c, 1/2). Computed in log space so that large
 * counts give a tiny p (possibly 0.0) rather than NaN or infinity.
 */
public final class McNemar {

    private McNemar() {}

    /**
     * The two-sided exact p-value.
     *
     * @param b samples the first run got right and the second wrong
     * @param c samples the first run got wrong and the second right
     * @return p in [0, 1]; 1.0 when there are no discordant pairs
     */
    public static double exactPValue(int b, int c) {
        if (b < 0 || c < 0) {
            throw new IllegalArgumentException("discordant counts must be non-negative: b=" + b + ", c=" + c);
        }
        long n = (long) b + c;
        if (n == 0) {
            return 1.0;
        }
        int k = Math.min(b, c);
        // log P(X ≤ k) = log Σ_{i=0..k} C(n, i) − n·log 2, summed with log-sum-exp.
        // log C(n, i) is built incrementally; the largest term is the last (i = k ≤ n/2).
        double[] logTerms = new double[k + 1];
        double logC = 0.0;
        for (int i = 0; i <= k; i++) {
            logTerms[i] = logC;
            logC += Math.log(n - i) - Math.log(i + 1.0);
        }
        double max = logTerms[k];
        double sum = 0.0;
        for (double t : logTerms) {
            sum += Math.exp(t - max);
        }
        double logTail = max + Math.log(sum) - n * Math.log(2.0);
        double p = Math.exp(Math.log(2.0) + logTail);
        return Math.min(1.0, p);
    }
}
