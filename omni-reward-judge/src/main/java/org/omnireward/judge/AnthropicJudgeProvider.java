package org.omnireward.judge;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.omnireward.core.ModelOption;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.RewardModel;
import org.omnireward.core.RewardModelProvider;

/**
 * {@code --model anthropic:MODEL}: the same {@link ChatJudge} core as {@code openai}, over Anthropic's
 * Messages API ({@link AnthropicChatBackend}). Text and images; videos as frames; no audio. Options:
 * {@code base-url} (default {@code $ANTHROPIC_BASE_URL}, else Anthropic's API), {@code api-key-env}
 * (default {@code ANTHROPIC_API_KEY}; a key is required), {@code capabilities} (of text, image,
 * video), and the judge options the {@code openai} provider shares: {@code frames}, {@code
 * judge-mode}, {@code swap}, {@code max-attempts}, {@code timeout}, {@code cache}, {@code
 * prompt-dir}, {@code temperature}, {@code max-tokens} (default 2048).
 */
public final class AnthropicJudgeProvider implements RewardModelProvider {

    /** The environment variable read for the base URL when model option base-url is not given. */
    public static final String BASE_URL_ENV = "ANTHROPIC_BASE_URL";
    /** The environment variable read for the API key unless model option api-key-env names another. */
    public static final String DEFAULT_KEY_ENV = "ANTHROPIC_API_KEY";

    private static final Set<String> SHARED = Set.of("frames", "judge-mode", "swap", "max-attempts", "timeout", "cache",
            "prompt-dir", "temperature");

    static final List<ModelOption> OPTIONS;

    static {
        List<ModelOption> o = new ArrayList<>();
        o.add(ModelOption.of("base-url", ModelOption.Type.STRING, null,
                "API root; default $" + BASE_URL_ENV + ", else " + AnthropicChatBackend.DEFAULT_BASE_URL));
        o.add(ModelOption.of("api-key-env", ModelOption.Type.STRING, DEFAULT_KEY_ENV, "environment variable holding the API key"));
        o.add(new ModelOption("capabilities", ModelOption.Type.LIST, "text,image,video",
                "what the model takes (videos are sent as frames); tasks needing anything else are reported unsupported",
                List.of("text", "image", "video")));
        for (ModelOption shared : OpenAiJudgeProvider.OPTIONS) {
            if (SHARED.contains(shared.name())) {
                o.add(shared);
            }
        }
        o.add(ModelOption.of("max-tokens", ModelOption.Type.INTEGER, "" + AnthropicChatBackend.DEFAULT_MAX_TOKENS,
                "most tokens to generate"));
        OPTIONS = List.copyOf(o);
    }

    private final UnaryOperator<String> environment;
    private final UnaryOperator<String> properties;

    /** The provider as {@link java.util.ServiceLoader} creates it: reads the process environment. */
    public AnthropicJudgeProvider() {
        this(System::getenv, System::getProperty);
    }

    /** For tests: environment variables and system properties from the given functions. */
    AnthropicJudgeProvider(UnaryOperator<String> environment, UnaryOperator<String> properties) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.properties = Objects.requireNonNull(properties, "properties");
    }

    @Override
    public String name() {
        return "anthropic";
    }

    @Override
    public String description() {
        return "an LLM judge behind Anthropic's Messages API (argument: the model name, e.g. anthropic:claude-3-5-sonnet-latest)";
    }

    @Override
    public List<ModelOption> options() {
        return OPTIONS;
    }

    /** The chat backend the options give (shared by the judge and {@link TextChat}). */
    static ChatBackend backend(ModelSpec spec, UnaryOperator<String> environment) {
        ChatProviderSupport.Endpoint e = ChatProviderSupport.endpoint(spec, "anthropic", "anthropic:claude-3-5-sonnet-latest",
                environment, BASE_URL_ENV, AnthropicChatBackend.DEFAULT_BASE_URL, DEFAULT_KEY_ENV, "no API key");
        int maxTokens = spec.option("max-tokens").isPresent() ? ChatProviderSupport.positiveInt(spec, "max-tokens")
                : AnthropicChatBackend.DEFAULT_MAX_TOKENS;
        return new AnthropicChatBackend(e.baseUrl(), e.model(), e.apiKey(), e.keyHint(), e.timeout(),
                e.temperature(), maxTokens);
    }

    @Override
    public RewardModel create(ModelSpec spec) {
        ChatBackend backend = backend(spec, environment);
        JudgeSettings settings = ChatProviderSupport.settings(spec, properties, environment);
        return new ChatJudge("anthropic:" + spec.argument().trim(), backend, JudgeMediaEncoder.standard(), settings);
    }
}
