package org.omnireward.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WarmupCosineScheduleTest {

    @Test
    void warms_up_linearly_then_decays_along_a_cosine_to_the_floor_after_the_last_step() {
        WarmupCosineSchedule s = new WarmupCosineSchedule(1.0, 110, 10, 0.1, false);
        assertThat(s.at(0)).isCloseTo(0.1, within(1e-12));
        assertThat(s.at(4)).isCloseTo(0.5, within(1e-12));
        assertThat(s.at(9)).isCloseTo(1.0, within(1e-12));
        assertThat(s.at(10)).isCloseTo(1.0, within(1e-12));
        assertThat(s.at(60)).isCloseTo(0.55, within(1e-12));
        assertThat(s.at(109)).isGreaterThan(0.1);
        assertThat(s.at(110)).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void a_fraction_of_warm_up_is_rounded_up_and_the_last_step_can_run_at_the_floor() {
        WarmupCosineSchedule s = WarmupCosineSchedule.ofFraction(100, 0.06, 0.0, true);
        assertThat(s.warmupSteps()).isEqualTo(6);
        assertThat(s.at(5)).isEqualTo(1.0);
        assertThat(s.at(6)).isEqualTo(1.0);
        assertThat(s.at(99)).isCloseTo(0.0, within(1e-15));
        assertThat(WarmupCosineSchedule.ofFraction(1, 0.0, 0.2, true).at(0)).isCloseTo(0.2, within(1e-15));
    }
}
