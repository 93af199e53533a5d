package org.omnireward.judge;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
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
    OpenAiChatBackend(
            ChatEndpoint endpoint,
            String model,
            Double temperature,
            Integer maxTokens,
            String maxTokensField,
            String imageDetail,
            ObjectNode extraBody) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.model = Objects.requireNonNull(model, "model");
        this.temperature = temperature;
        this.maxTokens = maxTokens;
        this.maxTokensField = Objects.requireNonNull(maxTokensField, "maxTokensField");
        this.imageDetail = Objects.requireNonNull(imageDetail, "imageDetail");
        this.extraBody = extraBody == null || extraBody.isEmpty() ? null : extraBody.deepCopy();
        this.cacheIdentity = "openai-chat\u0000endpoint=" + endpoint.identity() + "\u0000model=" + model
                + "\u0000temperature=" + temperature + "\u0000" + maxTokensField + "=" + maxTokens
                + "\u0000detail=" + imageDetail + "\u0000extra="
                + (this.extraBody == null ? "" : Json.write(this.extraBody));
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
            ChatEndpoint.writeFields(g, extraBody);
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

    /**
     * The reply in a 2xx answer (package-private for tests). Read with a streaming parser that keeps
     * only the fields the judge uses and skips the rest (logprobs, token ids, …) without building them.
     */
    Reply readReply(byte[] answer) {
        String content = null;
        String contentParts = null;
        String reasoning = null;
        String reasoningContent = null;
        String refusal = null;
        String finish = null;
        boolean sawMessage = false;
        long promptTokens = -1;
        long completionTokens = -1;
        boolean sawUsage = false;
        String error = null;
        try (JsonParser p = Json.mapper().getFactory().createParser(answer)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (field.equals("choices") && t == JsonToken.START_ARRAY) {
                    if (p.nextToken() == JsonToken.START_OBJECT) { // the first choice
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String cf = p.currentName();
                            JsonToken ct = p.nextToken();
                            if (cf.equals("finish_reason")) {
                                finish = ct == JsonToken.VALUE_STRING ? p.getText() : null;
                            } else if (cf.equals("message") && ct == JsonToken.START_OBJECT) {
                                sawMessage = true;
                                while (p.nextToken() == JsonToken.FIELD_NAME) {
                                    String mf = p.currentName();
                                    JsonToken mt = p.nextToken();
                                    if (mt == JsonToken.VALUE_STRING
                                            && (mf.equals("content")
                                                    || mf.equals("reasoning")
                                                    || mf.equals("reasoning_content")
                                                    || mf.equals("refusal"))) {
                                        switch (mf) {
                                            case "content" -> content = p.getText();
                                            case "reasoning" -> reasoning = p.getText();
                                            case "reasoning_content" -> reasoningContent = p.getText();
                                            default -> refusal = p.getText();
                                        }
                                    } else if (mf.equals("content") && mt == JsonToken.START_ARRAY) {
                                        contentParts = partsText(p.readValueAsTree());
                                    } else {
                                        p.skipChildren();
                                    }
                                }
                            } else {
                                p.skipChildren();
                            }
                        }
                    }
                    if (p.currentToken() != JsonToken.END_ARRAY) {
                        p.skipChildren(); // the other choices
                        while (p.currentToken() != JsonToken.END_ARRAY && p.nextToken() != null) {
                            p.skipChildren();
                        }
                    }
                } else if (field.equals("usage") && t == JsonToken.START_OBJECT) {
                    sawUsage = true;
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String uf = p.currentName();
                        JsonToken ut = p.nextToken();
                        if (uf.equals("prompt_tokens") && ut == JsonToken.VALUE_NUMBER_INT) {
                            promptTokens = p.getLongValue();
                        } else if (uf.equals("completion_tokens") && ut == JsonToken.VALUE_NUMBER_INT) {
                            completionTokens = p.getLongValue();
                        } else {
                            p.skipChildren();
                        }
                    }
                } else if (field.equals("error")) {
                    JsonNode e = p.readValueAsTree();
                    error = e == null ? null : e.toString();
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw endpoint.notJson(service(), "chat-completions JSON", answer, e);
        }
        if (!sawMessage) {
            throw new RetriableException(service() + " sent an answer without choices[0].message"
                    + (error == null
                            ? ""
                            : ": "
                                    + RemoteFailures.shorten(
                                            endpoint.credentials().mask(error))));
        }
        String text = content != null ? content : contentParts != null ? contentParts : "";
        String thought = reasoning != null && !reasoning.isEmpty()
                ? reasoning
                : reasoningContent != null && !reasoningContent.isEmpty() ? reasoningContent : null;
        Usage usage = sawUsage ? new Usage(promptTokens, completionTokens) : Usage.UNKNOWN;
        var mask = endpoint.credentials();
        return new Reply(mask.mask(text), usage, mask.mask(thought), finish, mask.mask(refusal));
    }

    /** The texts of a content given as a list of parts, joined. */
    private static String partsText(JsonNode parts) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode part : parts) {
            if (part.path("text").isTextual()) {
                sb.append(part.get("text").asText());
            }
        }
        return sb.toString();
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
