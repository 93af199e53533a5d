package org.omnireward.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.util.Json;

/**
 * Options are checked against what each provider's published API accepts when the model is made
 * (OpenAI's OpenAPI schema, vLLM's request protocol, Anthropic's SDK types), not at the first request.
 */
class ProviderValidationTest {

    private static final Map<String, String> ENV =
            Map.of("OPENAI_API_KEY", "sk-test-key", "ANTHROPIC_API_KEY", "ak-test-key");
    private static final Conversation HELLO = new Conversation("system text", List.of(new Conversation.Text("hello")));

    private static ChatBackend openai(String... options) {
        return OpenAiJudgeProvider.backend(ModelSpec.parse("openai:m", map(options)), ENV::get);
    }

    private static ChatBackend anthropic(String... options) {
        return AnthropicJudgeProvider.backend(ModelSpec.parse("anthropic:claude-test", map(options)), ENV::get);
    }

    private static Map<String, String> map(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static JsonNode openAiBody(ChatBackend b) throws Exception {
        return Json.mapper().readTree(((OpenAiChatBackend) b).requestBody(HELLO));
    }

    @Test
    void temperature_ranges_are_the_published_ones() {
        assertThatThrownBy(() -> openai("temperature", "5"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("between 0 and 2");
        assertThatThrownBy(() -> openai("temperature", "-0.1")).hasMessageContaining("between 0 and 2");
        openai("temperature", "2");
        assertThatThrownBy(() -> anthropic("temperature", "1.5"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("between 0 and 1");
        anthropic("temperature", "1");
    }

    @Test
    void openai_proper_gets_max_completion_tokens_and_other_servers_max_tokens() throws Exception {
        assertThat(openAiBody(openai("max-tokens", "512")).has("max_completion_tokens"))
                .isTrue();
        assertThat(openAiBody(openai("max-tokens", "512")).has("max_tokens"))
                .as("deprecated for OpenAI")
                .isFalse();
        JsonNode vllm = openAiBody(openai("max-tokens", "512", "base-url", "http://gpu:8000/v1"));
        assertThat(vllm.get("max_tokens").asInt()).isEqualTo(512);
        assertThat(vllm.has("max_completion_tokens")).isFalse();
        JsonNode forced = openAiBody(openai(
                "max-tokens", "64", "base-url", "http://gpu:8000/v1", "max-tokens-field", "max_completion_tokens"));
        assertThat(forced.get("max_completion_tokens").asInt()).isEqualTo(64);
        assertThat(openAiBody(openai()).has("max_tokens")
                        || openAiBody(openai()).has("max_completion_tokens"))
                .as("no limit set: the server's default")
                .isFalse();
    }

    @Test
    void video_url_modes_are_refused_for_openai_proper_and_allowed_elsewhere() {
        for (String mode : List.of("native", "frame-list")) {
            assertThatThrownBy(() -> openai("video-mode", mode))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("video_url")
                    .hasMessageContaining("api.openai.com");
            openai("video-mode", mode, "base-url", "http://gpu:8000/v1");
        }
        assertThatThrownBy(() ->
                        openai("video-mode", "native", "base-url", "https://res.openai.azure.com/openai/deployments/d"))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void a_frame_list_longer_than_vllm_keeps_is_refused_unless_the_request_raises_the_limit() {
        assertThatThrownBy(() -> openai("video-mode", "frame-list", "frames", "40", "base-url", "http://gpu:8000/v1"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("first 32 frames")
                .hasMessageContaining("media_io_kwargs");
        openai("video-mode", "frame-list", "frames", "32", "base-url", "http://gpu:8000/v1");
        openai(
                "video-mode",
                "frame-list",
                "frames",
                "40",
                "base-url",
                "http://gpu:8000/v1",
                "extra-body",
                "{\"media_io_kwargs\": {\"video\": {\"num_frames\": 40}}}");
    }

    @Test
    void extra_body_fields_reach_the_request_after_the_judges_own() throws Exception {
        JsonNode body = openAiBody(
                openai(
                        "base-url",
                        "http://gpu:8000/v1",
                        "extra-body",
                        "{\"chat_template_kwargs\": {\"enable_thinking\": false}, \"mm_processor_kwargs\": {\"fps\": 2}, \"top_k\": 20}"));
        assertThat(body.get("chat_template_kwargs").get("enable_thinking").asBoolean())
                .isFalse();
        assertThat(body.get("mm_processor_kwargs").get("fps").asInt()).isEqualTo(2);
        assertThat(body.get("top_k").asInt()).isEqualTo(20);
        assertThat(body.get("model").asText()).isEqualTo("m");
    }

    @Test
    void extra_body_is_checked_as_json_and_against_fields_the_judge_owns_or_the_server_refuses() {
        assertThatThrownBy(() -> openai("base-url", "http://gpu:8000/v1", "extra-body", "{\"top_k\": 20,"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> openai("base-url", "http://gpu:8000/v1", "extra-body", "[1, 2]"))
                .hasMessageContaining("JSON object");
        assertThatThrownBy(() -> openai("base-url", "http://gpu:8000/v1", "extra-body", "{\"messages\": []}"))
                .hasMessageContaining("\"messages\"")
                .hasMessageContaining("sets itself");
        assertThatThrownBy(() -> openai(
                        "base-url", "http://gpu:8000/v1", "max-tokens", "10", "extra-body", "{\"max_tokens\": 5}"))
                .hasMessageContaining("max-tokens");
        assertThatThrownBy(() -> openai("extra-body", "{\"chat_template_kwargs\": {\"enable_thinking\": false}}"))
                .hasMessageContaining("vLLM request field");
        assertThatThrownBy(() -> openai("base-url", "http://gpu:8000/v1", "extra-body", "{\"mm_processor_kwargs\": 3}"))
                .hasMessageContaining("must be a JSON object");
    }

    @Test
    void anthropic_thinking_is_checked_as_the_messages_api_checks_it() throws Exception {
        ChatBackend ok = anthropic(
                "max-tokens", "4096", "extra-body", "{\"thinking\": {\"type\": \"enabled\", \"budget_tokens\": 2048}}");
        JsonNode body = Json.mapper().readTree(((AnthropicChatBackend) ok).requestBody(HELLO));
        assertThat(body.get("thinking").get("budget_tokens").asInt()).isEqualTo(2048);
        assertThat(body.get("max_tokens").asInt()).isEqualTo(4096);
        assertThatThrownBy(() -> anthropic(
                        "max-tokens",
                        "2048",
                        "extra-body",
                        "{\"thinking\": {\"type\": \"enabled\", \"budget_tokens\": 2048}}"))
                .hasMessageContaining("below max-tokens");
        assertThatThrownBy(() ->
                        anthropic("extra-body", "{\"thinking\": {\"type\": \"enabled\", \"budget_tokens\": 100}}"))
                .hasMessageContaining("at least 1024");
        assertThatThrownBy(() -> anthropic(
                        "max-tokens",
                        "4096",
                        "temperature",
                        "0.2",
                        "extra-body",
                        "{\"thinking\": {\"type\": \"enabled\", \"budget_tokens\": 2048}}"))
                .hasMessageContaining("temperature");
        assertThatThrownBy(() -> anthropic("extra-body", "{\"system\": \"x\"}")).hasMessageContaining("sets itself");
    }

    @Test
    void a_base_url_with_user_info_and_an_api_key_is_refused_without_showing_either() {
        assertThatThrownBy(() -> openai("base-url", "http://alice:pa55word@gpu:8000/v1"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("both would be the Authorization header")
                .satisfies(e ->
                        assertThat(e.getMessage()).doesNotContain("pa55word").doesNotContain("sk-test-key"));
        ChatBackend basic = OpenAiJudgeProvider.backend(
                ModelSpec.parse("openai:m", Map.of("base-url", "http://alice:pa55word@gpu:8000/v1")), k -> null);
        assertThat(basic.cacheIdentity())
                .contains("http://gpu:8000/v1")
                .doesNotContain("alice")
                .doesNotContain("pa55word");
    }

    @Test
    void layout_authors_cannot_keep_t2a_clips_apart() {
        assertThatThrownBy(() -> new OpenAiJudgeProvider(ENV::get, k -> null)
                        .create(ModelSpec.parse(
                                "openai:m",
                                Map.of(
                                        "layout",
                                        "authors",
                                        "audio-mode",
                                        "separate",
                                        "base-url",
                                        "http://gpu:8000/v1"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("joins the two t2a clips");
    }

    @Test
    void the_cache_identity_names_the_endpoint_so_two_servers_never_share_answers() {
        String a = openai("base-url", "http://gpu-a:8000/v1").cacheIdentity();
        String b = openai("base-url", "http://gpu-b:8000/v1").cacheIdentity();
        assertThat(a).isNotEqualTo(b);
        assertThat(openai("base-url", "http://gpu-b:8000/v1,http://gpu-a:8000/v1")
                        .cacheIdentity())
                .isEqualTo(openai("base-url", "http://gpu-a:8000/v1,http://gpu-b:8000/v1")
                        .cacheIdentity());
        assertThat(openai("base-url", "http://gpu-a:8000/v1?api-key=qs-secret-1")
                        .cacheIdentity())
                .doesNotContain("qs-secret-1");
    }
}
