package org.omnireward.judge;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.Modality;
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
            ModelOption.of("timeout", ModelOption.Type.DURATION, "120s", "per-request timeout"),
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
        String model = spec.argument().trim();
        if (model.isEmpty()) {
            throw new InvalidInputException("model 'openai' needs the model name sent in each request, e.g. openai:gpt-4o or "
                    + "openai:Qwen/Qwen2.5-VL-7B-Instruct");
        }
        String baseUrl = spec.option("base-url").filter(s -> !s.isBlank()).orElseGet(() -> {
            String env = environment.apply(BASE_URL_ENV);
            return env == null || env.isBlank() ? OpenAiChatBackend.DEFAULT_BASE_URL : env.trim();
        });
        if (!baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
            throw new InvalidInputException("model option base-url must be an http:// or https:// URL, got '" + baseUrl + "'");
        }
        String keyVariable = spec.option("api-key-env").filter(s -> !s.isBlank()).orElse(DEFAULT_KEY_ENV);
        String key = environment.apply(keyVariable);
        String keyHint = key == null || key.isBlank()
                ? "no API key was sent ($" + keyVariable + " is not set; model option api-key-env names the variable)"
                : "the API key came from $" + keyVariable + " (model option api-key-env)";
        Duration timeout = spec.durationOption("timeout", DEFAULT_TIMEOUT);
        if (timeout.isZero()) {
            throw new InvalidInputException("model option timeout must be positive");
        }
        Double temperature = spec.option("temperature").map(v -> spec.doubleOption("temperature", 0)).orElse(null);
        Integer maxTokens = spec.option("max-tokens").map(v -> positiveInt(spec, "max-tokens")).orElse(null);
        ChatBackend backend = new OpenAiChatBackend(baseUrl, model, key, keyHint, timeout, temperature, maxTokens,
                spec.option("image-detail").orElse("auto"));
        return backend;
    }

    @Override
    public RewardModel create(ModelSpec spec) {
        ChatBackend backend = backend(spec, environment);
        String model = spec.argument().trim();
        return new ChatJudge("openai:" + model, backend, JudgeMediaEncoder.standard(), settings(spec, properties, environment));
    }

    /** The judge settings the common options give (shared by every chat provider). */
    static JudgeSettings settings(ModelSpec spec, UnaryOperator<String> properties, UnaryOperator<String> environment) {
        JudgeSettings s = JudgeSettings.defaults();
        if (spec.option("capabilities").isPresent()) {
            Set<Modality> caps = EnumSet.noneOf(Modality.class);
            for (String c : spec.option("capabilities").get().split(",")) {
                if (!c.isBlank()) {
                    caps.add(JudgeSettings.capability(c));
                }
            }
            s = s.withCapabilities(caps);
        }
        if (spec.option("frames").isPresent()) {
            int frames = positiveInt(spec, "frames");
            if (frames > 64) {
                throw new InvalidInputException("model option frames must be at most 64, got " + frames);
            }
            s = s.withFrames(frames, frames);
        }
        s = s.withMode(JudgeSettings.Mode.valueOf(spec.option("judge-mode").orElse("pairwise").toUpperCase(Locale.ROOT)));
        s = s.withSwap(spec.booleanOption("swap", false));
        s = s.withMaxAttempts(positiveInt(spec, "max-attempts", 1));
        s = s.withAudioMode(JudgeSettings.AudioMode.valueOf(spec.option("audio-mode").orElse("separate").toUpperCase(Locale.ROOT)));
        s = s.withVideoMode(JudgeSettings.VideoMode.valueOf(spec.option("video-mode").orElse("frames").toUpperCase(Locale.ROOT)));
        if (spec.option("prompt-dir").filter(v -> !v.isBlank()).isPresent()) {
            s = s.withPromptDir(Path.of(spec.option("prompt-dir").get()));
        }
        if (spec.booleanOption("cache", true)) {
            s = s.withCache(new ResponseCache(ResponseCache.defaultDirectory(properties, environment)));
        }
        return s;
    }

    private static int positiveInt(ModelSpec spec, String option) {
        return positiveInt(spec, option, -1);
    }

    private static int positiveInt(ModelSpec spec, String option, int fallback) {
        long v = spec.longOption(option, fallback);
        if (v < 1 || v > Integer.MAX_VALUE) {
            throw new InvalidInputException("model option " + option + " must be a whole number of at least 1, got " + v);
        }
        return (int) v;
    }
}
