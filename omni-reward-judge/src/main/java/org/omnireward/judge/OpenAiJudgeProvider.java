package org.omnireward.judge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.ModelOption;
import org.omnireward.core.ModelSpec;

/**
 * {@code --model openai:MODEL}: a {@link ChatJudge} over an OpenAI-compatible chat-completions
 * endpoint ({@link OpenAiChatBackend}); MODEL is the model name sent in each request, e.g. {@code
 * openai:gpt-4o} or {@code openai:Qwen/Qwen2.5-VL-7B-Instruct}. The options are listed by {@link
 * #options()} ({@code omni-reward models} prints them) and checked against what the endpoint accepts
 * when the model is made: the types, defaults and bounds the options declare (the temperature range
 * 0–2 among them), and for OpenAI's own API (api.openai.com) {@code max_completion_tokens} as the
 * token limit, no {@code video_url} parts and no vLLM request fields.
 */
public final class OpenAiJudgeProvider extends ChatJudgeProvider {

    /** The environment variable read for the base URL when model option base-url is not given. */
    public static final String BASE_URL_ENV = "OPENAI_BASE_URL";
    /** The environment variable read for the API key unless model option api-key-env names another. */
    public static final String DEFAULT_KEY_ENV = "OPENAI_API_KEY";
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

    static final ModelOption<String> BASE_URL = ChatProviderSupport.EndpointOptions.baseUrlOption(
            "API root, e.g. http://localhost:8000/v1; several replicas as a comma-separated list or a file of URLs "
                    + "(one per line)",
            BASE_URL_ENV,
            OpenAiChatBackend.DEFAULT_BASE_URL);
    static final ModelOption<String> API_KEY_ENV = ModelOption.text(
                    "api-key-env",
                    "environment variable holding the API key; unset or empty sends no Authorization header")
            .withDefault(DEFAULT_KEY_ENV);
    static final ModelOption<List<String>> CAPABILITIES = ModelOption.list(
                    "capabilities",
                    "what the model takes; tasks needing anything else are reported unsupported",
                    "text",
                    "image",
                    "video",
                    "audio")
            .withDefault(List.of("text", "image", "video"));
    /** OpenAI's published range for the chat API's temperature: 0 to 2. */
    static final ModelOption<Double> TEMPERATURE = ModelOption.decimal(
                    "temperature", "sampling temperature (OpenAI's published range)")
            .withDefaultShownAs("the server's")
            .between(0.0, 2.0);

    static final ModelOption<Integer> MAX_TOKENS = ModelOption.integer("max-tokens", "most tokens to generate")
            .withDefaultShownAs("the server's")
            .atLeast(1);
    static final ModelOption<String> MAX_TOKENS_FIELD = ModelOption.choice(
                    "max-tokens-field",
                    "the request field max-tokens is sent as; auto: max_completion_tokens for api.openai.com, "
                            + "max_tokens for other servers",
                    "auto",
                    "max_tokens",
                    "max_completion_tokens")
            .withDefault("auto");
    static final ModelOption<String> IMAGE_DETAIL = ModelOption.choice(
                    "image-detail", "the detail level sent with each image", "auto", "low", "high")
            .withDefault("auto");

    static final ChatProviderSupport.EndpointOptions ENDPOINT = new ChatProviderSupport.EndpointOptions(
            BASE_URL, BASE_URL_ENV, OpenAiChatBackend.DEFAULT_BASE_URL, API_KEY_ENV, TEMPERATURE);

    static final List<ModelOption<?>> OPTIONS = ChatProviderSupport.judgeOptions(
            ENDPOINT,
            CAPABILITIES,
            ChatProviderSupport.AUDIO_MODE,
            ChatProviderSupport.VIDEO_MODE,
            TEMPERATURE,
            MAX_TOKENS,
            MAX_TOKENS_FIELD,
            IMAGE_DETAIL,
            ChatProviderSupport.EXTRA_BODY);

    /** The provider as {@link java.util.ServiceLoader} creates it: reads the process environment. */
    public OpenAiJudgeProvider() {
        this(System::getenv, System::getProperty);
    }

    /** For tests: environment variables and system properties from the given functions. */
    OpenAiJudgeProvider(UnaryOperator<String> environment, UnaryOperator<String> properties) {
        super(environment, properties, CAPABILITIES, OPTIONS);
    }

    @Override
    public String name() {
        return "openai";
    }

    @Override
    public String description() {
        return "an LLM judge behind an OpenAI-compatible chat endpoint (argument: the model name, e.g. openai:gpt-4o)";
    }

