package org.omnireward.core.util;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void durations_read_naturally() {
        assertThat(Durations.format(0)).isEqualTo("0s");
        assertThat(Durations.format(45)).isEqualTo("45s");
        assertThat(Durations.format(59)).isEqualTo("59s");
        assertThat(Durations.format(60)).isEqualTo("1m00s");
        assertThat(Durations.format(185)).isEqualTo("3m05s");
        assertThat(Durations.format(3599)).isEqualTo("59m59s");
        assertThat(Durations.format(3600)).isEqualTo("1h00m");
        assertThat(Durations.format(7380)).isEqualTo("2h03m");
    }

    @Test
    void a_negative_duration_reads_as_zero() {
        assertThat(Durations.format(-5)).isEqualTo("0s");
    }
}
