package org.omnireward.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import org.junit.jupiter.api.Test;

class McNemarTest {

    /** Independent oracle: the exact two-sided p with big integers. */
    private static double exactOracle(int b, int c) {
        int n = b + c;
        int k = Math.min(b, c);
        BigInteger sum = BigInteger.ZERO;
        BigInteger choose = BigInteger.ONE;
        for (int i = 0; i <= k; i++) {
            sum = sum.add(choose);
            choose = choose.multiply(BigInteger.valueOf(n - i)).divide(BigInteger.valueOf(i + 1L));
        }
        BigDecimal p = new BigDecimal(sum.shiftLeft(1))
                .divide(new BigDecimal(BigInteger.ONE.shiftLeft(n)), MathContext.DECIMAL128);
        return Math.min(1.0, p.doubleValue());
    }

    @Test
    void ten_against_two_discordant_pairs_gives_hand_computed_p() {
        // P(X <= 2), X ~ Bin(12, 1/2) = (1 + 12 + 66) / 4096; two-sided: 158 / 4096
        assertThat(McNemar.exactPValue(10, 2)).isCloseTo(158.0 / 4096.0, within(1e-12));
        assertThat(McNemar.exactPValue(10, 2)).isCloseTo(0.0386, within(5e-5));
    }

    @Test
    void is_symmetric_in_b_and_c() {
        assertThat(McNemar.exactPValue(2, 10)).isEqualTo(McNemar.exactPValue(10, 2));
    }

    @Test
    void equal_discordant_counts_give_one() {
        assertThat(McNemar.exactPValue(7, 7)).isEqualTo(1.0);
        assertThat(McNemar.exactPValue(1, 1)).isEqualTo(1.0);
    }

    @Test
    void no_discordant_pairs_give_one() {
        assertThat(McNemar.exactPValue(0, 0)).isEqualTo(1.0);
    }

    @Test
    void all_discordant_pairs_on_one_side() {
        // 2 * (1/2)^5
        assertThat(McNemar.exactPValue(5, 0)).isCloseTo(0.0625, within(1e-15));
    }

    @Test
    void matches_big_integer_oracle_for_moderate_counts() {
        int[][] cases = {{50, 30}, {13, 4}, {300, 260}, {1000, 900}, {40, 41}};
        for (int[] bc : cases) {
            assertThat(McNemar.exactPValue(bc[0], bc[1]))
                    .as("b=%d c=%d", bc[0], bc[1])
                    .isCloseTo(exactOracle(bc[0], bc[1]), within(1e-10));
        }
    }

    @Test
    void large_counts_stay_finite() {
        double balanced = McNemar.exactPValue(500_000, 500_100);
        assertThat(balanced).isFinite().isBetween(0.9, 1.0);
        double lopsided = McNemar.exactPValue(2_000_000, 0);
        assertThat(lopsided).isNotNaN().isEqualTo(0.0);
        double mid = McNemar.exactPValue(100_000, 90_000);
        assertThat(mid).isNotNaN().isGreaterThan(0.0).isLessThan(1e-9);
    }

    @Test
    void rejects_negative_counts() {
        assertThatThrownBy(() -> McNemar.exactPValue(-1, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
