package org.omnireward.judge;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.omnireward.core.RetriableException;
import org.omnireward.core.Usage;
import org.omnireward.core.util.Json;
import org.omnireward.runtime.endpoint.ReplicaStats;

/**
 * {@link ChatBackend} for any OpenAI-compatible chat-completions endpoint (OpenAI, vLLM, SGLang, …):
 * {@code POST <base-url>/chat/completions} through a {@link ChatEndpoint} (HTTP/1.1, replicas, masked
 * credentials). The request is written once, straight to bytes:
 * <pre>
 * {"model": M,
 *  "messages": [{"role": "system", "content": SYSTEM},
 *               {"role": "user", "content": TEXT | [parts]}],
 *  "temperature": T, "max_completion_tokens"|"max_tokens": N,     (only when set)
 *  …extra body fields}                                              (model option extra-body)
 * </pre>
 * A user message of text only is a string; otherwise its parts are, in order, {@code {"type": "text"}},
 * {@code {"type": "image_url", "image_url": {"url": "data:image/jpeg;base64,…", "detail": D}}}, {@code
 * {"type": "input_audio", "input_audio": {"data": BASE64, "format": "wav"}}} and, for whole videos or
 * vLLM's frame list, {@code {"type": "video_url", "video_url": {"url": "data:video/…"}}} (not part of
 * OpenAI's own API: the provider refuses those modes for api.openai.com).
 *
 * <p>From the answer it reads {@code choices[0].message.content} (a string, null, or a list of text
 * parts), vLLM's {@code reasoning} / {@code reasoning_content}, OpenAI's {@code refusal}, {@code
 * finish_reason} and {@code usage}; secrets echoed in any of them are masked.
 */
public final class OpenAiChatBackend implements ChatBackend {

    /** The public OpenAI API, used when neither model option base-url nor OPENAI_BASE_URL is set. */
    public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

    private final ChatEndpoint endpoint;
    private final String model;
    private final Double temperature;
    private final Integer maxTokens;
    private final String maxTokensField;
    private final String imageDetail;
    private final ObjectNode extraBody;
    private final String cacheIdentity;

