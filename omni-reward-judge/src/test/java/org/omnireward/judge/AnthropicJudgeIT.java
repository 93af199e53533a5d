package org.omnireward.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.AuthenticationException;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.Preference;
import org.omnireward.core.RateLimitedException;
import org.omnireward.core.RefusedException;
import org.omnireward.core.Task;
import org.omnireward.core.TruncatedOutputException;
import org.omnireward.core.Usage;
import org.omnireward.core.Verdict;
import org.omnireward.core.util.Json;
import org.omnireward.judge.FakeChatServer.Reply;

/** The anthropic provider: the same judge core over a local server speaking Anthropic's Messages API. */
class AnthropicJudgeIT {

    @TempDir
    Path dir;

    private FakeChatServer server;

    @BeforeEach
    void start() throws Exception {
        server = new FakeChatServer("/v1/messages").otherwise(rec -> Reply.raw(message("Looks right.\n[[A]]")));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static String message(String text) {
        return message(text, null, "end_turn");
    }

    /** A Messages API answer: an optional thinking block, a text block, and the stop reason. */
    static String message(String text, String thinking, String stopReason) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("id", "msg_test")
                .put("type", "message")
                .put("role", "assistant")
                .put("model", "claude-test")
                .put("stop_reason", stopReason)
                .putNull("stop_sequence");
        var content = n.putArray("content");
        if (thinking != null) {
            content.addObject()
                    .put("type", "thinking")
                    .put("thinking", thinking)
                    .put("signature", "sig");
        }
        if (text != null) {
            content.addObject().put("type", "text").put("text", text);
        }
        n.putObject("usage").put("input_tokens", 20).put("output_tokens", 4);
        return Json.write(n);
    }

    private ChatJudge judge(Map<String, String> options, Map<String, String> env) {
        Map<String, String> opts = new TreeMap<>(options);
        opts.putIfAbsent("base-url", "http://127.0.0.1:" + server.baseUrl().replaceAll(".*:(\\d+)/v1", "$1") + "/v1/");
        opts.putIfAbsent("cache", "false");
        return (ChatJudge)
                new AnthropicJudgeProvider(env::get, k -> null).create(ModelSpec.parse("anthropic:claude-test", opts));
    }

    private static List<String> types(JsonNode content) {
        List<String> out = new ArrayList<>();
        content.forEach(p -> out.add(p.get("type").asText()));
        return out;
    }

    @Test
    void sends_text_and_images_as_messages_api_blocks_and_reads_the_verdict() throws Exception {
        try (ChatJudge j = judge(Map.of(), Map.of("ANTHROPIC_API_KEY", "ak-test"))) {
            Verdict v = j.judge(TestMedia.request(Task.TI2T, dir, true));
            assertThat(v.preference()).isEqualTo(Preference.RESPONSE1);
            assertThat(v.rationale()).isEqualTo("Looks right.");
            assertThat(v.usage()).isEqualTo(new Usage(20, 4));
        }
        FakeChatServer.Recorded r = server.last();
        assertThat(r.protocol()).isEqualTo("HTTP/1.1");
        assertThat(r.header("x-api-key")).isEqualTo("ak-test");
        assertThat(r.header("anthropic-version")).isNotBlank();
        JsonNode body = r.body();
        assertThat(body.get("model").asText()).isEqualTo("claude-test");
        assertThat(body.get("max_tokens").asInt()).isEqualTo(2048);
        assertThat(body.get("system").toString())
                .contains("Prefer the response that is correct for ti2t")
                .contains("[[C]]");
        assertThat(body.get("messages")).hasSize(1);
        JsonNode user = body.get("messages").get(0);
        assertThat(user.get("role").asText()).isEqualTo("user");
        assertThat(types(user.get("content"))).containsExactly("text", "image", "text");
        JsonNode image = user.get("content").get(1).get("source");
        assertThat(image.get("type").asText()).isEqualTo("base64");
        assertThat(image.get("media_type").asText()).isEqualTo("image/jpeg");
        assertThat(user.get("content").get(0).get("text").asText())
                .isEqualTo("[[PROMPT]]\nPrompt of ti2t\n(Image 1 of this message: the image of the prompt.)\n");
    }

