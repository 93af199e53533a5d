package org.omnireward.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.Preference;

class LabelPlanTest {

    @Test
    void plan_has_about_one_tie_in_six_and_balanced_sides() {
        for (int n = 1; n <= 60; n++) {
            List<Preference> labels = DemoBenchmark.plan(n, new Random(n));
            int ties = Collections.frequency(labels, Preference.TIE);
            int r1 = Collections.frequency(labels, Preference.RESPONSE1);
            int r2 = Collections.frequency(labels, Preference.RESPONSE2);
            assertThat(labels).hasSize(n);
            assertThat(Math.abs(r1 - r2)).as("n=%d", n).isLessThanOrEqualTo(1);
            if (n >= 3) {
                assertThat(ties).as("n=%d", n).isBetween(1, (int) Math.ceil(n / 5.0));
            } else {
                assertThat(ties).isZero();
            }
        }
    }

    @Test
    void plan_order_depends_on_the_random_source() {
        assertThat(DemoBenchmark.plan(24, new Random(1))).isEqualTo(DemoBenchmark.plan(24, new Random(1)));
        assertThat(DemoBenchmark.plan(24, new Random(1))).isNotEqualTo(DemoBenchmark.plan(24, new Random(2)));
    }

    @Test
    void rejects_a_sample_count_out_of_range(@TempDir Path dir) {
        assertThatThrownBy(() -> DemoBenchmark.create(dir.resolve("demo"), 0, 0, false))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("between 1 and");
    }

    @Test
    void file_names_follow_the_official_long_names() {
        assertThat(DemoBenchmark.fileName(org.omnireward.core.Task.T23D)).isEqualTo("text_to_3D_preferences.json");
        assertThat(DemoBenchmark.fileName(org.omnireward.core.Task.TI2I))
                .isEqualTo("text_image_to_image_preferences.json");
    }
}
