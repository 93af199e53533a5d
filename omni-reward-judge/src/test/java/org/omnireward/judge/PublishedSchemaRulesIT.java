package org.omnireward.judge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.Task;

/**
 * The rules of the providers' published request definitions, as tests: OpenAI's OpenAPI document
 * (CreateChatCompletionRequest: message roles, the four user content part types, image detail and
 * audio format enums, temperature 0–2) and the Anthropic SDK's MessageCreateParams (declared fields,
 * text and base64 image blocks with the four image media types, max_tokens required). Checked on the
 * requests the judge sends for every task it supports, in both layouts. (scripts/validate-judge-requests.py
 * checks captured requests against the documents themselves.)
 */
class PublishedSchemaRulesIT {

    @TempDir
    Path dir;

    /** Fields of CreateChatCompletionRequest (and the model response properties it extends) the judge may send. */
    private static final Set<String> OPENAI_REQUEST_FIELDS = Set.of(
            "model",
            "messages",
            "temperature",
            "max_completion_tokens",
            "max_tokens",
            "top_p",
            "stop",
            "seed",
            "n",
            "stream",
            "response_format",
            "reasoning_effort",
            "logprobs");

    private static final Set<String> OPENAI_PART_TYPES = Set.of("text", "image_url", "input_audio", "file");
    /** Fields MessageCreateParams declares. */
    private static final Set<String> ANTHROPIC_REQUEST_FIELDS = Set.of(
            "model",
            "messages",
            "max_tokens",
            "system",
            "temperature",
            "top_p",
            "top_k",
            "stop_sequences",
            "stream",
            "metadata",
            "thinking",
            "tools",
            "tool_choice",
            "service_tier",
            "container",
            "output_config",
            "cache_control",
            "inference_geo",
            "user_profile_id");

    private static final Set<String> ANTHROPIC_IMAGE_TYPES =
            Set.of("image/jpeg", "image/png", "image/gif", "image/webp");

    @Test
    void openai_requests_of_every_task_follow_createchatcompletionrequest() throws Exception {
        try (FakeChatServer server = new FakeChatServer()) {
            for (String layout : List.of("ours", "authors")) {
                for (Task t : Task.values()) {
                    Map<String, String> o = new HashMap<>(Map.of(
                            "cache",
                            "false",
                            "layout",
                            layout,
                            "temperature",
                            "0",
                            "max-tokens",
                            "256",
                            "max-tokens-field",
                            "max_completion_tokens"));
                    try (ChatJudge j = TestMedia.judge(server, dir.resolve("c"), o)) {
                        j.judge(TestMedia.request(t, dir, true));
                    }
                    checkOpenAi(server.last().body(), t + "/" + layout);
                }
            }
        }
    }

    private static void checkOpenAi(JsonNode body, String what) {
        body.fieldNames()
                .forEachRemaining(f -> assertThat(OPENAI_REQUEST_FIELDS)
                        .as("%s: field %s", what, f)
                        .contains(f));
        assertThat(body.get("temperature").asDouble()).isBetween(0.0, 2.0);
        assertThat(body.get("max_completion_tokens").isInt()).isTrue();
        JsonNode messages = body.get("messages");
        assertThat(messages.get(0).get("role").asText()).isEqualTo("system");
        assertThat(messages.get(0).get("content").isTextual()).isTrue();
        JsonNode user = messages.get(1);
        assertThat(user.get("role").asText()).isEqualTo("user");
        JsonNode content = user.get("content");
        if (content.isTextual()) {
            return;
        }
        assertThat(content.size()).as("%s: minItems 1", what).isPositive();
        for (JsonNode p : content) {
            String type = p.get("type").asText();
            assertThat(OPENAI_PART_TYPES).as("%s: part type", what).contains(type);
            switch (type) {
                case "text" -> assertThat(fields(p)).containsExactlyInAnyOrder("type", "text");
                case "image_url" -> {
                    assertThat(fields(p)).containsExactlyInAnyOrder("type", "image_url");
                    assertThat(p.get("image_url").get("url").asText()).startsWith("data:image/jpeg;base64,");
                    assertThat(Set.of("auto", "low", "high"))
                            .contains(p.get("image_url").get("detail").asText());
                }
                case "input_audio" -> {
                    assertThat(fields(p.get("input_audio"))).containsExactlyInAnyOrder("data", "format");
                    assertThat(Set.of("wav", "mp3"))
                            .contains(p.get("input_audio").get("format").asText());
                }
                default -> throw new AssertionError(type);
            }
        }
    }

    @Test
    void anthropic_requests_follow_message_create_params() throws Exception {
        try (FakeChatServer server = new FakeChatServer("/v1/messages")
                .otherwise(r -> FakeChatServer.Reply.raw(AnthropicJudgeIT.message("Fine.\n[[A]]")))) {
            String base = "http://127.0.0.1:" + server.baseUrl().replaceAll(".*:(\\d+)/v1", "$1") + "/v1/";
            for (String layout : List.of("ours", "authors")) {
                for (Task t : List.of(Task.T2T, Task.TI2T, Task.TV2T, Task.T2I, Task.T2V, Task.T23D, Task.TI2I)) {
                    Map<String, String> o = new TreeMap<>(
                            Map.of("cache", "false", "layout", layout, "base-url", base, "temperature", "0.5"));
                    try (ChatJudge j =
                            (ChatJudge) new AnthropicJudgeProvider(Map.of("ANTHROPIC_API_KEY", "ak")::get, k -> null)
                                    .create(ModelSpec.parse("anthropic:claude-test", o))) {
                        j.judge(TestMedia.request(t, dir, true));
                    }
                    JsonNode body = server.last().body();
                    String what = t + "/" + layout;
                    body.fieldNames()
                            .forEachRemaining(f -> assertThat(ANTHROPIC_REQUEST_FIELDS)
                                    .as("%s: %s", what, f)
                                    .contains(f));
                    assertThat(body.get("max_tokens").isInt())
                            .as("max_tokens is required")
                            .isTrue();
                    assertThat(body.get("temperature").asDouble()).isBetween(0.0, 1.0);
                    JsonNode messages = body.get("messages");
                    assertThat(messages).hasSize(1);
                    for (JsonNode block : messages.get(0).get("content")) {
                        String type = block.get("type").asText();
                        assertThat(type).as(what).isIn("text", "image");
                        if (type.equals("image")) {
                            JsonNode source = block.get("source");
                            assertThat(fields(source)).containsExactlyInAnyOrder("type", "media_type", "data");
                            assertThat(source.get("type").asText()).isEqualTo("base64");
                            assertThat(ANTHROPIC_IMAGE_TYPES)
                                    .contains(source.get("media_type").asText());
                        } else {
                            assertThat(block.get("text").asText())
                                    .as("%s: text blocks are never empty", what)
                                    .isNotEmpty();
                        }
                    }
                }
            }
        }
    }

    private static List<String> fields(JsonNode n) {
        List<String> out = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