    @Test
    void videos_go_as_frames_and_audio_tasks_are_unsupported() throws Exception {
        try (ChatJudge j = judge(Map.of("frames", "4"), Map.of("ANTHROPIC_API_KEY", "ak-test"))) {
            assertThat(j.supportedTasks()).doesNotContain(Task.TA2T, Task.T2A).contains(Task.TV2T, Task.T2V);
            j.judge(TestMedia.request(Task.TV2T, dir, false));
        }
        JsonNode content = server.last().body().get("messages").get(0).get("content");
        assertThat(types(content)).containsExactly("text", "image", "image", "image", "image", "text");
        assertThat(server.last().body().get("system").toString()).doesNotContain("[[C]]");
    }

    @Test
    void needs_a_key_and_names_the_variable() {
        assertThatThrownBy(() -> judge(Map.of(), Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("ANTHROPIC_API_KEY");
    }

    @Test
    void a_429_carries_retry_after() throws Exception {
        server.then(Reply.status(
                429, "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\"}}", Map.of("Retry-After", "3")));
        try (ChatJudge j = judge(Map.of(), Map.of("ANTHROPIC_API_KEY", "ak-test"))) {
            var request = TestMedia.request(Task.T2T, dir, true);
            assertThatThrownBy(() -> j.judge(request))
                    .isInstanceOf(RateLimitedException.class)
                    .satisfies(e ->
                            assertThat(((RateLimitedException) e).retryAfter()).contains(Duration.ofSeconds(3)));
        }
    }

    @Test
    void thinking_blocks_are_reasoning_and_the_text_after_them_holds_the_verdict() throws Exception {
        server.then(Reply.raw(
                message("B fits the criterion.\n[[B]]", "A? [[A]] looks fine, but B is closer.", "end_turn")));
        try (ChatJudge j = judge(Map.of(), Map.of("ANTHROPIC_API_KEY", "ak-test"))) {
            Verdict v = j.judge(TestMedia.request(Task.T2T, dir, true));
            assertThat(v.preference()).isEqualTo(Preference.RESPONSE2);
            assertThat(v.rawOutput()).startsWith("<think>\nA? [[A]] looks fine").endsWith("[[B]]");
            assertThat(v.finishReason()).isEqualTo("end_turn");
        }
    }

    @Test
    void stop_reason_refusal_is_refused_and_max_tokens_is_truncated() throws Exception {
        server.then(
                Reply.raw(message(null, null, "refusal")),
                Reply.raw(message("Comparing the two: A", null, "max_tokens")));
        try (ChatJudge j = judge(Map.of(), Map.of("ANTHROPIC_API_KEY", "ak-test"))) {
            var request = TestMedia.request(Task.T2T, dir, true);
            assertThatThrownBy(() -> j.judge(request))
                    .isInstanceOf(RefusedException.class)
                    .satisfies(e ->
                            assertThat(((RefusedException) e).finishReason()).isEqualTo("refusal"));
            assertThatThrownBy(() -> j.judge(request))
                    .isInstanceOf(TruncatedOutputException.class)
                    .satisfies(e -> assertThat(((TruncatedOutputException) e).rawOutput())
                            .isEqualTo("Comparing the two: A"));
        }
    }

    @Test
    void a_401_quotes_the_error_message_without_the_key() throws Exception {
        server.then(Reply.status(
                401,
                "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\","
                        + "\"message\":\"invalid x-api-key ak-test-secret\"}}",
                Map.of()));
        try (ChatJudge j = judge(Map.of(), Map.of("ANTHROPIC_API_KEY", "ak-test-secret"))) {
            var request = TestMedia.request(Task.T2T, dir, true);
            assertThatThrownBy(() -> j.judge(request))
                    .isInstanceOf(AuthenticationException.class)
                    .hasMessageContaining("HTTP 401")
                    .hasMessageContaining("invalid x-api-key ***")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("ak-test-secret"));
        }
    }
}
