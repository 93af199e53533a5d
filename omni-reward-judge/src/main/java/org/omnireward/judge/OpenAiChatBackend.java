package org.omnireward.judge;

import dev.langchain4j.data.message.AudioContent;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.VideoContent;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

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
public final class OpenAiChatBackend extends LangChain4jChatBackend {

    /** The public OpenAI API, used when neither model option base-url nor OPENAI_BASE_URL is set. */
    public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

    private final String model;
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
        super(chatModel(baseUrl, model, blankToNull(apiKey), timeout, temperature, maxTokens),
                "chat endpoint " + baseUrl + " (model " + model + ")", blankToNull(apiKey), keyHint, timeout);
        this.model = model;
        this.temperature = temperature;
        this.maxTokens = maxTokens;
        this.detail = ImageContent.DetailLevel.valueOf(imageDetail.toUpperCase(Locale.ROOT));
    }

    private static String blankToNull(String key) {
        return key == null || key.isBlank() ? null : key;
    }

    private static ChatModel chatModel(String baseUrl, String model, String apiKey, Duration timeout, Double temperature,
            Integer maxTokens) {
        OpenAiChatModel.OpenAiChatModelBuilder b = OpenAiChatModel.builder()
                .httpClientBuilder(new Http11ClientBuilder())
                .baseUrl(Objects.requireNonNull(baseUrl, "baseUrl"))
                .modelName(Objects.requireNonNull(model, "model"))
                .timeout(Objects.requireNonNull(timeout, "timeout"))
                .maxRetries(0)
                .logRequests(false)
                .logResponses(false);
        if (apiKey != null) {
            b.apiKey(apiKey);
        }
        if (temperature != null) {
            b.temperature(temperature);
        }
        if (maxTokens != null) {
            b.maxTokens(maxTokens);
        }
        return b.build();
    }

    @Override
    List<Content> contents(Conversation c) {
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

    @Override
    public String cacheIdentity() {
        return "openai-chat\u0000model=" + model + "\u0000temperature=" + temperature + "\u0000max_tokens=" + maxTokens
                + "\u0000detail=" + detail.name().toLowerCase(Locale.ROOT);
    }
}
