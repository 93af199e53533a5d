package org.omnireward.judge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.Modality;
import org.omnireward.core.ModelOption;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.util.Json;
import org.omnireward.runtime.endpoint.Credentials;
import org.omnireward.runtime.endpoint.EndpointList;
import org.omnireward.runtime.endpoint.EndpointUrl;

/**
 * What the chat-judge providers ({@code openai}, {@code anthropic}) read from a model spec the same
 * way, checked when the model is made so that a wrong option fails at startup rather than as a server's
 * 400 on the first request: the model name; the endpoints (option, else environment variable, else the
 * vendor's URL; one URL, a comma-separated list of replicas, or a file of URLs); the API key from the
 * environment variable an option names (only a hint of where it came from reaches messages); the
 * timeout; the temperature (its range, the provider's published one, is declared with the option and
 * checked where every option is); the extra request-body fields (a JSON object, fields the judge sets
 * itself refused); and the {@link JudgeSettings} of the shared options, which are declared here.
 */
final class ChatProviderSupport {

    private ChatProviderSupport() {}

    // ---- the options both chat judges take (each provider adds base-url, api-key-env, capabilities,
    // temperature and max-tokens with its own defaults and bounds) ----

    static final ModelOption<Integer> FRAMES = ModelOption.integer(
                    "frames", "frames sampled per video; when set, used for both the input video and each response")
            .withDefaultShownAs(JudgeSettings.DEFAULT_INPUT_FRAMES + " for a tv2t input video, "
                    + JudgeSettings.DEFAULT_RESPONSE_FRAMES + " per t2v response")
            .between(1, 64);
    static final ModelOption<String> JUDGE_MODE = ModelOption.choice(
                    "judge-mode",
                    "pairwise: both responses in one prompt; pointwise: each scored 1-5 alone",
                    "pairwise",
                    "pointwise")
            .withDefault("pairwise");
    static final ModelOption<Boolean> SWAP = ModelOption.bool(
                    "swap", "judge both orders; inconsistent pairs are ties (w/ ties) or flagged (w/o ties)")
            .withDefault(false);
    static final ModelOption<Integer> MAX_ATTEMPTS = ModelOption.integer(
                    "max-attempts",
                    "calls per question inside the judge (bench run retries whole judgements with --max-attempts)")
            .withDefault(1)
            .atLeast(1);
    static final ModelOption<Duration> TIMEOUT = ModelOption.duration(
                    "timeout", "per-request timeout: for connecting, and for the answer once the request is sent")
            .withDefault(Duration.ofSeconds(120))
            .above(Duration.ZERO);
    static final ModelOption<Boolean> CACHE = ModelOption.bool(
                    "cache",
                    "keep replies on disk ($XDG_CACHE_HOME/omni-reward/judge or -Domnireward.cache.dir=D: D/judge)")
            .withDefault(true);
    static final ModelOption<String> PROMPT_DIR =
            ModelOption.text("prompt-dir", "folder whose files replace the built-in prompt files of the same name");
    static final ModelOption<String> LAYOUT = ModelOption.choice(
                    "layout",
                    "where media sit in the prompt: ours (inside each section, sides named), or authors (the "
                            + "placement and original image size of the Omni-Reward authors' evaluation code)",
                    "ours",
                    "authors")
            .withDefault("ours");
    static final ModelOption<String> AUDIO_MODE = ModelOption.choice(
                    "audio-mode",
                    "separate: one input_audio part per clip; concat: t2a clips joined",
                    "separate",
                    "concat")
            .withDefault("separate");
    static final ModelOption<String> VIDEO_MODE = ModelOption.choice(
                    "video-mode",
                    "frames: sampled JPEG frames as images; native: the file as a video_url part; frame-list: the "
                            + "sampled frames as one video_url (vLLM's data:video/jpeg list)",
                    "frames",
                    "native",
                    "frame-list")
            .withDefault("frames");
    static final ModelOption<String> EXTRA_BODY = ModelOption.text(
            "extra-body",
            "a JSON object of fields added to every request, e.g. {\"chat_template_kwargs\": {\"enable_thinking\": false}}");