    /**
     * @param temperature the sampling temperature sent, or null for the server's default
     * @param maxTokens the most tokens to generate, or null for the server's default
     * @param maxTokensField {@code max_completion_tokens} or {@code max_tokens}
     * @param imageDetail {@code auto}, {@code low} or {@code high}
     * @param extraBody fields added to every request body (vLLM's {@code chat_template_kwargs}, …); may be null
     */
    OpenAiChatBackend(ChatEndpoint endpoint, String model, Double temperature, Integer maxTokens, String maxTokensField,
            String imageDetail, ObjectNode extraBody) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.model = Objects.requireNonNull(model, "model");
        this.temperature = temperature;
        this.maxTokens = maxTokens;
        this.maxTokensField = Objects.requireNonNull(maxTokensField, "maxTokensField");
        this.imageDetail = Objects.requireNonNull(imageDetail, "imageDetail");
        this.extraBody = extraBody == null || extraBody.isEmpty() ? null : extraBody.deepCopy();
        this.cacheIdentity = "openai-chat\u0000endpoint=" + endpoint.identity() + "\u0000model=" + model
                + "\u0000temperature=" + temperature + "\u0000" + maxTokensField + "=" + maxTokens
                + "\u0000detail=" + imageDetail + "\u0000extra=" + (this.extraBody == null ? "" : Json.write(this.extraBody));
    }

    @Override
    public Reply chat(Conversation conversation) {
        byte[] answer = endpoint.post(requestBody(conversation));
        return readReply(answer);
    }

    /** The request JSON for {@code c} (package-private for tests). */
    byte[] requestBody(Conversation c) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(estimate(c));
        try (JsonGenerator g = Json.mapper().getFactory().createGenerator(bytes)) {
            g.writeStartObject();
            g.writeStringField("model", model);
            g.writeArrayFieldStart("messages");
            g.writeStartObject();
            g.writeStringField("role", "system");
            g.writeStringField("content", c.system());
            g.writeEndObject();
            g.writeStartObject();
            g.writeStringField("role", "user");
            writeUserContent(g, c.user());
            g.writeEndObject();
            g.writeEndArray();
            if (temperature != null) {
                g.writeNumberField("temperature", temperature);
            }
            if (maxTokens != null) {
                g.writeNumberField(maxTokensField, maxTokens);
            }
            if (extraBody != null) {
                for (Iterator<Map.Entry<String, JsonNode>> it = extraBody.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    g.writeFieldName(e.getKey());
                    g.writeTree(e.getValue());
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a chat request", e);
        }
        return bytes.toByteArray();
    }

    static int estimate(Conversation c) {
        long n = 256L + c.system().length();
        for (Conversation.Part p : c.user()) {
            n += 64 + Conversation.length(p);
        }
        return (int) Math.min(Integer.MAX_VALUE - 16, n);
    }

    private void writeUserContent(JsonGenerator g, List<Conversation.Part> parts) throws IOException {
        if (parts.isEmpty()) {
            g.writeStringField("content", "");
            return;
        }
        if (parts.size() == 1 && parts.get(0) instanceof Conversation.Text t) {
            g.writeStringField("content", t.text());
            return;
        }
        g.writeArrayFieldStart("content");
        for (Conversation.Part p : parts) {
            g.writeStartObject();
            if (p instanceof Conversation.Text t) {
                g.writeStringField("type", "text");
                g.writeStringField("text", t.text());
            } else if (p instanceof Conversation.Image i) {
                g.writeStringField("type", "image_url");
                g.writeObjectFieldStart("image_url");
                g.writeStringField("url", i.dataUri());
                g.writeStringField("detail", imageDetail);
                g.writeEndObject();
            } else if (p instanceof Conversation.Audio a) {
                g.writeStringField("type", "input_audio");
                g.writeObjectFieldStart("input_audio");
                g.writeStringField("data", a.base64());
                g.writeStringField("format", a.format());
                g.writeEndObject();
            } else if (p instanceof Conversation.Video v) {
                g.writeStringField("type", "video_url");
                g.writeObjectFieldStart("video_url");
                g.writeStringField("url", v.dataUri());
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** The reply in a 2xx answer (package-private for tests). */
    Reply readReply(byte[] answer) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(answer);
        } catch (IOException e) {
            throw new RetriableException(service() + " sent an answer that is not JSON: "
                    + RemoteFailures.shorten(endpoint.credentials().mask(new String(answer, 0, Math.min(answer.length, 400),
                    java.nio.charset.StandardCharsets.UTF_8))), e);
        }
        JsonNode choice = root == null ? null : root.path("choices").path(0);
        if (choice == null || !choice.isObject() || !choice.path("message").isObject()) {
            String error = root == null ? null : root.path("error").isMissingNode() ? null : root.path("error").toString();
            throw new RetriableException(service() + " sent an answer without choices[0].message"
                    + (error == null ? "" : ": " + RemoteFailures.shorten(endpoint.credentials().mask(error))));
        }
        JsonNode message = choice.get("message");
        String text = text(message.get("content"));
        String reasoning = firstText(message, "reasoning", "reasoning_content");
        String refusal = message.path("refusal").isTextual() ? message.get("refusal").asText() : null;
        String finish = choice.path("finish_reason").isTextual() ? choice.get("finish_reason").asText() : null;
        JsonNode u = root.path("usage");
        Usage usage = u.isObject() ? new Usage(u.path("prompt_tokens").asLong(-1), u.path("completion_tokens").asLong(-1))
                : Usage.UNKNOWN;
        var mask = endpoint.credentials();
        return new Reply(mask.mask(text), usage, mask.mask(reasoning), finish, mask.mask(refusal));
    }

    private static String firstText(JsonNode n, String... names) {
        for (String name : names) {
            JsonNode v = n.get(name);
            if (v != null && v.isTextual() && !v.asText().isEmpty()) {
                return v.asText();
            }
        }
        return null;
    }

    /** A message's content: a string, null, or a list of parts whose texts are joined. */
    private static String text(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode p : content) {
                if (p.path("text").isTextual()) {
                    sb.append(p.get("text").asText());
                }
            }
            return sb.toString();
        }
        return content.toString();
    }

    private String service() {
        return "chat endpoint " + endpoint.display() + " (model " + model + ")";
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
