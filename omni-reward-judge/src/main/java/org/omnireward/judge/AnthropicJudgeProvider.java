package org.omnireward.judge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.ModelOption;
import org.omnireward.core.ModelSpec;

/**
 * {@code --model anthropic:MODEL}: the same {@link ChatJudge} core as {@code openai}, over Anthropic's
 * Messages API ({@link AnthropicChatBackend}). Text and images; videos as frames; no audio. Options:
 * {@code base-url} (default {@code $ANTHROPIC_BASE_URL}, else Anthropic's API; replicas as for
 * {@code openai}), {@code api-key-env} (default {@code ANTHROPIC_API_KEY}; a key is required), {@code
 * capabilities} (of text, image, video), {@code max-tokens} (default 2048), {@code temperature} (0 to
 * 1, the API's range), {@code extra-body} (e.g. {@code {"thinking": {"type": "enabled",
 * "budget_tokens": 1024}}}, checked as the API checks it) and the judge options the {@code openai}
 * provider shares: {@code frames}, {@code judge-mode}, {@code swap}, {@code max-attempts}, {@code
 * timeout}, {@code cache}, {@code prompt-dir}, {@code layout}.
 */
public final class AnthropicJudgeProvider extends ChatJudgeProvider {

    /** The environment variable read for the base URL when model option base-url is not given. */
    public static final String BASE_URL_ENV = "ANTHROPIC_BASE_URL";
    /** The environment variable read for the API key unless model option api-key-env names another. */
    public static final String DEFAULT_KEY_ENV = "ANTHROPIC_API_KEY";
    /** The smallest extended-thinking budget the Messages API accepts. */
    static final int MIN_THINKING_BUDGET = 1024;

    static final ModelOption<String> BASE_URL = ChatProviderSupport.EndpointOptions.baseUrlOption(
            "API root; several replicas as a comma-separated list or a file of URLs",
            BASE_URL_ENV,
            AnthropicChatBackend.DEFAULT_BASE_URL);
    static final ModelOption<String> API_KEY_ENV = ModelOption.text(
                    "api-key-env", "environment variable holding the API key")
            .withDefault(DEFAULT_KEY_ENV);
    static final ModelOption<List<String>> CAPABILITIES = ModelOption.list(
                    "capabilities",
                    "what the model takes (videos are sent as frames); tasks needing anything else are reported "
                            + "unsupported",
                    "text",
                    "image",
                    "video")
            .withDefault(List.of("text", "image", "video"));
    /** The Messages API's range for the temperature: 0 to 1. */
    static final ModelOption<Double> TEMPERATURE = ModelOption.decimal(
                    "temperature", "sampling temperature (the Messages API's range)")
            .withDefaultShownAs("the API's")
            .between(0.0, 1.0);

    static final ModelOption<Integer> MAX_TOKENS = ModelOption.integer("max-tokens", "most tokens to generate")
            .withDefault(AnthropicChatBackend.DEFAULT_MAX_TOKENS)
            .atLeast(1);

    static final ChatProviderSupport.EndpointOptions ENDPOINT = new ChatProviderSupport.EndpointOptions(
            BASE_URL, BASE_URL_ENV, AnthropicChatBackend.DEFAULT_BASE_URL, API_KEY_ENV, TEMPERATURE);

    static final List<ModelOption<?>> OPTIONS = ChatProviderSupport.judgeOptions(
            ENDPOINT, CAPABILITIES, ChatProviderSupport.EXTRA_BODY, TEMPERATURE, MAX_TOKENS);

    /** The provider as {@link java.util.ServiceLoader} creates it: reads the process environment. */
    public AnthropicJudgeProvider() {
        this(System::getenv, System::getProperty);
    }

    /** For tests: environment variables and system properties from the given functions. */
    AnthropicJudgeProvider(UnaryOperator<String> environment, UnaryOperator<String> properties) {
        super(environment, properties, CAPABILITIES, OPTIONS);
    }

    @Override
    public String name() {
        return "anthropic";
    }

    @Override
    public String description() {
        return "an LLM judge behind Anthropic's Messages API (argument: the model name, e.g. anthropic:claude-3-5-sonnet-latest)";
    }

    /** The chat backend the options give (shared by the judge and {@link TextChat}). */
    static ChatBackend backend(ModelSpec spec, UnaryOperator<String> environment) {
        ChatProviderSupport.Endpoint e = ChatProviderSupport.endpoint(
                spec, "anthropic", "anthropic:claude-3-5-sonnet-latest", environment, ENDPOINT, "no API key");
        if (e.apiKey() == null) {
            throw new InvalidInputException("model anthropic:" + e.model() + " needs an API key: " + e.keyHint());
        }
        int maxTokens = MAX_TOKENS.get(spec);
        ObjectNode extra = ChatProviderSupport.extraBody(
                spec,
                Set.of("model", "messages", "system", "max_tokens", "stream"),
                Map.of("temperature", "use model option temperature"));
        checkThinking(extra, maxTokens, e.temperature());
        List<String[]> headers = List.of(
                new String[] {"x-api-key", e.apiKey()},
                new String[] {"anthropic-version", AnthropicChatBackend.API_VERSION});
        ChatEndpoint endpoint = new ChatEndpoint(
                e.urls(),
                "messages",
                "Anthropic endpoint",
                e.model(),
                headers,
                false,
                e.credentials(),
                e.keyHint(),
                "check the model name and model option base-url (requests go to <base-url>/messages)",
                e.timeout(),
                Clock.systemUTC());
        return new AnthropicChatBackend(endpoint, e.model(), e.temperature(), maxTokens, extra);
    }

    /** Extended thinking as the Messages API accepts it: a budget of at least 1024 below max_tokens, no temperature. */
    private static void checkThinking(ObjectNode extra, int maxTokens, Double temperature) {
        JsonNode t = extra == null ? null : extra.get("thinking");
        if (t == null || !"enabled".equals(t.path("type").asText())) {
            return;
        }
        JsonNode budget = t.get("budget_tokens");
        if (budget == null
                || !budget.canConvertToInt()
                || budget.asInt() < MIN_THINKING_BUDGET
                || budget.asInt() >= maxTokens) {
            throw new InvalidInputException(
                    "model option extra-body: thinking.budget_tokens must be a whole number of at least "
                            + MIN_THINKING_BUDGET + " and below max-tokens (" + maxTokens + "), got " + budget);
        }
        if (temperature != null && temperature != 1.0) {
            throw new InvalidInputException(
                    "model option temperature=" + temperature + " cannot be combined with extended "
                            + "thinking (extra-body thinking): the Messages API accepts thinking only at the default temperature");
        }
    }

    @Override
    ChatBackend chatBackend(ModelSpec spec, UnaryOperator<String> environment) {
        return backend(spec, environment);
    }
}
