package org.omnireward.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.InvalidInputException;

class BearerTokenTest {

    private static final String SECRET = "s3cret-token-abcdef-0123";

    @Test
    void matches_only_the_exact_token_in_a_bearer_header() {
        BearerToken t = BearerToken.of(SECRET, "test");
        assertThat(t.matchesHeader("Bearer " + SECRET)).isTrue();
        assertThat(t.matchesHeader("bearer " + SECRET)).isTrue();
        assertThat(t.matchesHeader("Bearer " + SECRET + "x")).isFalse();
        assertThat(t.matchesHeader("Bearer " + SECRET.substring(1))).isFalse();
        assertThat(t.matchesHeader("Basic " + SECRET)).isFalse();
        assertThat(t.matchesHeader(SECRET)).isFalse();
        assertThat(t.matchesHeader(null)).isFalse();
        assertThat(t.matchesHeader("Bearer")).isFalse();
    }

    @Test
    void reads_a_file_without_its_final_newline_and_never_prints_the_secret(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("token");
        Files.writeString(f, SECRET + "\n");
        BearerToken t = BearerToken.fromFile(f);
        assertThat(t.matches(SECRET)).isTrue();
        assertThat(t.toString()).doesNotContain(SECRET).contains("redacted");
    }

    @Test
    void refuses_short_empty_multiline_and_missing_tokens_without_repeating_them(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> BearerToken.of("abc123", "env"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("at least 16")
                .hasMessageNotContaining("abc123");
        assertThatThrownBy(() -> BearerToken.of("  ", "env")).hasMessageContaining("empty");
        assertThatThrownBy(() -> BearerToken.of("has a space in the middle", "env"))
                .hasMessageContaining("whitespace")
                .hasMessageNotContaining("middle");
        Path two = dir.resolve("two");
        Files.writeString(two, SECRET + "\nsecond-line-secret-123\n");
        assertThatThrownBy(() -> BearerToken.fromFile(two))
                .hasMessageContaining("more than one line")
                .hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> BearerToken.fromFile(dir.resolve("missing"))).hasMessageContaining("no such file");
    }
}
