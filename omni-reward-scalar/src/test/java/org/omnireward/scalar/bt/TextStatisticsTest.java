package org.omnireward.scalar.bt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TextStatisticsTest {

    private static float stat(String text, String name) {
        return TextStatistics.of(text)[TextStatistics.NAMES.indexOf(name)];
    }

    @Test
    void blank_text_gives_all_zeros() {
        assertThat(TextStatistics.of("   \n\t")).containsOnly(0f);
        assertThat(TextStatistics.of("")).hasSize(TextStatistics.COUNT).containsOnly(0f);
    }

    @Test
    void length_statistics_grow_logarithmically_with_characters_and_words() {
        assertThat(stat("one two three", "log_chars")).isCloseTo((float) (Math.log1p(13) / 8), within(1e-6f));
        assertThat(stat("one two three", "log_words")).isCloseTo((float) (Math.log1p(3) / 6), within(1e-6f));
        assertThat(stat("word ".repeat(200), "log_chars")).isGreaterThan(stat("word ".repeat(20), "log_chars"));
        // code points, not UTF-16 units
        assertThat(stat("😀😀", "log_chars")).isCloseTo((float) (Math.log1p(2) / 8), within(1e-6f));
    }

    @Test
    void counts_list_lines_of_bullets_and_enumerations_among_non_blank_lines() {
        String text = "Steps:\n\n- first\n* second\n2. third\n3) fourth\na) fifth\n-not a bullet\n";

        assertThat(stat(text, "list_line_fraction")).isCloseTo(5f / 7, within(1e-6f));
        assertThat(stat("plain prose. nothing else.", "list_line_fraction")).isZero();
    }

    @Test
    void detects_code_blocks_headings_and_paragraphs() {
        String text = "# Title\n\nSome text.\n\n```java\nint x;\n```\n";

        assertThat(stat(text, "has_code_block")).isEqualTo(1f);
        assertThat(stat("no code here", "has_code_block")).isZero();
        assertThat(stat(text, "heading_line_fraction")).isCloseTo(1f / 5, within(1e-6f));
        assertThat(stat(text, "log_paragraphs")).isCloseTo((float) (Math.log1p(3) / 3), within(1e-6f));
    }

    @Test
    void question_fraction_counts_sentence_ends_and_runs_once() {
        assertThat(stat("Why? Because. Really?!", "question_fraction")).isCloseTo(1f / 3, within(1e-6f));
        assertThat(stat("no terminator", "question_fraction")).isZero();
        assertThat(stat("a b c d. e f.", "log_words_per_sentence"))
                .isCloseTo((float) (Math.log1p(3) / 4), within(1e-6f));
    }
}
