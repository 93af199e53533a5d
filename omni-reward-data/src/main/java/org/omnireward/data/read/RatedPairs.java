package org.omnireward.data.read;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.ToDoubleFunction;

/**
 * Pairs made from rated candidates of one group (the summaries of one article, the translations of one segment, the
 * answers to one question): every two whose ratings differ by at least a gap make a pair, the better-rated one chosen.
 * The readers of rated human evaluations share it.
 */
public final class RatedPairs {

    private RatedPairs() {}

    /**
     * Calls {@code pair} with (chosen, rejected) for every two candidates, the i-th before the j-th for i &lt; j, whose
     * ratings differ by {@code minGap} or more (allowing 1e-9 for rounding). A higher rating is better (pass the
     * negated score where lower is better); of two equal ratings (a gap of 0) the later candidate is chosen. A
     * candidate rated NaN (not rated) makes no pair.
     */
    public static <T> void forEach(
            List<T> candidates, ToDoubleFunction<T> rating, double minGap, BiConsumer<T, T> pair) {
        for (int i = 0; i < candidates.size(); i++) {
            for (int j = i + 1; j < candidates.size(); j++) {
                T a = candidates.get(i);
                T b = candidates.get(j);
                double ra = rating.applyAsDouble(a);
                double rb = rating.applyAsDouble(b);
                if (Double.isNaN(ra) || Double.isNaN(rb) || Math.abs(ra - rb) < minGap - 1e-9) {
                    continue;
                }
                if (ra > rb) {
                    pair.accept(a, b);
                } else {
                    pair.accept(b, a);
                }
            }
        }
    }
}