    /**
     * The options of a chat judge provider, in the order {@code omni-reward models} lists them: its
     * endpoint's {@code base-url} and {@code api-key-env}, its {@code capabilities}, the judge options
     * every chat provider shares (frames to layout), then {@code own}, the provider's own.
     */
    static List<ModelOption<?>> judgeOptions(
            EndpointOptions endpoint, ModelOption<List<String>> capabilities, ModelOption<?>... own) {
        List<ModelOption<?>> all = new ArrayList<>(List.of(
                endpoint.baseUrl(),
                endpoint.apiKeyEnv(),
                capabilities,
                FRAMES,
                JUDGE_MODE,
                SWAP,
                MAX_ATTEMPTS,
                TIMEOUT,
                CACHE,
                PROMPT_DIR,
                LAYOUT));
        all.addAll(List.of(own));
        return List.copyOf(all);
    }

    /** The options of a provider's endpoint, which differ in default or bounds between providers. */
    record EndpointOptions(
            ModelOption<String> baseUrl,
            String baseUrlEnv,
            String defaultBaseUrl,
            ModelOption<String> apiKeyEnv,
            ModelOption<Double> temperature) {

        /** {@code base-url}: option, else the environment variable, else the vendor's URL. */
        static ModelOption<String> baseUrlOption(String help, String baseUrlEnv, String defaultBaseUrl) {
            return ModelOption.text("base-url", help).withDefaultShownAs("$" + baseUrlEnv + ", else " + defaultBaseUrl);
        }
    }

    /**
     * Where and how to call.
     *
     * @param urls the replicas' base URLs
     * @param apiKey the key, or null
     * @param keyHint where the key came from, for messages (never the key)
     * @param temperature null for the server's default
     * @param credentials every secret to mask: the key and the URLs' secrets
     */
    record Endpoint(
            String model,
            List<EndpointUrl> urls,
            String apiKey,
            String keyHint,
            Duration timeout,
            Double temperature,
            Credentials credentials) {

        /** Whether every replica is OpenAI's own API (which takes no {@code video_url} and no vLLM fields). */
        boolean openAiProper() {
            return urls.stream().allMatch(u -> isOpenAiHost(u.host()));
        }
    }

    static boolean isOpenAiHost(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("api.openai.com") || h.endsWith(".openai.azure.com");
    }

    /**
     * @param provider the provider name, for errors
     * @param example an example spec, for the error when the model name is missing
     * @param options the provider's endpoint options
     * @param noKey what the key hint says when the variable is unset, e.g. "no API key was sent"
     * @throws InvalidInputException when the name is missing or a URL is malformed
     */
    static Endpoint endpoint(
            ModelSpec spec,
            String provider,
            String example,
            UnaryOperator<String> environment,
            EndpointOptions options,
            String noKey) {
        String model = spec.argument().trim();
        if (model.isEmpty()) {
            throw new InvalidInputException(
                    "model '" + provider + "' needs the model name sent in each request, e.g. " + example);
        }
        Optional<String> given = options.baseUrl().given(spec).filter(v -> !v.isBlank());
        String what = given.isPresent() ? "model option base-url" : "$" + options.baseUrlEnv();
        String baseUrl = given.orElseGet(() -> {
            String env = environment.apply(options.baseUrlEnv());
            return env == null || env.isBlank() ? options.defaultBaseUrl() : env.trim();
        });
        List<EndpointUrl> urls = EndpointList.parse(baseUrl, what);
        String keyVariable = options.apiKeyEnv()
                .given(spec)
                .filter(v -> !v.isBlank())
                .orElseGet(() -> options.apiKeyEnv().defaultValue().orElseThrow());
        String key = environment.apply(keyVariable);
        key = key == null || key.isBlank() ? null : key.strip();
        if (key != null && key.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
            throw new InvalidInputException("the API key in $" + keyVariable + " contains control characters");
        }
        String keyHint = key == null
                ? noKey + " ($" + keyVariable + " is not set; model option api-key-env names the variable)"
                : "the API key came from $" + keyVariable + " (model option api-key-env)";
        Credentials credentials = Credentials.none().with(urls, key);
        return new Endpoint(
                model,
                urls,
                key,
                keyHint,
                TIMEOUT.get(spec),
                options.temperature().find(spec).orElse(null),
                credentials);
    }

