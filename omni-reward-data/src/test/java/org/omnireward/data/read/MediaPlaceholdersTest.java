package org.omnireward.data.read;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.omnireward.core.Modality;

class MediaPlaceholdersTest {

    @Test
    void strip_removes_placeholders_and_only_the_one_blank_that_goes_with_each() {
        assertThat(MediaPlaceholders.strip("<image>Who are they?")).isEqualTo("Who are they?");
        assertThat(MediaPlaceholders.strip("<image>\nWho?")).isEqualTo("Who?");
        assertThat(MediaPlaceholders.strip("<image><image>\n  Who?")).isEqualTo("  Who?");
        assertThat(MediaPlaceholders.strip("<image>\n<image>\nWho?")).isEqualTo("Who?");
        assertThat(MediaPlaceholders.strip("What are they doing?<image>")).isEqualTo("What are they doing?");
        assertThat(MediaPlaceholders.strip("Compare <video> and this.\n")).isEqualTo("Compare  and this.\n");
        assertThat(MediaPlaceholders.strip("<audio>")).isEmpty();
        for (String text : new String[] {"  x ", "\nx\n", "x", " <\u200Bimage> "}) {
            assertThat(MediaPlaceholders.strip("<image>\n" + text))
                    .as("export then read of %s", text)
                    .isEqualTo(text);
        }
    }

    @Test
    void escaped_placeholders_are_not_counted_and_come_back() {
        String s = "Use <video> and <image> tags; <img> stays.";
        String e = MediaPlaceholders.escape(s);
        assertThat(MediaPlaceholders.count(e, Modality.VIDEO)).isZero();
        assertThat(MediaPlaceholders.any(e)).isFalse();
        assertThat(MediaPlaceholders.unescape(e)).isEqualTo(s);
        assertThat(MediaPlaceholders.escape("no tags")).isSameAs("no tags");
        assertThat(MediaPlaceholders.count("<image><image> <image>", Modality.THREE_D))
                .isEqualTo(3);
    }
}
