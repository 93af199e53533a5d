package org.omnireward.bench.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WilsonTest {

    @Test
    void eight_of_ten_gives_the_textbook_interval() {
        Wilson.Interval ci = Wilson.interval95(8, 10).orElseThrow();
        assertThat(ci.lower()).isCloseTo(0.4902, within(1e-4));
        assertThat(ci.upper()).isCloseTo(0.9433, within(1e-4));
    }

    @Test
    void half_of_a_hundred_is_symmetric_around_one_half() {
        Wilson.Interval ci = Wilson.interval95(50, 100).orElseThrow();
        assertThat(ci.lower()).isCloseTo(0.4038, within(1e-4));
        assertThat(ci.upper()).isCloseTo(0.5962, within(1e-4));
        assertThat(ci.lower() + ci.upper()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void extremes_stay_inside_zero_and_one_with_a_nonzero_width() {
        Wilson.Interval none = Wilson.interval95(0, 10).orElseThrow();
        assertThat(none.lower()).isEqualTo(0.0);
        assertThat(none.upper()).isCloseTo(0.2775, within(1e-4));
        Wilson.Interval all = Wilson.interval95(10, 10).orElseThrow();
        assertThat(all.upper()).isEqualTo(1.0);
        assertThat(all.lower()).isCloseTo(0.7225, within(1e-4));
    }

    @Test
    void mirrored_counts_give_mirrored_intervals() {
        for (int n = 1; n <= 40; n++) {
            for (int k = 0; k <= n; k++) {
                Wilson.Interval a = Wilson.interval95(k, n).orElseThrow();
                Wilson.Interval b = Wilson.interval95(n - k, n).orElseThrow();
                assertThat(a.lower()).isCloseTo(1 - b.upper(), within(1e-12));
                assertThat(a.lower()).isLessThanOrEqualTo((double) k / n);
                assertThat(a.upper()).isGreaterThanOrEqualTo((double) k / n);
            }
        }
    }

    @Test
    void no_samples_give_no_interval() {
        assertThat(Wilson.interval95(0, 0)).isEmpty();
    }

    @Test
    void rejects_impossible_counts() {
        assertThatThrownBy(() -> Wilson.interval95(11, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("11/10");
        assertThatThrownBy(() -> Wilson.interval95(-1, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Wilson.interval(1, 10, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
