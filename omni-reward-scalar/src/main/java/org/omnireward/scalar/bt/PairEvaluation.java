package org.omnireward.scalar.bt;

import java.util.function.IntPredicate;

/**
 * A head's results on a set of pairs.
 *
 * @param pairs non-tie pairs evaluated
 * @param tiesSkipped tie pairs left out
 * @param loss mean Bradley–Terry loss over the non-tie pairs (with the training margin)
 * @param accuracy fraction of non-tie pairs with r(chosen) &gt; r(rejected); an exact tie counts ½
 * @param differences r(chosen) − r(rejected) per pair index of the source; NaN for ties
 */
public record PairEvaluation(int pairs, int tiesSkipped, double loss, double accuracy, double[] differences) {

    /**
     * Accuracy over the non-tie pairs whose source index satisfies {@code include} (for instance the
     * length-balanced subset), or NaN when none does.
     */
    public double accuracyOn(IntPredicate include) {
        double correct = 0;
        int n = 0;
        for (int i = 0; i < differences.length; i++) {
            if (!Double.isNaN(differences[i]) && include.test(i)) {
                n++;
                correct += credit(differences[i]);
            }
        }
        return n == 0 ? Double.NaN : correct / n;
    }

    /** How many non-tie pairs satisfy {@code include}. */
    public int countOn(IntPredicate include) {
        int n = 0;
        for (int i = 0; i < differences.length; i++) {
            if (!Double.isNaN(differences[i]) && include.test(i)) {
                n++;
            }
        }
        return n;
    }

    static double credit(double difference) {
        return difference > 0 ? 1.0 : difference == 0 ? 0.5 : 0.0;
    }
}
