package org.omnireward.judge;

import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.omnireward.core.InvalidInputException;

/**
 * {@link ChatBackend} for Anthropic's Messages API through LangChain4j's {@link AnthropicChatModel}:
 * HTTP/1.1 ({@link Http11ClientBuilder}), LangChain4j's retries off, the per-request timeout, the key
 * sent as {@code x-api-key}. It takes text and images (base64 {@code image} blocks); videos reach it
 * as frames. Audio and whole-video parts are refused with an error naming the part, because the
 * Messages API has no such content.
 */
public final class AnthropicChatBackend extends LangChain4jChatBackend {

    /** Anthropic's API root, used when neither model option base-url nor ANTHROPIC_BASE_URL is set. */
    public static final String DEFAULT_BASE_URL = "https://api.anthropic.com/v1/";
    /** Tokens to generate unless model option max-tokens says otherwise (the API requires a limit). */
    public static final int DEFAULT_MAX_TOKENS = 2048;

    private final String model;
    private final Double temperature;
    private final int maxTokens;

    /**
     * @param apiKey the key, sent as {@code x-api-key}; required
     * @param keyHint how the key was chosen, for authentication errors (never the key itself)
     */
    public AnthropicChatBackend(String baseUrl, String model, String apiKey, String keyHint, Duration timeout,
            Double temperature, Integer maxTokens) {
        super(chatModel(baseUrl, model, requireKey(model, apiKey, keyHint), timeout, temperature,
                        maxTokens == null ? DEFAULT_MAX_TOKENS : maxTokens),
                "Anthropic endpoint " + baseUrl + " (model " + model + ")", apiKey, keyHint, timeout);
        this.model = model;
        this.temperature = temperature;
        this.maxTokens = maxTokens == null ? DEFAULT_MAX_TOKENS : maxTokens;
    }

    private static String requireKey(String model, String apiKey, String keyHint) {
        if (apiKey == null || apiKey.isBlank()) {
            throw new InvalidInputException("model anthropic:" + model + " needs an API key: " + keyHint);
        }
        return apiKey;
    }

    private static ChatModel chatModel(String baseUrl, String model, String apiKey, Duration timeout, Double temperature,
            int maxTokens) {
        AnthropicChatModel.AnthropicChatModelBuilder b = AnthropicChatModel.builder()
                .httpClientBuilder(new Http11ClientBuilder())
                .baseUrl(Objects.requireNonNull(baseUrl, "baseUrl"))
                .apiKey(apiKey)
                .modelName(Objects.requireNonNull(model, "model"))
                .maxTokens(maxTokens)
                .timeout(Objects.requireNonNull(timeout, "timeout"))
                .maxRetries(0)
                .logRequests(false)
                .logResponses(false);
        if (temperature != null) {
            b.temperature(temperature);
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
                out.add(ImageContent.from(d.base64(), d.mimeType()));
            } else {
                throw new InvalidInputException("model anthropic:" + model + " cannot take "
                        + (p instanceof Conversation.Audio ? "audio" : "a whole video (video-mode=native)")
                        + ": Anthropic's Messages API has no such content; send videos as frames");
            }
        }
        return out;
    }

    @Override
    public String cacheIdentity() {
        return "anthropic-messages\u0000model=" + model + "\u0000temperature=" + temperature + "\u0000max_tokens=" + maxTokens;
    }
}
