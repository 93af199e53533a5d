package org.omnireward.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelSpecOptionsTest {

    private static ModelSpec spec(String key, String value) {
        return ModelSpec.parse("m", Map.of(key, value));
    }

    @Test
    void boolean_option_reads_true_and_false_in_any_case_and_falls_back_when_unset() {
        assertThat(spec("stream", " TRUE ").booleanOption("stream", false)).isTrue();
        assertThat(spec("stream", "False").booleanOption("stream", true)).isFalse();
        assertThat(ModelSpec.parse("m").booleanOption("stream", true)).isTrue();
        assertThatThrownBy(() -> spec("stream", "yes").booleanOption("stream", false))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'stream'")
                .hasMessageContaining("'yes'")
                .hasMessageContaining("true or false");
    }

    @Test
    void duration_option_reads_the_duration_forms_and_falls_back_when_unset() {
        assertThat(spec("timeout", "2m").durationOption("timeout", Duration.ZERO))
                .isEqualTo(Duration.ofMinutes(2));
        assertThat(spec("timeout", "PT1S").durationOption("timeout", Duration.ZERO))
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(ModelSpec.parse("m").durationOption("timeout", Duration.ofSeconds(7)))
                .isEqualTo(Duration.ofSeconds(7));
        assertThatThrownBy(() -> spec("timeout", "later").durationOption("timeout", Duration.ZERO))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'timeout'")
                .hasMessageContaining("'later'");
        assertThatThrownBy(() -> spec("timeout", "-1s").durationOption("timeout", Duration.ZERO))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("negative");
    }

    @Test
    void double_option_reads_numbers_and_falls_back_when_unset() {
        assertThat(spec("temperature", " 0.25 ").doubleOption("temperature", 1)).isEqualTo(0.25);
        assertThat(ModelSpec.parse("m").doubleOption("temperature", 1.5)).isEqualTo(1.5);
        assertThatThrownBy(() -> spec("temperature", "hot").doubleOption("temperature", 1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'temperature'")
                .hasMessageContaining("'hot'")
                .hasMessageContaining("number");
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
