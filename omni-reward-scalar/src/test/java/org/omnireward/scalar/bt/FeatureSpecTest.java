package org.omnireward.scalar.bt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.omnireward.core.InvalidInputException;

class FeatureSpecTest {

    private final FeatureSpec spec = FeatureSpec.v1(2);

    @Test
    void lays_out_criterion_response_interactions_cosines_and_statistics() {
        float[] c = {3, 4}; // normalised: 0.6, 0.8
        float[] x = {0, 2}; // 0, 1
        float[] y = {1, 0}; // 1, 0
        String text = "- one\n- two";

        float[] f = spec.features(c, x, y, text);

        assertThat(spec.dimension()).isEqualTo(4 * 2 + 2 + 8).isEqualTo(f.length);
        double r = Math.sqrt(2);
        assertThat(f[0]).isCloseTo((float) (r * 0.6), within(1e-6f)); // √d·ĉ
        assertThat(f[1]).isCloseTo((float) (r * 0.8), within(1e-6f));
        assertThat(f[2]).isCloseTo((float) r, within(1e-6f)); // √d·ŷ
        assertThat(f[3]).isEqualTo(0f);
        assertThat(f[4]).isCloseTo(2 * 0.6f, within(1e-6f)); // d·(ĉ⊙ŷ)
        assertThat(f[5]).isEqualTo(0f);
        assertThat(f[6]).isEqualTo(0f); // d·(x̂⊙ŷ)
        assertThat(f[7]).isEqualTo(0f);
        assertThat(f[8]).isCloseTo(0.6f, within(1e-6f)); // cos(c, y)
        assertThat(f[9]).isEqualTo(0f); // cos(x, y)
        float[] stats = TextStatistics.of(text);
        for (int i = 0; i < 8; i++) {
            assertThat(f[spec.statisticsOffset() + i]).isEqualTo(stats[i]);
        }
        assertThat(spec.statisticsOffset()).isEqualTo(10);
        assertThat(spec.criterionOffset()).isZero();
    }

    @Test
    void features_do_not_depend_on_embedding_scale_and_zero_vectors_stay_zero() {
        float[] a = spec.features(new float[] {1, 1}, new float[] {0, 0}, new float[] {2, -1}, "hi");
        float[] b = spec.features(new float[] {7, 7}, new float[] {0, 0}, new float[] {20, -10}, "hi");

        assertThat(a).containsExactly(b);
        assertThat(a[9]).isZero();
    }

    @Test
    void rejects_embeddings_of_the_wrong_length_or_with_non_finite_values() {
        assertThatThrownBy(() -> spec.features(new float[3], new float[2], new float[2], ""))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("criterion embedding has 3 values")
                .hasMessageContaining("expects 2");
        assertThatThrownBy(() -> spec.features(new float[2], new float[2], new float[] {Float.NaN, 0}, ""))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("response embedding holds a non-finite value");
    }

    @Test
    void refuses_a_newer_or_unknown_feature_spec() {
        assertThat(FeatureSpec.forVersion("bt-features", 1, 8).dimension()).isEqualTo(42);
        assertThatThrownBy(() -> FeatureSpec.forVersion("bt-features", 2, 8))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("newer omni-reward")
                .hasMessageContaining("upgrade");
        assertThatThrownBy(() -> FeatureSpec.forVersion("other", 1, 8))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown feature spec 'other'");
    }
}
