package org.omnireward.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.omnireward.cli.CliRun.run;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** {@code omni-reward score} output, with the {@code length} scalar model (no encoder needed). */
class ScoreCommandTest {

    @Test
    void text_output_uses_a_decimal_point_whatever_the_default_locale() {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
        try {
            CliRun r = run(
                    "score",
                    "--model",
                    "length",
                    "--prompt",
                    "Name a colour.",
                    "--criteria",
                    "Prefer detail.",
                    "--response",
                    "Red.",
                    "--response",
                    "Red, like a ripe tomato.");

            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out())
                    .containsPattern("response 1: -?\\d+\\.\\d{4}\\R")
                    .containsPattern("response 2: -?\\d+\\.\\d{4}   <- preferred")
                    .doesNotContain(",");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void equal_top_scores_prefer_no_response() throws Exception {
        CliRun text = run(
                "score",
                "--model",
                "length",
                "--prompt",
                "p",
                "--criteria",
                "Prefer detail.",
                "--response",
                "abc",
                "--response",
                "xyz",
                "--response",
                "a");
        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.out())
                .doesNotContain("preferred\n")
                .doesNotContain("<- preferred")
                .contains("no single response preferred: the top scores are equal");

        CliRun json = run(
                "score",
                "--model",
                "length",
                "--prompt",
                "p",
                "--criteria",
                "Prefer detail.",
                "--response",
                "abc",
                "--response",
                "xyz",
                "--json");
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(json.out())
                        .get("preferred")
                        .isNull())
                .isTrue();
    }
}
