package org.omnireward.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PearsonTest {

    @Test
    void matches_hand_computed_example() {
        // x mean 2, y mean 13/3; sxy = 5, sxx = 2, syy = 114/9 → r = 5 / sqrt(2 · 114/9)
        double expected = 5 / Math.sqrt(2 * 114.0 / 9);
        assertThat(Pearson.correlation(new double[] {1, 2, 3}, new double[] {2, 4, 7})
                        .getAsDouble())
                .isCloseTo(expected, within(1e-12))
                .isCloseTo(0.9934, within(1e-4));
    }

    @Test
    void perfectly_opposite_samples_give_minus_one() {
        assertThat(Pearson.correlation(new double[] {0.5, 0.6, 0.7, 0.8}, new double[] {0.4, 0.3, 0.2, 0.1})
                        .getAsDouble())
                .isCloseTo(-1.0, within(1e-12));
    }

    @Test
    void fewer_than_three_points_is_undefined() {
        assertThat(Pearson.correlation(new double[] {1, 2}, new double[] {3, 5}))
                .isEmpty();
        assertThat(Pearson.correlation(new double[0], new double[0])).isEmpty();
    }

    @Test
    void zero_variance_is_undefined() {
        assertThat(Pearson.correlation(new double[] {0.7, 0.7, 0.7}, new double[] {0.1, 0.5, 0.9}))
                .isEmpty();
        assertThat(Pearson.correlation(new double[] {0.1, 0.5, 0.9}, new double[] {0.3, 0.3, 0.3}))
                .isEmpty();
    }
}
