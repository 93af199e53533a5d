package org.omnireward.judge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.ModelOption;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.RewardModel;
import org.omnireward.core.RewardModelProvider;

/**
 * {@code --model openai:MODEL}: a {@link ChatJudge} over an OpenAI-compatible chat-completions
 * endpoint ({@link OpenAiChatBackend}); MODEL is the model name sent in each request, e.g. {@code
 * openai:gpt-4o} or {@code openai:Qwen/Qwen2.5-VL-7B-Instruct}. The options are listed by {@link
 * #options()} ({@code omni-reward models} prints them) and checked against what the endpoint accepts
 * when the model is made: for OpenAI's own API (api.openai.com) the temperature range 0–2, {@code
 * max_completion_tokens} as the token limit, no {@code video_url} parts and no vLLM request fields.
 */
public final class OpenAiJudgeProvider implements RewardModelProvider {

    /** The environment variable read for the base URL when model option base-url is not given. */
    public static final String BASE_URL_ENV = "OPENAI_BASE_URL";
    /** The environment variable read for the API key unless model option api-key-env names another. */
    public static final String DEFAULT_KEY_ENV = "OPENAI_API_KEY";
    /** The per-request timeout unless model option timeout is given. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
    /** The highest temperature OpenAI's chat API accepts (its published schema: 0 to 2). */
    static final double MAX_TEMPERATURE = 2.0;
    /** Frames vLLM keeps of a frame-list video unless its media_io_kwargs say otherwise (VideoMediaIO num_frames). */
    static final int VLLM_DEFAULT_NUM_FRAMES = 32;
    /** Request fields that only vLLM (and servers like it) accept; OpenAI answers 400 to them. */
    static final Set<String> VLLM_ONLY_FIELDS = Set.of(
            "chat_template_kwargs",
            "mm_processor_kwargs",
            "media_io_kwargs",
            "top_k",
            "min_p",
            "repetition_penalty",
            "skip_special_tokens",
            "include_stop_str_in_output",
            "chat_template",
            "add_generation_prompt",
            "continue_final_message",
            "structured_outputs",
            "priority");

