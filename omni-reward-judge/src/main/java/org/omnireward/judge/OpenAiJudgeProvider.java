package org.omnireward.judge;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.omnireward.core.ModelOption;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.RewardModel;
import org.omnireward.core.RewardModelProvider;

/**
 * {@code --model openai:MODEL}: a {@link ChatJudge} over an OpenAI-compatible chat-completions
 * endpoint ({@link OpenAiChatBackend}); MODEL is the model name sent in each request, e.g. {@code
 * openai:gpt-4o} or {@code openai:Qwen/Qwen2.5-VL-7B-Instruct}. The options are listed by {@link
 * #options()} ({@code omni-reward models} prints them).
 */
public final class OpenAiJudgeProvider implements RewardModelProvider {

    /** The environment variable read for the base URL when model option base-url is not given. */
    public static final String BASE_URL_ENV = "OPENAI_BASE_URL";
    /** The environment variable read for the API key unless model option api-key-env names another. */
    public static final String DEFAULT_KEY_ENV = "OPENAI_API_KEY";
    /** The per-request timeout unless model option timeout is given. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    static final List<ModelOption> OPTIONS = List.of(
            ModelOption.of("base-url", ModelOption.Type.STRING, null,
                    "API root, e.g. http://localhost:8000/v1; default $" + BASE_URL_ENV + ", else " + OpenAiChatBackend.DEFAULT_BASE_URL),
            ModelOption.of("api-key-env", ModelOption.Type.STRING, DEFAULT_KEY_ENV,
                    "environment variable holding the API key; unset or empty sends no Authorization header"),
            new ModelOption("capabilities", ModelOption.Type.LIST, "text,image,video",
                    "what the model takes; tasks needing anything else are reported unsupported",
                    List.of("text", "image", "video", "audio")),
            ModelOption.of("frames", ModelOption.Type.INTEGER, null,
                    "frames sampled per video (default 10 for a tv2t input video, 5 per t2v response)"),
            ModelOption.choice("judge-mode", "pairwise", "pairwise: both responses in one prompt; pointwise: each scored 1-5 alone",
                    "pairwise", "pointwise"),
            ModelOption.of("swap", ModelOption.Type.BOOLEAN, "false",
                    "judge both orders; inconsistent pairs are ties (w/ ties) or flagged (w/o ties)"),
            ModelOption.of("max-attempts", ModelOption.Type.INTEGER, "1",
                    "calls per question inside the judge (bench run retries whole judgements with --max-attempts)"),
            ModelOption.of("timeout", ModelOption.Type.DURATION, "120s",
                    "per-request timeout: for connecting, and for the answer once the request is sent"),
            ModelOption.of("cache", ModelOption.Type.BOOLEAN, "true",
                    "keep replies on disk ($XDG_CACHE_HOME/omni-reward/judge or -Domnireward.cache.dir=D: D/judge)"),
            ModelOption.of("prompt-dir", ModelOption.Type.STRING, null,
                    "folder whose files replace the built-in prompt files of the same name"),
            ModelOption.choice("audio-mode", "separate", "separate: one input_audio part per clip; concat: t2a clips joined",
                    "separate", "concat"),
            ModelOption.choice("video-mode", "frames", "frames: sampled JPEG frames; native: the file as a video_url part",
                    "frames", "native"),
            ModelOption.of("temperature", ModelOption.Type.DECIMAL, null, "sampling temperature (default: the server's)"),
            ModelOption.of("max-tokens", ModelOption.Type.INTEGER, null, "most tokens to generate (default: the server's)"),
            ModelOption.choice("image-detail", "auto", "the detail level sent with each image", "auto", "low", "high"));

    private final UnaryOperator<String> environment;
    private final UnaryOperator<String> properties;

    /** The provider as {@link java.util.ServiceLoader} creates it: reads the process environment. */
    public OpenAiJudgeProvider() {
        this(System::getenv, System::getProperty);
    }

    /** For tests: environment variables and system properties from the given functions. */
    OpenAiJudgeProvider(UnaryOperator<String> environment, UnaryOperator<String> properties) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.properties = Objects.requireNonNull(properties, "properties");
    }

    @Override
    public String name() {
        return "openai";
    }

    @Override
    public String description() {
        return "an LLM judge behind an OpenAI-compatible chat endpoint (argument: the model name, e.g. openai:gpt-4o)";
    }

    @Override
    public List<ModelOption> options() {
        return OPTIONS;
    }

    /** The chat backend the options give (shared by the judge and {@link TextChat}). */
    static ChatBackend backend(ModelSpec spec, UnaryOperator<String> environment) {
        ChatProviderSupport.Endpoint e = ChatProviderSupport.endpoint(spec, "openai", "openai:gpt-4o or "
                + "openai:Qwen/Qwen2.5-VL-7B-Instruct", environment, BASE_URL_ENV, OpenAiChatBackend.DEFAULT_BASE_URL,
                DEFAULT_KEY_ENV, "no API key was sent");
        Integer maxTokens = spec.option("max-tokens").map(v -> ChatProviderSupport.positiveInt(spec, "max-tokens")).orElse(null);
        return new OpenAiChatBackend(e.baseUrl(), e.model(), e.apiKey(), e.keyHint(), e.timeout(),
                e.temperature(), maxTokens, spec.option("image-detail").orElse("auto"));
    }

    @Override
    public RewardModel create(ModelSpec spec) {
        ChatBackend backend = backend(spec, environment);
        return new ChatJudge("openai:" + spec.argument().trim(), backend, JudgeMediaEncoder.standard(),
                ChatProviderSupport.settings(spec, properties, environment));
    }
}
