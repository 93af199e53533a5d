package org.omnireward.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelSpecOptionsTest {

    @Test
    void options_are_kept_trimmed_as_the_user_wrote_them() {
        ModelSpec s = ModelSpec.parse("m", Map.of(" timeout ", " 2m "));
        assertThat(s.option("timeout")).contains("2m");
        assertThat(s.option("other")).isEmpty();
    }

    @Test
    void with_option_adds_an_option_and_keeps_the_others() {
        ModelSpec s = ModelSpec.parse("bt:models/x", Map.of("a", "1")).withOption("b", "2");
        assertThat(s.options()).containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "b", "2"));
        assertThat(s.provider()).isEqualTo("bt");
        assertThat(s.argument()).isEqualTo("models/x");
        assertThat(s).hasToString("bt:models/x");
    }
}