    /**
     * The {@code extra-body} option: a JSON object whose fields are added to every request body.
     *
     * @param owned fields the judge writes itself (they have their own options or must not change)
     * @param forbidden fields this endpoint does not accept, with the reason
     * @throws InvalidInputException naming the problem: not JSON (with the position), not an object, a field
     *     the judge owns, a forbidden field, or a known field of the wrong type
     */
    static ObjectNode extraBody(ModelSpec spec, Set<String> owned, Map<String, String> forbidden) {
        String v = EXTRA_BODY.find(spec).filter(s -> !s.isBlank()).orElse(null);
        if (v == null) {
            return null;
        }
        JsonNode n;
        try {
            n = Json.strictLines().readTree(v);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            var at = e.getLocation();
            throw new InvalidInputException("model option extra-body is not valid JSON"
                    + (at == null ? "" : " (column " + at.getColumnNr() + ")") + ": " + e.getOriginalMessage()
                    + "; expected an object such as {\"chat_template_kwargs\": {\"enable_thinking\": false}}");
        } catch (IOException e) {
            throw new InvalidInputException("model option extra-body cannot be read: " + e.getMessage());
        }
        if (n == null || !n.isObject()) {
            throw new InvalidInputException("model option extra-body must be a JSON object of request fields, got "
                    + (n == null ? "nothing" : n.getNodeType().name().toLowerCase(Locale.ROOT)));
        }
        ObjectNode o = (ObjectNode) n;
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        for (String f : names) {
            if (owned.contains(f)) {
                throw new InvalidInputException("model option extra-body sets \"" + f
                        + "\", which the judge sets itself"
                        + (f.startsWith("max_") || f.equals("temperature")
                                ? " (use model option " + (f.equals("temperature") ? "temperature" : "max-tokens") + ")"
                                : ""));
            }
            if (forbidden.containsKey(f)) {
                throw new InvalidInputException("model option extra-body sets \"" + f + "\": " + forbidden.get(f));
            }
        }
        for (String f : List.of("chat_template_kwargs", "mm_processor_kwargs", "media_io_kwargs", "thinking")) {
            if (o.has(f) && !o.get(f).isObject()) {
                throw new InvalidInputException("model option extra-body: \"" + f + "\" must be a JSON object, got "
                        + o.get(f).getNodeType().name().toLowerCase(Locale.ROOT));
            }
        }
        return o;
    }

    /**
     * The judge settings the common options give.
     *
     * @param capabilities the provider's {@code capabilities} option
     */
    static JudgeSettings settings(
            ModelSpec spec,
            ModelOption<List<String>> capabilities,
            UnaryOperator<String> properties,
            UnaryOperator<String> environment) {
        JudgeSettings s = JudgeSettings.defaults();
        if (capabilities.given(spec).isPresent()) {
            Set<Modality> caps = EnumSet.noneOf(Modality.class);
            for (String c : capabilities.get(spec)) {
                caps.add(JudgeSettings.capability(c));
            }
            s = s.withCapabilities(caps);
        }
        Optional<Integer> frames = FRAMES.find(spec);
        if (frames.isPresent()) {
            s = s.withFrames(frames.get(), frames.get());
        }
        s = s.withMode(JudgeSettings.Mode.valueOf(JUDGE_MODE.get(spec).toUpperCase(Locale.ROOT)));
        s = s.withSwap(SWAP.get(spec));
        s = s.withMaxAttempts(MAX_ATTEMPTS.get(spec));
        s = s.withLayout(JudgeSettings.Layout.valueOf(LAYOUT.get(spec).toUpperCase(Locale.ROOT)));
        s = s.withAudioMode(JudgeSettings.AudioMode.valueOf(AUDIO_MODE.get(spec).toUpperCase(Locale.ROOT)));
        if (s.layout() == JudgeSettings.Layout.AUTHORS
                && AUDIO_MODE.given(spec).filter(v -> v.equals("separate")).isPresent()) {
            throw new InvalidInputException(
                    "model option layout=authors joins the two t2a clips into one, as the authors' "
                            + "evaluation code does; it cannot be combined with audio-mode=separate");
        }
        s = s.withVideoMode(JudgeSettings.VideoMode.valueOf(
                VIDEO_MODE.get(spec).toUpperCase(Locale.ROOT).replace('-', '_')));
        Optional<String> promptDir = PROMPT_DIR.find(spec).filter(v -> !v.isBlank());
        if (promptDir.isPresent()) {
            s = s.withPromptDir(Path.of(promptDir.get()));
        }
        if (CACHE.get(spec)) {
            s = s.withCache(new ResponseCache(ResponseCache.defaultDirectory(properties, environment)));
        }
        return s;
    }

    /** The media encoder a layout needs: images scaled to 1,024 px (ours), or kept at their size (the authors'). */
    static JudgeMediaEncoder encoder(JudgeSettings settings) {
        return settings.layout() == JudgeSettings.Layout.AUTHORS
                ? JudgeMediaEncoder.originalSize()
                : JudgeMediaEncoder.standard();
    }
}
