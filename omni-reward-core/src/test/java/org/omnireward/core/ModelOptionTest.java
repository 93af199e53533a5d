package org.omnireward.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelOptionTest {

    private static void assertRefused(ModelOption o, String value, String... fragments) {
        var a = assertThatThrownBy(() -> o.validate("judge:x", value))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'" + o.name() + "'")
                .hasMessageContaining("'judge:x'")
                .hasMessageContaining("'" + value + "'");
        for (String f : fragments) {
            a.hasMessageContaining(f);
        }
    }

    @Test
    void a_string_accepts_anything() {
        ModelOption o = ModelOption.of("prefix", ModelOption.Type.STRING, null, "");
        assertThatCode(() -> o.validate("m", "")).doesNotThrowAnyException();
        assertThatCode(() -> o.validate("m", "any text, really")).doesNotThrowAnyException();
    }

    @Test
    void an_integer_accepts_whole_numbers_and_refuses_others_naming_model_option_and_value() {
        ModelOption o = ModelOption.of("seed", ModelOption.Type.INTEGER, "0", "seeds");
        assertThatCode(() -> o.validate("m", " -12 ")).doesNotThrowAnyException();
        assertRefused(o, "1.5", "whole number");
        assertRefused(o, "abc", "whole number");
        assertRefused(o, "", "whole number");
    }

    @Test
    void a_decimal_accepts_finite_numbers_only() {
        ModelOption o = ModelOption.of("temperature", ModelOption.Type.DECIMAL, "0", "");
        assertThatCode(() -> o.validate("m", "0.7")).doesNotThrowAnyException();
        assertThatCode(() -> o.validate("m", "-3")).doesNotThrowAnyException();
        assertRefused(o, "warm", "must be a number");
        assertRefused(o, "NaN", "must be a number");
        assertRefused(o, "Infinity", "must be a number");
    }

    @Test
    void a_boolean_accepts_true_or_false_in_any_case() {
        ModelOption o = ModelOption.of("stream", ModelOption.Type.BOOLEAN, "false", "");
        assertThatCode(() -> o.validate("m", "TRUE")).doesNotThrowAnyException();
        assertThatCode(() -> o.validate("m", " false ")).doesNotThrowAnyException();
        assertRefused(o, "yes", "true or false");
        assertRefused(o, "1", "true or false");
    }

    @Test
    void a_duration_accepts_the_duration_forms_and_refuses_others() {
        ModelOption o = ModelOption.of("timeout", ModelOption.Type.DURATION, "30s", "");
        for (String ok : List.of("250ms", "30s", "2m", "1h", "1.5", "PT30S", "pt1m")) {
            assertThatCode(() -> o.validate("m", ok)).as(ok).doesNotThrowAnyException();
        }
        assertThatThrownBy(() -> o.validate("judge:x", "soon"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'timeout'")
                .hasMessageContaining("'judge:x'")
                .hasMessageContaining("'soon'")
                .hasMessageContaining("duration");
    }

    @Test
    void a_choice_accepts_only_its_values_and_lists_them() {
        ModelOption o = ModelOption.choice("detail", "auto", "", "low", "high", "auto");
        assertThatCode(() -> o.validate("m", "high")).doesNotThrowAnyException();
        assertRefused(o, "medium", "low, high, auto");
    }

    @Test
    void a_choice_needs_values() {
        assertThatThrownBy(() -> ModelOption.choice("detail", null, ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("detail");
    }

    @Test
    void a_list_checks_each_element_against_its_choices_when_it_has_some() {
        ModelOption free = ModelOption.of("stop", ModelOption.Type.LIST, null, "");
        assertThatCode(() -> free.validate("m", "a,b,anything")).doesNotThrowAnyException();
        ModelOption o = new ModelOption("tasks", ModelOption.Type.LIST, null, "", List.of("t2t", "ti2t"));
        assertThatCode(() -> o.validate("m", "t2t, ti2t,")).doesNotThrowAnyException();
        assertThatThrownBy(() -> o.validate("judge:x", "t2t,t2v"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'tasks'")
                .hasMessageContaining("'judge:x'")
                .hasMessageContaining("'t2v'")
                .hasMessageContaining("t2t, ti2t");
    }

    @Test
    void an_option_needs_a_name_and_a_type() {
        assertThatThrownBy(() -> ModelOption.of(" ", ModelOption.Type.STRING, null, ""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModelOption.of("x", null, null, "")).isInstanceOf(NullPointerException.class);
    }

    @Test
    void parse_duration_reads_every_documented_form() {
        assertThat(ModelOption.parseDuration("t", "250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(ModelOption.parseDuration("t", "30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(ModelOption.parseDuration("t", "2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(ModelOption.parseDuration("t", "1h")).isEqualTo(Duration.ofHours(1));
        assertThat(ModelOption.parseDuration("t", "1.5")).isEqualTo(Duration.ofMillis(1500));
        assertThat(ModelOption.parseDuration("t", "PT30S")).isEqualTo(Duration.ofSeconds(30));
        assertThat(ModelOption.parseDuration("t", " 0.5s ")).isEqualTo(Duration.ofMillis(500));
        assertThat(ModelOption.parseDuration("t", "0")).isEqualTo(Duration.ZERO);
        assertThat(ModelOption.parseDuration("t", "10MS")).isEqualTo(Duration.ofMillis(10));
    }

    @Test
    void parse_duration_refuses_negative_durations_naming_what_and_the_text() {
        for (String neg : List.of("-1s", "-250ms", "-2", "PT-5S")) {
            assertThatThrownBy(() -> ModelOption.parseDuration("option 'timeout'", neg))
                    .as(neg)
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("option 'timeout'")
                    .hasMessageContaining("negative")
                    .hasMessageContaining("'" + neg + "'");
        }
    }

    @Test
    void parse_duration_refuses_text_that_is_no_duration() {
        for (String bad : List.of("", "soon", "5 minutes", "1.5ms", "P", "s")) {
            assertThatThrownBy(() -> ModelOption.parseDuration("option 'timeout'", bad))
                    .as("'%s'", bad)
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("option 'timeout'")
                    .hasMessageContaining("30s, 500ms or 2m");
        }
        assertThatThrownBy(() -> ModelOption.parseDuration("x", null)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void describe_shows_the_type_or_choices_the_default_and_the_help() {
        assertThat(ModelOption.of("seed", ModelOption.Type.INTEGER, "0", "seeds the draws")
                        .describe())
                .isEqualTo("seed=<integer> (default 0)  seeds the draws");
        assertThat(ModelOption.choice("detail", null, null, "low", "high").describe())
                .isEqualTo("detail=low|high");
    }
}
