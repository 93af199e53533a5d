package org.omnireward.core.util;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTest {

    @Test
    void escapes_all_five_characters() {
        assertThat(Html.escape("<a href=\"x\" title='y'>&</a>"))
                .isEqualTo("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
        assertThat(Html.escape("&")).isEqualTo("&amp;");
        assertThat(Html.escape("tail <")).isEqualTo("tail &lt;");
    }

    @Test
    void null_becomes_the_empty_string() {
        assertThat(Html.escape(null)).isEmpty();
    }

    @Test
    void text_with_nothing_to_escape_is_returned_as_the_same_instance() {
        String s = new String("plain text, ünïcödé, 1 + 1 = 2");
        assertThat(Html.escape(s)).isSameAs(s);
        String empty = new String("");
        assertThat(Html.escape(empty)).isSameAs(empty);
    }

    @Test
    void an_escaped_string_is_escaped_again_when_asked() {
        assertThat(Html.escape("&amp;")).isEqualTo("&amp;amp;");
    }
}
