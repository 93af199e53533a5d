package org.omnireward.scalar.encode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextsTest {

    @Test
    void replaces_unpaired_surrogates_and_keeps_pairs() {
        String emoji = "\uD83D\uDE00";
        assertThat(Texts.replaceUnpairedSurrogates("a\uD800b")).isEqualTo("a\uFFFDb");
        assertThat(Texts.replaceUnpairedSurrogates("a\uDC00")).isEqualTo("a\uFFFD");
        assertThat(Texts.replaceUnpairedSurrogates("\uD800")).isEqualTo("\uFFFD");
        assertThat(Texts.replaceUnpairedSurrogates("\uDC00\uD800")).isEqualTo("\uFFFD\uFFFD");
        assertThat(Texts.replaceUnpairedSurrogates(emoji + "\uD800" + emoji)).isEqualTo(emoji + "\uFFFD" + emoji);
        String clean = "plain " + emoji;
        assertThat(Texts.replaceUnpairedSurrogates(clean)).isSameAs(clean);
    }

    @Test
    void replaced_text_round_trips_through_utf8() {
        String fixed = Texts.replaceUnpairedSurrogates("x\uDBFFy\uDC00z");
        assertThat(new String(fixed.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .isEqualTo(fixed);
    }

    @Test
    void prefix_never_splits_a_surrogate_pair() {
        String emoji = "\uD83D\uDE00";
        assertThat(Texts.prefix("ab" + emoji, 3)).isEqualTo("ab");
        assertThat(Texts.prefix("ab" + emoji, 4)).isEqualTo("ab" + emoji);
        assertThat(Texts.prefix("abcdef", 4)).isEqualTo("abcd");
        assertThat(Texts.prefix("abc", 10)).isEqualTo("abc");
    }

    @Test
    void finds_ascii_letters_and_digits_only() {
        assertThat(Texts.hasAsciiLetterOrDigit("  ...7")).isTrue();
        assertThat(Texts.hasAsciiLetterOrDigit("日本 !?")).isFalse();
        assertThat(Texts.hasAsciiLetterOrDigit("")).isFalse();
    }
}
