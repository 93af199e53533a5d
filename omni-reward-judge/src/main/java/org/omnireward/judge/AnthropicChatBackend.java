package org.omnireward.judge;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.RetriableException;
import org.omnireward.core.Usage;
import org.omnireward.core.util.Json;
import org.omnireward.runtime.endpoint.ReplicaStats;

/**
 * {@link ChatBackend} for Anthropic's Messages API: {@code POST <base-url>/messages} through a {@link
 * ChatEndpoint} (HTTP/1.1, replicas, masked credentials), the key sent as {@code x-api-key} with
 * {@code anthropic-version: }{@value #API_VERSION}. The request is written once, straight to bytes:
 * <pre>
 * {"model": M, "max_tokens": N, "system": SYSTEM,
 *  "messages": [{"role": "user", "content": [{"type": "text", "text": …},
 *                {"type": "image", "source": {"type": "base64", "media_type": "image/jpeg", "data": …}}, …]}],
 *  "temperature": T,                                                   (only when set)
 *  …extra body fields}                                                 (e.g. {"thinking": {…}})
 * </pre>
 * Text and images only (videos reach it as frames); audio and whole-video parts are refused naming the
 * part, because the Messages API has no such content (the provider refuses those options at startup).
 * From the answer it reads the {@code text} blocks, {@code thinking} blocks as reasoning, {@code
 * stop_reason} and {@code usage}.
 */
public final class AnthropicChatBackend implements ChatBackend {

    /** Anthropic's API root, used when neither model option base-url nor ANTHROPIC_BASE_URL is set. */
    public static final String DEFAULT_BASE_URL = "https://api.anthropic.com/v1/";
    /** Tokens to generate unless model option max-tokens says otherwise (the API requires a limit). */
    public static final int DEFAULT_MAX_TOKENS = 2048;
    /** The {@code anthropic-version} header sent. */
    public static final String API_VERSION = "2023-06-01";

    private final ChatEndpoint endpoint;
    private final String model;
    private final Double temperature;
    private final int maxTokens;
    private final ObjectNode extraBody;
    private final String cacheIdentity;

    AnthropicChatBackend(ChatEndpoint endpoint, String model, Double temperature, int maxTokens, ObjectNode extraBody) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.model = Objects.requireNonNull(model, "model");
        this.temperature = temperature;
        this.maxTokens = maxTokens;
        this.extraBody = extraBody == null || extraBody.isEmpty() ? null : extraBody.deepCopy();
        this.cacheIdentity = "anthropic-messages\u0000endpoint=" + endpoint.identity() + "\u0000model=" + model
                + "\u0000temperature=" + temperature + "\u0000max_tokens=" + maxTokens
                + "\u0000extra=" + (this.extraBody == null ? "" : Json.write(this.extraBody));
    }

    @Override
    public Reply chat(Conversation conversation) {
        return readReply(endpoint.post(requestBody(conversation)));
    }

    /** The request JSON for {@code c} (package-private for tests). */
    byte[] requestBody(Conversation c) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(OpenAiChatBackend.estimate(c));
        try (JsonGenerator g = Json.mapper().getFactory().createGenerator(bytes)) {
            g.writeStartObject();
            g.writeStringField("model", model);
            g.writeNumberField("max_tokens", maxTokens);
            g.writeStringField("system", c.system());
            g.writeArrayFieldStart("messages");
            g.writeStartObject();
            g.writeStringField("role", "user");
            g.writeArrayFieldStart("content");
            List<Conversation.Part> parts = c.user().isEmpty() ? List.of(new Conversation.Text(" ")) : c.user();
            for (Conversation.Part p : parts) {
                g.writeStartObject();
                if (p instanceof Conversation.Text t) {
                    g.writeStringField("type", "text");
                    g.writeStringField("text", t.text());
                } else if (p instanceof Conversation.Image i) {
                    int comma = i.dataUri().indexOf(',');
                    String head = i.dataUri().substring(0, Math.max(comma, 0));
                    g.writeStringField("type", "image");
                    g.writeObjectFieldStart("source");
                    g.writeStringField("type", "base64");
                    g.writeStringField(
                            "media_type",
                            head.startsWith("data:") && head.endsWith(";base64")
                                    ? head.substring(5, head.length() - 7)
                                    : "image/jpeg");
                    g.writeStringField("data", i.dataUri().substring(comma + 1));
                    g.writeEndObject();
                } else {
                    throw new InvalidInputException("model anthropic:" + model + " cannot take "
                            + (p instanceof Conversation.Audio
                                    ? "audio"
                                    : "a whole video (video-mode native or frame-list)")
                            + ": Anthropic's Messages API has no such content; send videos as frames");
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            if (temperature != null) {
                g.writeNumberField("temperature", temperature);
            }
            ChatEndpoint.writeFields(g, extraBody);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a messages request", e);
        }
        return bytes.toByteArray();
    }

    /** The reply in a 2xx answer (package-private for tests). */
    Reply readReply(byte[] answer) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(answer);
        } catch (IOException e) {
            throw endpoint.notJson(service(), "Messages API JSON", answer, e);
        }
        if (root == null || !root.path("content").isArray()) {
            throw new RetriableException(service() + " sent an answer without a content list"
                    + (root != null && root.has("error")
                            ? ": "
                                    + RemoteFailures.shorten(endpoint.credentials()
                                            .mask(root.get("error").toString()))
                            : ""));
        }
        StringBuilder text = new StringBuilder();
        StringBuilder thinking = new StringBuilder();
        for (JsonNode block : root.get("content")) {
            String type = block.path("type").asText("");
            if (type.equals("text")) {
                text.append(block.path("text").asText(""));
            } else if (type.equals("thinking")) {
                thinking.append(thinking.length() == 0 ? "" : "\n")
                        .append(block.path("thinking").asText(""));
            } else if (type.equals("redacted_thinking")) {
                thinking.append(thinking.length() == 0 ? "" : "\n").append("[redacted thinking]");
            }
        }
        String stop =
                root.path("stop_reason").isTextual() ? root.get("stop_reason").asText() : null;
        JsonNode u = root.path("usage");
        Usage usage = u.isObject()
                ? new Usage(
                        u.path("input_tokens").asLong(-1),
                        u.path("output_tokens").asLong(-1))
                : Usage.UNKNOWN;
        var mask = endpoint.credentials();
        return new Reply(
                mask.mask(text.toString()),
                usage,
                thinking.length() == 0 ? null : mask.mask(thinking.toString()),
                stop,
                null);
    }

    private String service() {
        return "Anthropic endpoint " + endpoint.display() + " (model " + model + ")";
    }

    @Override
    public String cacheIdentity() {
        return cacheIdentity;
    }

    @Override
    public List<ReplicaStats> replicaStats() {
        return endpoint.stats();
    }
}
