package org.omnireward.scalar.bt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A model directory written by format version 1 (committed under src/test/resources/bt-format-v1,
 * generated once by {@link FormatV1Fixture#main}) must keep loading and scoring the same forever.
 * If this test fails, a change broke old model files (or feature spec v1): bump the format or the
 * feature spec version and keep reading version 1 instead of editing the expected values.
 */
class FormatV1CompatibilityTest {

    /** Printed by {@link FormatV1Fixture#main} when the resource was generated. */
    static final double[] EXPECTED = {
        -0.4063657287062478,
        -0.6717750312064585,
        -0.9955407499404708,
        -0.5297304040681067,
        -1.2995293488240742,
        1.354285736703495,
    };

    private static Path resource() throws Exception {
        return Path.of(FormatV1CompatibilityTest.class
                .getResource(FormatV1Fixture.RESOURCE)
                .toURI());
    }

    @Test
    void a_version_1_model_directory_still_loads_with_its_manifest() throws Exception {
        BtModel model = BtModelFiles.load(resource(), new FormatV1Fixture.FixtureEncoder());

        BtManifest m = model.manifest();
        assertThat(m.formatVersion()).isEqualTo(1);
        assertThat(m.encoderId()).isEqualTo("fixture-sine-encoder@1");
        assertThat(m.encoderDimension()).isEqualTo(4);
        assertThat(m.featureSpecId()).isEqualTo("bt-features");
        assertThat(m.featureSpecVersion()).isEqualTo(1);
        assertThat(m.head()).isEqualTo(new HeadShape(26, 3, Activation.GELU, 0, 4, 18, 8));
        assertThat(m.head().parameterCount()).isEqualTo(116);
        assertThat(m.seed()).isEqualTo(20250101L);
        assertThat(m.training().maxEpochs()).isEqualTo(20);
        assertThat(m.counts()).containsEntry("train_pairs", 120L);
        assertThat(m.validation()).containsEntry("accuracy", 1.0);
        assertThat(m.createdAt()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
        assertThat(model.head().isFinite()).isTrue();
    }

    @Test
    void a_version_1_model_directory_scores_exactly_as_when_it_was_written() throws Exception {
        BtRewardModel model = BtRewardModel.load(resource(), new FormatV1Fixture.FixtureEncoder());

        double[] scores = model.scores(FormatV1Fixture.requests());

        assertThat(scores).hasSize(EXPECTED.length);
        for (int i = 0; i < scores.length; i++) {
            // identical up to summation order (1e-12), should the forward pass ever be reorganised
            assertThat(scores[i]).as("score %d", i).isCloseTo(EXPECTED[i], within(1e-12));
        }
        // and the model it holds still follows the criterion on its fixture pair
        assertThat(scores[0]).isGreaterThan(scores[1]);
        assertThat(scores[3]).isGreaterThan(scores[2]);
    }
}
