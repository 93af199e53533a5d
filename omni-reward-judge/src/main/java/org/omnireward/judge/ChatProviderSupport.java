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
import java.util.Set;
import java.util.function.UnaryOperator;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.Modality;
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
 * timeout; the temperature within the provider's published range; the extra request-body fields
 * (a JSON object, fields the judge sets itself refused); and the {@link JudgeSettings} of the shared
 * options.
 */
final class ChatProviderSupport {

    private ChatProviderSupport() {}

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
     * @param noKey what the key hint says when the variable is unset, e.g. "no API key was sent"
     * @param maxTemperature the largest temperature the provider's API accepts
     * @throws InvalidInputException when the name is missing, a URL is malformed, the timeout is zero or
     *     the temperature is out of range
     */
    static Endpoint endpoint(
            ModelSpec spec,
            String provider,
            String example,
            UnaryOperator<String> environment,
            String baseUrlEnv,
            String defaultBaseUrl,
            String defaultKeyEnv,
            String noKey,
            double maxTemperature) {
        String model = spec.argument().trim();
        if (model.isEmpty()) {
            throw new InvalidInputException(
                    "model '" + provider + "' needs the model name sent in each request, e.g. " + example);
        }
        String what = spec.option("base-url").filter(s -> !s.isBlank()).isPresent()
                ? "model option base-url"
                : "$" + baseUrlEnv;
        String baseUrl = spec.option("base-url").filter(s -> !s.isBlank()).orElseGet(() -> {
            String env = environment.apply(baseUrlEnv);
            return env == null || env.isBlank() ? defaultBaseUrl : env.trim();
        });
        List<EndpointUrl> urls = EndpointList.parse(baseUrl, what);
        String keyVariable =
                spec.option("api-key-env").filter(s -> !s.isBlank()).orElse(defaultKeyEnv);
        String key = environment.apply(keyVariable);
        key = key == null || key.isBlank() ? null : key.strip();
        if (key != null && key.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
            throw new InvalidInputException("the API key in $" + keyVariable + " contains control characters");
        }
        String keyHint = key == null
                ? noKey + " ($" + keyVariable + " is not set; model option api-key-env names the variable)"
                : "the API key came from $" + keyVariable + " (model option api-key-env)";
        Duration timeout = spec.durationOption("timeout", OpenAiJudgeProvider.DEFAULT_TIMEOUT);
        if (timeout.isZero() || timeout.isNegative()) {
            throw new InvalidInputException("model option timeout must be positive");
        }
        Double temperature = spec.option("temperature")
                .map(v -> spec.doubleOption("temperature", 0))
                .orElse(null);
        if (temperature != null && (temperature < 0 || temperature > maxTemperature)) {
            throw new InvalidInputException("model option temperature must be between 0 and " + (int) maxTemperature
                    + " for " + provider + ":" + model + " (the range its API accepts), got "
                    + spec.option("temperature").get());
        }
        Credentials credentials = Credentials.none().with(urls, key);
        return new Endpoint(model, urls, key, keyHint, timeout, temperature, credentials);
    }

    /**
     * The {@code extra-body} option: a JSON object whose fields are added to every request body.
     *
     * @param owned fields the judge writes itself (they have their own options or must not change)
     * @param forbidden fields this endpoint does not accept, with the reason
     * @throws InvalidInputException naming the problem: not JSON (with the position), not an object, a field
     *     the judge owns, a forbidden field, or a known field of the wrong type
     */
    static ObjectNode extraBody(ModelSpec spec, Set<String> owned, java.util.Map<String, String> forbidden) {
        String v = spec.option("extra-body").filter(s -> !s.isBlank()).orElse(null);
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

    /** The judge settings the common options give. */
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
        s = s.withMode(JudgeSettings.Mode.valueOf(
                spec.option("judge-mode").orElse("pairwise").toUpperCase(Locale.ROOT)));
        s = s.withSwap(spec.booleanOption("swap", false));
        s = s.withMaxAttempts(positiveInt(spec, "max-attempts", 1));
        s = s.withLayout(JudgeSettings.Layout.valueOf(
                spec.option("layout").orElse("ours").toUpperCase(Locale.ROOT)));
        s = s.withAudioMode(JudgeSettings.AudioMode.valueOf(
                spec.option("audio-mode").orElse("separate").toUpperCase(Locale.ROOT)));
        if (s.layout() == JudgeSettings.Layout.AUTHORS
                && spec.option("audio-mode").filter(v -> v.equals("separate")).isPresent()) {
            throw new InvalidInputException(
                    "model option layout=authors joins the two t2a clips into one, as the authors' "
                            + "evaluation code does; it cannot be combined with audio-mode=separate");
        }
        s = s.withVideoMode(JudgeSettings.VideoMode.valueOf(spec.option("video-mode")
                .orElse("frames")
                .toUpperCase(Locale.ROOT)
                .replace('-', '_')));
        if (spec.option("prompt-dir").filter(v -> !v.isBlank()).isPresent()) {
            s = s.withPromptDir(Path.of(spec.option("prompt-dir").get()));
        }
        if (spec.booleanOption("cache", true)) {
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

    /** A whole-number option of at least 1; an error naming the option otherwise. */
    static int positiveInt(ModelSpec spec, String option) {
        return positiveInt(spec, option, -1);
    }

    private static int positiveInt(ModelSpec spec, String option, int fallback) {
        long v = spec.longOption(option, fallback);
        if (v < 1 || v > Integer.MAX_VALUE) {
            throw new InvalidInputException(
                    "model option " + option + " must be a whole number of at least 1, got " + v);
        }
        return (int) v;
    }
}
