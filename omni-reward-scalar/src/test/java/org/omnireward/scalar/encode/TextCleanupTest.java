package org.omnireward.scalar.encode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextCleanupTest {

    @Test
    void replaces_unpaired_surrogates_and_keeps_pairs() {
        String emoji = "\uD83D\uDE00";
        assertThat(TextCleanup.replaceUnpairedSurrogates("a\uD800b")).isEqualTo("a\uFFFDb");
        assertThat(TextCleanup.replaceUnpairedSurrogates("a\uDC00")).isEqualTo("a\uFFFD");
        assertThat(TextCleanup.replaceUnpairedSurrogates("\uD800")).isEqualTo("\uFFFD");
        assertThat(TextCleanup.replaceUnpairedSurrogates("\uDC00\uD800")).isEqualTo("\uFFFD\uFFFD");
        assertThat(TextCleanup.replaceUnpairedSurrogates(emoji + "\uD800" + emoji))
                .isEqualTo(emoji + "\uFFFD" + emoji);
        String clean = "plain " + emoji;
        assertThat(TextCleanup.replaceUnpairedSurrogates(clean)).isSameAs(clean);
    }

    @Test
    void replaced_text_round_trips_through_utf8() {
        String fixed = TextCleanup.replaceUnpairedSurrogates("x\uDBFFy\uDC00z");
        assertThat(new String(fixed.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .isEqualTo(fixed);
    }

    @Test
    void prefix_never_splits_a_surrogate_pair() {
        String emoji = "\uD83D\uDE00";
        assertThat(TextCleanup.prefix("ab" + emoji, 3)).isEqualTo("ab");
        assertThat(TextCleanup.prefix("ab" + emoji, 4)).isEqualTo("ab" + emoji);
        assertThat(TextCleanup.prefix("abcdef", 4)).isEqualTo("abcd");
        assertThat(TextCleanup.prefix("abc", 10)).isEqualTo("abc");
    }

    @Test
    void finds_ascii_letters_and_digits_only() {
        assertThat(TextCleanup.hasAsciiLetterOrDigit("  ...7")).isTrue();
        assertThat(TextCleanup.hasAsciiLetterOrDigit("日本 !?")).isFalse();
        assertThat(TextCleanup.hasAsciiLetterOrDigit("")).isFalse();
    }
}
