package org.omnireward.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelOptionTest {

    private static void assertRefused(ModelOption<?> o, String value, String... fragments) {
        var a = assertThatThrownBy(() -> o.validate("judge:x", value))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'" + o.name() + "'")
                .hasMessageContaining("'judge:x'")
                .hasMessageContaining("'" + value + "'");
        for (String f : fragments) {
            a.hasMessageContaining(f);
        }
    }

    private static ModelSpec spec(String key, String value) {
        return ModelSpec.parse("judge:x", Map.of(key, value));
    }

    @Test
    void a_string_accepts_anything() {
        ModelOption<String> o = ModelOption.text("prefix", "");
        assertThatCode(() -> o.validate("m", "")).doesNotThrowAnyException();
        assertThat(o.get(spec("prefix", " any text, really "))).isEqualTo("any text, really");
    }

    @Test
    void an_integer_accepts_whole_numbers_and_refuses_others_naming_model_option_and_value() {
        ModelOption<Integer> o = ModelOption.integer("seed", "seeds").withDefault(0);
        assertThat(o.get(spec("seed", " -12 "))).isEqualTo(-12);
        assertRefused(o, "1.5", "whole number");
        assertRefused(o, "abc", "whole number");
        assertRefused(o, "", "whole number");
        assertRefused(o, "99999999999", "whole number between -2147483648 and 2147483647");
        assertThat(ModelOption.longInteger("seed", "").get(spec("seed", "99999999999")))
                .isEqualTo(99_999_999_999L);
    }

    @Test
    void a_decimal_accepts_finite_numbers_only() {
        ModelOption<Double> o = ModelOption.decimal("temperature", "");
        assertThat(o.get(spec("temperature", "0.7"))).isEqualTo(0.7);
        assertThat(o.get(spec("temperature", "-3"))).isEqualTo(-3.0);
        assertRefused(o, "warm", "must be a number");
        assertRefused(o, "NaN", "must be a number");
        assertRefused(o, "Infinity", "must be a number");
    }

    @Test
    void a_boolean_accepts_true_or_false_in_any_case() {
        ModelOption<Boolean> o = ModelOption.bool("stream", "").withDefault(false);
        assertThat(o.get(spec("stream", "TRUE"))).isTrue();
        assertThat(o.get(spec("stream", " false "))).isFalse();
        assertRefused(o, "yes", "true or false");
        assertRefused(o, "1", "true or false");
    }

    @Test
    void a_duration_accepts_the_duration_forms_and_refuses_others() {
        ModelOption<Duration> o = ModelOption.duration("timeout", "").withDefault(Duration.ofSeconds(30));
        for (String ok : List.of("250ms", "30s", "2m", "1h", "1.5", "PT30S", "pt1m", "120")) {
            assertThatCode(() -> o.validate("m", ok)).as(ok).doesNotThrowAnyException();
        }
        assertThat(o.get(spec("timeout", "2m"))).isEqualTo(Duration.ofMinutes(2));
        assertThat(o.get(spec("timeout", "2.5"))).isEqualTo(Duration.ofMillis(2500));
        assertRefused(o, "soon", "duration");
        assertRefused(o, "-1s", "negative");
    }

    @Test
    void a_choice_accepts_only_its_values_and_lists_them() {
        ModelOption<String> o = ModelOption.choice("detail", "", "low", "high", "auto");
        assertThat(o.get(spec("detail", "high"))).isEqualTo("high");
        assertRefused(o, "medium", "low, high, auto");
    }

    @Test
    void a_choice_needs_values() {
        assertThatThrownBy(() -> ModelOption.choice("detail", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("detail");
    }

    @Test
    void a_list_checks_each_element_against_its_choices_when_it_has_some() {
        ModelOption<List<String>> free = ModelOption.list("stop", "");
        assertThat(free.get(spec("stop", "a, b,,anything"))).containsExactly("a", "b", "anything");
        ModelOption<List<String>> o = ModelOption.list("tasks", "", "t2t", "ti2t");
        assertThat(o.get(spec("tasks", "t2t, ti2t,"))).containsExactly("t2t", "ti2t");
        assertThatThrownBy(() -> o.validate("judge:x", "t2t,t2v"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'tasks'")
                .hasMessageContaining("'judge:x'")
                .hasMessageContaining("'t2v'")
                .hasMessageContaining("t2t, ti2t");
    }

    @Test
    void an_option_needs_a_name_and_a_type() {
        assertThatThrownBy(() -> ModelOption.text(" ", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModelOption.text(null, "")).isInstanceOf(NullPointerException.class);
    }

    @Test
    void bounds_refuse_values_outside_them_naming_the_bounds() {
        ModelOption<Integer> frames = ModelOption.integer("frames", "").between(1, 64);
        assertThat(frames.get(spec("frames", "64"))).isEqualTo(64);
        assertRefused(frames, "65", "must be between 1 and 64");
        assertRefused(frames, "0", "must be between 1 and 64");
        ModelOption<Integer> parallel = ModelOption.integer("parallel", "").atLeast(1);
        assertRefused(parallel, "0", "must be at least 1");
        ModelOption<Double> temperature = ModelOption.decimal("temperature", "").between(0.0, 2.0);
        assertRefused(temperature, "2.5", "must be between 0 and 2");
        assertThat(temperature.get(spec("temperature", "2"))).isEqualTo(2.0);
        ModelOption<Duration> timeout = ModelOption.duration("timeout", "").above(Duration.ZERO);
        assertRefused(timeout, "0s", "must be more than 0s");
        assertRefused(timeout, "0", "must be more than 0s");
        assertThat(timeout.get(spec("timeout", "1ms"))).isEqualTo(Duration.ofMillis(1));
        assertThatThrownBy(() -> ModelOption.integer("x", "").between(5, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModelOption.bool("x", "").atLeast(true)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void get_gives_the_value_then_the_default_and_find_is_empty_without_either() {
        ModelOption<Integer> withDefault = ModelOption.integer("parallel", "").withDefault(8);
        assertThat(withDefault.get(ModelSpec.parse("m"))).isEqualTo(8);
        assertThat(withDefault.get(spec("parallel", "3"))).isEqualTo(3);
        assertThat(withDefault.given(ModelSpec.parse("m"))).isEmpty();
        int[] computed = {0};
        ModelOption<Integer> computedDefault =
                ModelOption.integer("threads", "").withDefault(() -> ++computed[0], "all cores");
        assertThat(computedDefault.get(ModelSpec.parse("m"))).isEqualTo(1);
        assertThat(computedDefault.defaultText()).contains("all cores");
        ModelOption<Double> none = ModelOption.decimal("temperature", "").withDefaultShownAs("the server's");
        assertThat(none.find(ModelSpec.parse("m"))).isEmpty();
        assertThat(none.hasDefault()).isFalse();
        assertThatThrownBy(() -> none.get(ModelSpec.parse("m")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("find");
        assertThatThrownBy(() -> withDefault.get(spec("parallel", "many")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'parallel'");
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
    void describe_shows_the_type_or_choices_the_default_the_bounds_and_the_help() {
        assertThat(ModelOption.integer("seed", "seeds the draws").withDefault(0).describe())
                .isEqualTo("seed=<integer> (default 0)  seeds the draws");
        assertThat(ModelOption.choice("detail", null, "low", "high").describe()).isEqualTo("detail=low|high");
        assertThat(ModelOption.integer("frames", "frames per video")
                        .between(1, 64)
                        .withDefaultShownAs("10 per input video, 5 per response")
                        .describe())
                .isEqualTo("frames=<integer> (default 10 per input video, 5 per response; 1 to 64)  frames per video");
        assertThat(ModelOption.duration("timeout", "")
                        .withDefault(Duration.ofSeconds(120))
                        .above(Duration.ZERO)
                        .describe())
                .isEqualTo("timeout=<duration> (default 120s; above 0s)");
        assertThat(ModelOption.decimal("temperature", "").between(0.0, 1.0).describe())
                .isEqualTo("temperature=<decimal> (0 to 1)");
        assertThat(ModelOption.list("capabilities", "", "text", "image")
                        .withDefault(List.of("text"))
                        .describe())
                .isEqualTo("capabilities=<list> (default text; of text,image)");
    }
}