    /** The chat backend the options give (shared by the judge and {@link TextChat}). */
    static ChatBackend backend(ModelSpec spec, UnaryOperator<String> environment) {
        ChatProviderSupport.Endpoint e = ChatProviderSupport.endpoint(
                spec,
                "openai",
                "openai:gpt-4o or " + "openai:Qwen/Qwen2.5-VL-7B-Instruct",
                environment,
                ENDPOINT,
                "no API key was sent");
        boolean openAi = e.openAiProper();
        Integer maxTokens = MAX_TOKENS.find(spec).orElse(null);
        String field = MAX_TOKENS_FIELD.get(spec);
        if (field.equals("auto")) {
            field = openAi ? "max_completion_tokens" : "max_tokens";
        }
        String videoMode = ChatProviderSupport.VIDEO_MODE.get(spec);
        if (openAi && !videoMode.equals("frames")) {
            throw new InvalidInputException(
                    "model option video-mode=" + videoMode + " sends video_url parts, which OpenAI's "
                            + "chat API does not take (its parts are text, image_url, input_audio and file); use video-mode=frames "
                            + "for " + e.urls().get(0).display());
        }
        ObjectNode extra = extraBody(spec, e, maxTokens);
        if (videoMode.equals("frame-list")) {
            checkFrameList(spec, extra);
        }
        return new OpenAiChatBackend(
                chatEndpoint(e), e.model(), e.temperature(), maxTokens, field, IMAGE_DETAIL.get(spec), extra);
    }

    /**
     * Model option {@code extra-body}, checked: it may not set the fields the request sets itself, nor,
     * for OpenAI's own API, vLLM's request fields.
     */
    private static ObjectNode extraBody(ModelSpec spec, ChatProviderSupport.Endpoint e, Integer maxTokens) {
        Set<String> owned = new HashSet<>(Set.of("model", "messages", "stream", "stream_options", "n"));
        if (e.temperature() != null) {
            owned.add("temperature");
        }
        if (maxTokens != null) {
            owned.add("max_tokens");
            owned.add("max_completion_tokens");
        }
        Map<String, String> forbidden = new LinkedHashMap<>();
        if (e.openAiProper()) {
            for (String f : VLLM_ONLY_FIELDS) {
                forbidden.put(
                        f,
                        "a vLLM request field, which OpenAI's API refuses ("
                                + e.urls().get(0).display() + ")");
            }
        }
        return ChatProviderSupport.extraBody(spec, owned, forbidden);
    }

    /** Refuses more frames than vLLM keeps of a frame list ({@code video-mode=frame-list}). */
    private static void checkFrameList(ModelSpec spec, ObjectNode extra) {
        if (ChatProviderSupport.FRAMES.find(spec).isEmpty()) {
            return;
        }
        int frames = ChatProviderSupport.FRAMES.find(spec).get();
        int kept = vllmFrameLimit(extra);
        if (kept > 0 && frames > kept) {
            throw new InvalidInputException("model option frames=" + frames
                    + " with video-mode=frame-list: vLLM keeps "
                    + "only the first " + kept + " frames of a frame list; start the server with --media-io-kwargs "
                    + "'{\"video\": {\"num_frames\": -1}}' and say so in extra-body {\"media_io_kwargs\": {\"video\": "
                    + "{\"num_frames\": " + frames + "}}}, or use at most " + kept + " frames");
        }
    }

    /** Where requests go: {@code <base-url>/chat/completions}, with a bearer token when there is a key. */
    private static ChatEndpoint chatEndpoint(ChatProviderSupport.Endpoint e) {
        List<String[]> headers = new ArrayList<>();
        if (e.apiKey() != null) {
            headers.add(new String[] {"Authorization", "Bearer " + e.apiKey()});
        }
        return new ChatEndpoint(
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
    }

    /** The frames vLLM keeps of a frame list, by the request's media_io_kwargs (default 32; -1: all). */
    private static int vllmFrameLimit(ObjectNode extra) {
        JsonNode n = extra == null
                ? null
                : extra.path("media_io_kwargs").path("video").path("num_frames");
        return n != null && n.isInt() ? (n.asInt() < 0 ? -1 : n.asInt()) : VLLM_DEFAULT_NUM_FRAMES;
    }

    @Override
    ChatBackend chatBackend(ModelSpec spec, UnaryOperator<String> environment) {
        return backend(spec, environment);
    }
}
