package org.omnireward.judge;

import dev.langchain4j.data.message.AudioContent;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.data.message.VideoContent;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.output.TokenUsage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.omnireward.core.Usage;

/**
 * {@link ChatBackend} for any OpenAI-compatible chat-completions endpoint (OpenAI, vLLM, SGLang, …)
 * through LangChain4j's {@link OpenAiChatModel}: HTTP/1.1 ({@link Http11ClientBuilder}), LangChain4j's
 * own retries switched off ({@code maxRetries(0)}), the per-request timeout, and an {@code
 * Authorization: Bearer} header only when an API key is given (a local vLLM server needs none).
 *
 * <p>Every part type the judge sends is expressed through LangChain4j's content types: text as
 * {@link TextContent}, images and frames as {@link ImageContent} (an {@code image_url} part with a
 * {@code data:image/jpeg;base64,} URI), audio as {@link AudioContent} (an {@code input_audio} part
 * {@code {"data": base64, "format": "wav"}}), and whole videos as {@link VideoContent} (a {@code
 * video_url} part with a data URI).
 */
public final class OpenAiChatBackend implements ChatBackend {

    /** The public OpenAI API, used when neither model option base-url nor OPENAI_BASE_URL is set. */
    public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

    private final ChatModel chat;
    private final String model;
    private final String baseUrl;
    private final String apiKey;
    private final String keyHint;
    private final Duration timeout;
    private final Double temperature;
    private final Integer maxTokens;
    private final ImageContent.DetailLevel detail;

    /**
     * @param baseUrl the API root, e.g. {@code http://localhost:8000/v1}
     * @param model the model name sent in each request
     * @param apiKey the key sent as a Bearer token; null or blank sends no Authorization header
     * @param keyHint how the key was chosen, for authentication errors (never the key itself)
     * @param timeout the per-request timeout (also the connect timeout)
     * @param temperature the sampling temperature sent, or null for the server's default
     * @param maxTokens the most tokens to generate ({@code max_tokens}), or null for the server's default
     * @param imageDetail {@code auto}, {@code low} or {@code high}
     */
    public OpenAiChatBackend(String baseUrl, String model, String apiKey, String keyHint, Duration timeout,
            Double temperature, Integer maxTokens, String imageDetail) {
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        this.model = Objects.requireNonNull(model, "model");
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
        this.keyHint = keyHint == null ? "" : keyHint;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.temperature = temperature;
        this.maxTokens = maxTokens;
        this.detail = ImageContent.DetailLevel.valueOf(imageDetail.toUpperCase(Locale.ROOT));
        OpenAiChatModel.OpenAiChatModelBuilder b = OpenAiChatModel.builder()
                .httpClientBuilder(new Http11ClientBuilder())
                .baseUrl(baseUrl)
                .modelName(model)
                .timeout(timeout)
                .maxRetries(0)
                .logRequests(false)
                .logResponses(false);
        if (this.apiKey != null) {
            b.apiKey(this.apiKey);
        }
        if (temperature != null) {
            b.temperature(temperature);
        }
        if (maxTokens != null) {
            b.maxTokens(maxTokens);
        }
        this.chat = b.build();
    }

    @Override
    public Reply chat(Conversation conversation) {
        List<ChatMessage> messages = List.of(SystemMessage.from(conversation.system()), UserMessage.from(contents(conversation)));
        ChatResponse r;
        try {
            r = chat.chat(ChatRequest.builder().messages(messages).build());
        } catch (RuntimeException e) {
            throw RemoteFailures.map(e, "chat endpoint " + baseUrl + " (model " + model + ")", timeout, apiKey, keyHint,
                    Clock.systemUTC());
        }
        String text = r.aiMessage() == null ? null : r.aiMessage().text();
        return new Reply(text, usage(r.tokenUsage()));
    }

    private List<Content> contents(Conversation c) {
        List<Content> out = new ArrayList<>(c.user().size());
        for (Conversation.Part p : c.user()) {
            if (p instanceof Conversation.Text t) {
                out.add(TextContent.from(t.text()));
            } else if (p instanceof Conversation.Image i) {
                DataUri d = DataUri.parse(i.dataUri());
                out.add(ImageContent.from(d.base64(), d.mimeType(), detail));
            } else if (p instanceof Conversation.Audio a) {
                out.add(AudioContent.from(a.base64(), "audio/" + a.format()));
            } else if (p instanceof Conversation.Video v) {
                DataUri d = DataUri.parse(v.dataUri());
                out.add(VideoContent.from(d.base64(), d.mimeType()));
            }
        }
        if (out.isEmpty()) {
            out.add(TextContent.from(""));
        }
        return out;
    }

    static Usage usage(TokenUsage u) {
        if (u == null) {
            return Usage.UNKNOWN;
        }
        return new Usage(u.inputTokenCount() == null ? -1 : u.inputTokenCount(),
                u.outputTokenCount() == null ? -1 : u.outputTokenCount());
    }

    @Override
    public String cacheIdentity() {
        return "openai-chat\u0000model=" + model + "\u0000temperature=" + temperature + "\u0000max_tokens=" + maxTokens
                + "\u0000detail=" + detail.name().toLowerCase(Locale.ROOT);
    }

    /** A {@code data:<mime>;base64,<data>} URI taken apart. */
    record DataUri(String mimeType, String base64) {
        static DataUri parse(String uri) {
            int comma = uri.indexOf(',');
            String head = comma < 0 ? "" : uri.substring(0, comma);
            if (!uri.startsWith("data:") || !head.endsWith(";base64")) {
                throw new IllegalArgumentException("not a base64 data URI: "
                        + (uri.length() > 40 ? uri.substring(0, 40) + "…" : uri));
            }
            return new DataUri(head.substring(5, head.length() - 7), uri.substring(comma + 1));
        }
    }
}
