package org.omnireward.scalar.bt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.Response;
import org.omnireward.core.RewardModel;
import org.omnireward.core.RewardModels;
import org.omnireward.core.ScalarRewardModel;
import org.omnireward.core.ScoringRequest;
import org.omnireward.core.Task;
import org.omnireward.scalar.encode.EmbeddingCache;

/**
 * {@code --model embedded}: the shipped model found through {@link RewardModels}. With its weights
 * in the build (class-path resources {@value EmbeddedProvider#RESOURCE_DIR}{manifest.json,
 * weights.bin}) it loads with the MiniLM encoder and its criterion decides between a short and a
 * long answer; without them it says so in one line. The embedding cache is pointed into a
 * temporary folder.
 */
class EmbeddedProviderIT {

    @TempDir
    static Path tmp;

    private static String previousCacheDir;

    @BeforeAll
    static void useTemporaryCache() {
        previousCacheDir = System.getProperty(EmbeddingCache.DIRECTORY_PROPERTY);
        System.setProperty(
                EmbeddingCache.DIRECTORY_PROPERTY, tmp.resolve("cache").toString());
    }

    @AfterAll
    static void restoreCacheDirectory() {
        if (previousCacheDir == null) {
            System.clearProperty(EmbeddingCache.DIRECTORY_PROPERTY);
        } else {
            System.setProperty(EmbeddingCache.DIRECTORY_PROPERTY, previousCacheDir);
        }
    }

    private static boolean weightsInBuild() {
        return EmbeddedProvider.class.getResource(EmbeddedProvider.RESOURCE_DIR + BtModelFiles.MANIFEST) != null
                && EmbeddedProvider.class.getResource(EmbeddedProvider.RESOURCE_DIR + BtModelFiles.WEIGHTS) != null;
    }

    @Test
    void takes_no_argument() {
        assertThatThrownBy(() -> RewardModels.create("embedded:v2"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("embedded takes no argument");
    }

    @Test
    void without_its_weights_in_the_build_says_which_resource_is_missing() {
        String absent = "/org/omnireward/scalar/no-such-model/";
        assertThatThrownBy(() -> EmbeddedProvider.extract(absent))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("embedded model is missing from this build")
                .hasMessageContaining(absent + BtModelFiles.MANIFEST);
    }

    @Test
    void the_shipped_weights_are_in_the_build() {
        assertThat(weightsInBuild())
                .as("manifest.json and weights.bin under " + EmbeddedProvider.RESOURCE_DIR)
                .isTrue();
    }

    @Test
    void loads_the_shipped_weights_and_its_criterion_decides_between_a_short_and_a_long_answer() {
        String prompt = "Explain what a rainbow is.";
        String shortAnswer = "Sunlight split into colours by raindrops.";
        String longAnswer = "A rainbow appears when sunlight enters raindrops, bends as it passes from air into water, "
                + "reflects off the back of each drop and bends again on the way out. Because each colour bends by a "
                + "slightly different amount, white light spreads into its colours, from red on the outside to violet "
                + "on the inside. You see one when the sun is behind you and rain is in front of you, and sometimes a "
                + "fainter second bow appears outside the first with its colours reversed.";
        try (RewardModel model = RewardModels.create("embedded")) {
            assertThat(model.name()).isEqualTo("embedded");
            assertThat(model.supportedTasks()).contains(Task.T2T).doesNotContain(Task.T2I);
            ScalarRewardModel scalar = (ScalarRewardModel) model;
            double[] concise = scalar.scores(List.of(
                    request("Prefer the concise answer.", prompt, shortAnswer),
                    request("Prefer the concise answer.", prompt, longAnswer)));
            double[] detailed = scalar.scores(List.of(
                    request("Prefer the detailed, thorough answer.", prompt, shortAnswer),
                    request("Prefer the detailed, thorough answer.", prompt, longAnswer)));
            assertThat(concise[0])
                    .as("concise criterion: short answer over long")
                    .isGreaterThan(concise[1]);
            assertThat(detailed[1])
                    .as("detailed criterion: long answer over short")
                    .isGreaterThan(detailed[0]);
        }
    }

    private static ScoringRequest request(String criteria, String prompt, String response) {
        return new ScoringRequest(Task.T2T, criteria, prompt, List.of(), Response.text(response));
    }
}
