package org.omnireward.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.ModelOption;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.RewardModelProvider;
import org.omnireward.core.RewardModels;
import org.omnireward.core.Task;

class OpenAiJudgeProviderTest {

    private static ChatJudge create(String spec, Map<String, String> options, Map<String, String> env) {
        return (ChatJudge) new OpenAiJudgeProvider(env::get, k -> k.equals("user.home") ? "/home/test" : null)
                .create(ModelSpec.parse(spec, options));
    }

    @Test
    void is_found_by_name_and_declares_the_fixed_options() {
        RewardModelProvider p = RewardModels.provider("openai");
        assertThat(p).isInstanceOf(OpenAiJudgeProvider.class);
        assertThat(p.options())
                .extracting(ModelOption::name)
                .contains(
                        "base-url",
                        "api-key-env",
                        "capabilities",
                        "frames",
                        "judge-mode",
                        "swap",
                        "max-attempts",
                        "timeout",
                        "cache",
                        "prompt-dir",
                        "audio-mode",
                        "video-mode");
    }

    @Test
    void rejects_ill_typed_options_in_the_one_validating_place() {
        RewardModelProvider p = RewardModels.provider("openai");
        assertThatThrownBy(() -> RewardModels.validateOptions(
                        p, ModelSpec.parse("openai:m", Map.of("capabilities", "text,smell"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("smell");
        assertThatThrownBy(() ->
                        RewardModels.validateOptions(p, ModelSpec.parse("openai:m", Map.of("judge-mode", "listwise"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("pairwise");
        assertThatThrownBy(() -> RewardModels.validateOptions(p, ModelSpec.parse("openai:m", Map.of("colour", "red"))))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void needs_a_model_name() {
        assertThatThrownBy(() -> create("openai", Map.of(), Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("openai:gpt-4o");
    }

    @Test
    void default_settings_are_pairwise_text_image_video_cached_under_the_home_cache() {
        try (ChatJudge j = create("openai:gpt-4o", Map.of(), Map.of())) {
            assertThat(j.name()).isEqualTo("openai:gpt-4o");
            assertThat(j.supportedTasks())
                    .isEqualTo(EnumSet.of(Task.T2T, Task.TI2T, Task.TV2T, Task.T2I, Task.T2V, Task.T23D, Task.TI2I));
            JudgeSettings s = j.settings();
            assertThat(s.mode()).isEqualTo(JudgeSettings.Mode.PAIRWISE);
            assertThat(s.swap()).isFalse();
            assertThat(s.inputFrames()).isEqualTo(10);
            assertThat(s.responseFrames()).isEqualTo(5);
            assertThat(s.maxAttempts()).isEqualTo(1);
            assertThat(s.cache().directory()).isEqualTo(Path.of("/home/test/.cache/omni-reward/judge"));
        }
    }

    @Test
    void the_cache_folder_follows_the_property_then_the_environment_then_xdg() {
        assertThat(ResponseCache.defaultDirectory(k -> k.equals("omnireward.cache.dir") ? "/p" : "/home/u", k -> "/x"))
                .isEqualTo(Path.of("/p/judge"));
        assertThat(ResponseCache.defaultDirectory(
                        k -> k.equals("user.home") ? "/home/u" : null, k -> k.equals("XDG_CACHE_HOME") ? "/xdg" : null))
                .isEqualTo(Path.of("/xdg/omni-reward/judge"));
        assertThat(ResponseCache.defaultDirectory(
                        k -> k.equals("user.home") ? "/home/u" : null,
                        k -> k.equals("OMNI_REWARD_CACHE_DIR") ? "/e" : null))
                .isEqualTo(Path.of("/e/judge"));
    }

    @Test
    void refuses_a_base_url_that_is_not_http_and_a_zero_timeout() {
        assertThatThrownBy(() -> create("openai:m", Map.of("base-url", "localhost:8000"), Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("base-url");
        assertThatThrownBy(() -> create("openai:m", Map.of("timeout", "0s"), Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("timeout");
        assertThatThrownBy(() -> create("openai:m", Map.of("frames", "0"), Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("frames");
    }

    @Test
    void options_set_the_judge_settings() {
        try (ChatJudge j = create(
                "openai:m",
                Map.of(
                        "frames",
                        "4",
                        "judge-mode",
                        "pointwise",
                        "cache",
                        "false",
                        "audio-mode",
                        "concat",
                        "video-mode",
                        "native",
                        "max-attempts",
                        "3",
                        "capabilities",
                        "text,audio",
                        "base-url",
                        "http://localhost:8000/v1",
                        "layout",
                        "authors"),
                Map.of())) {
            JudgeSettings s = j.settings();
            assertThat(s.inputFrames()).isEqualTo(4);
            assertThat(s.responseFrames()).isEqualTo(4);
            assertThat(s.mode()).isEqualTo(JudgeSettings.Mode.POINTWISE);
            assertThat(s.cache()).isNull();
            assertThat(s.audioMode()).isEqualTo(JudgeSettings.AudioMode.CONCAT);
            assertThat(s.videoMode()).isEqualTo(JudgeSettings.VideoMode.NATIVE);
            assertThat(s.maxAttempts()).isEqualTo(3);
            assertThat(s.layout()).isEqualTo(JudgeSettings.Layout.AUTHORS);
            assertThat(j.supportedTasks()).containsExactlyInAnyOrder(Task.T2T, Task.TA2T, Task.T2A);
        }
    }
}