    static final List<ModelOption> OPTIONS = List.of(
            ModelOption.of(
                    "base-url",
                    ModelOption.Type.STRING,
                    null,
                    "API root, e.g. http://localhost:8000/v1; several replicas as a comma-separated list or a file of "
                            + "URLs (one per line); default $" + BASE_URL_ENV + ", else "
                            + OpenAiChatBackend.DEFAULT_BASE_URL),
            ModelOption.of(
                    "api-key-env",
                    ModelOption.Type.STRING,
                    DEFAULT_KEY_ENV,
                    "environment variable holding the API key; unset or empty sends no Authorization header"),
            new ModelOption(
                    "capabilities",
                    ModelOption.Type.LIST,
                    "text,image,video",
                    "what the model takes; tasks needing anything else are reported unsupported",
                    List.of("text", "image", "video", "audio")),
            ModelOption.of(
                    "frames",
                    ModelOption.Type.INTEGER,
                    null,
                    "frames sampled per video (default 10 for a tv2t input video, 5 per t2v response)"),
            ModelOption.choice(
                    "judge-mode",
                    "pairwise",
                    "pairwise: both responses in one prompt; pointwise: each scored 1-5 alone",
                    "pairwise",
                    "pointwise"),
            ModelOption.of(
                    "swap",
                    ModelOption.Type.BOOLEAN,
                    "false",
                    "judge both orders; inconsistent pairs are ties (w/ ties) or flagged (w/o ties)"),
            ModelOption.of(
                    "max-attempts",
                    ModelOption.Type.INTEGER,
                    "1",
                    "calls per question inside the judge (bench run retries whole judgements with --max-attempts)"),
            ModelOption.of(
                    "timeout",
                    ModelOption.Type.DURATION,
                    "120s",
                    "per-request timeout: for connecting, and for the answer once the request is sent"),
            ModelOption.of(
                    "cache",
                    ModelOption.Type.BOOLEAN,
                    "true",
                    "keep replies on disk ($XDG_CACHE_HOME/omni-reward/judge or -Domnireward.cache.dir=D: D/judge)"),
            ModelOption.of(
                    "prompt-dir",
                    ModelOption.Type.STRING,
                    null,
                    "folder whose files replace the built-in prompt files of the same name"),
            ModelOption.choice(
                    "layout",
                    "ours",
                    "where media sit in the prompt: ours (inside each section, sides named), "
                            + "or authors (the placement and original image size of the Omni-Reward authors' evaluation code)",
                    "ours",
                    "authors"),
            ModelOption.choice(
                    "audio-mode",
                    "separate",
                    "separate: one input_audio part per clip; concat: t2a clips joined",
                    "separate",
                    "concat"),
            ModelOption.choice(
                    "video-mode",
                    "frames",
                    "frames: sampled JPEG frames as images; native: the file as a "
                            + "video_url part; frame-list: the sampled frames as one video_url (vLLM's data:video/jpeg list)",
                    "frames",
                    "native",
                    "frame-list"),
            ModelOption.of(
                    "temperature",
                    ModelOption.Type.DECIMAL,
                    null,
                    "sampling temperature, 0 to 2 (default: the server's)"),
            ModelOption.of(
                    "max-tokens", ModelOption.Type.INTEGER, null, "most tokens to generate (default: the server's)"),
            ModelOption.choice(
                    "max-tokens-field",
                    "auto",
                    "the request field max-tokens is sent as; auto: "
                            + "max_completion_tokens for api.openai.com, max_tokens for other servers",
                    "auto",
                    "max_tokens",
                    "max_completion_tokens"),
            ModelOption.choice("image-detail", "auto", "the detail level sent with each image", "auto", "low", "high"),
            ModelOption.of(
                    "extra-body",
                    ModelOption.Type.STRING,
                    null,
                    "a JSON object of fields added to every request, e.g. {\"chat_template_kwargs\": {\"enable_thinking\": false}}"));

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
        ChatProviderSupport.Endpoint e = ChatProviderSupport.endpoint(
                spec,
                "openai",
                "openai:gpt-4o or " + "openai:Qwen/Qwen2.5-VL-7B-Instruct",
                environment,
                BASE_URL_ENV,
                OpenAiChatBackend.DEFAULT_BASE_URL,
                DEFAULT_KEY_ENV,
                "no API key was sent",
                MAX_TEMPERATURE);
        boolean openAi = e.openAiProper();
        Integer maxTokens = spec.option("max-tokens")
                .map(v -> ChatProviderSupport.positiveInt(spec, "max-tokens"))
                .orElse(null);
        String field = spec.option("max-tokens-field").orElse("auto");
        if (field.equals("auto")) {
            field = openAi ? "max_completion_tokens" : "max_tokens";
        }
        String videoMode = spec.option("video-mode").orElse("frames");
        if (openAi && !videoMode.equals("frames")) {
            throw new InvalidInputException(
                    "model option video-mode=" + videoMode + " sends video_url parts, which OpenAI's "
                            + "chat API does not take (its parts are text, image_url, input_audio and file); use video-mode=frames "
                            + "for " + e.urls().get(0).display());
        }
        Set<String> owned = new HashSet<>(Set.of("model", "messages", "stream", "stream_options", "n"));
        if (e.temperature() != null) {
            owned.add("temperature");
        }
        if (maxTokens != null) {
            owned.add("max_tokens");
            owned.add("max_completion_tokens");
        }
        Map<String, String> forbidden = new LinkedHashMap<>();
        if (openAi) {
            for (String f : VLLM_ONLY_FIELDS) {
                forbidden.put(
                        f,
                        "a vLLM request field, which OpenAI's API refuses ("
                                + e.urls().get(0).display() + ")");
            }
        }
        ObjectNode extra = ChatProviderSupport.extraBody(spec, owned, forbidden);
        if (videoMode.equals("frame-list") && spec.option("frames").isPresent()) {
            int frames = ChatProviderSupport.positiveInt(spec, "frames");
            int kept = vllmFrameLimit(extra);
            if (kept > 0 && frames > kept) {
                throw new InvalidInputException("model option frames=" + frames
                        + " with video-mode=frame-list: vLLM keeps "
                        + "only the first " + kept + " frames of a frame list; start the server with --media-io-kwargs "
                        + "'{\"video\": {\"num_frames\": -1}}' and say so in extra-body {\"media_io_kwargs\": {\"video\": "
                        + "{\"num_frames\": " + frames + "}}}, or use at most " + kept + " frames");
            }
        }
        List<String[]> headers = new ArrayList<>();
        if (e.apiKey() != null) {
            headers.add(new String[] {"Authorization", "Bearer " + e.apiKey()});
        }
        ChatEndpoint endpoint = new ChatEndpoint(
                e.urls(),
                "chat/completions",
                "chat endpoint",
                e.model(),
                headers,
                e.apiKey() != null,
                e.credentials(),
                e.keyHint(),
                "check the model name and model option base-url (requests go to <base-url>/chat/completions)",
                e.timeout(),
                Clock.systemUTC());
        return new OpenAiChatBackend(
                endpoint,
                e.model(),
                e.temperature(),
                maxTokens,
                field,
                spec.option("image-detail").orElse("auto").toLowerCase(Locale.ROOT),
                extra);
    }

    /** The frames vLLM keeps of a frame list, by the request's media_io_kwargs (default 32; -1: all). */
    private static int vllmFrameLimit(ObjectNode extra) {
        JsonNode n = extra == null
                ? null
                : extra.path("media_io_kwargs").path("video").path("num_frames");
        return n != null && n.isInt() ? (n.asInt() < 0 ? -1 : n.asInt()) : VLLM_DEFAULT_NUM_FRAMES;
    }

    @Override
    public RewardModel create(ModelSpec spec) {
        JudgeSettings settings = ChatProviderSupport.settings(spec, properties, environment);
        ChatBackend backend = backend(spec, environment);
        return new ChatJudge(
                "openai:" + spec.argument().trim(), backend, ChatProviderSupport.encoder(settings), settings);
    }
}
