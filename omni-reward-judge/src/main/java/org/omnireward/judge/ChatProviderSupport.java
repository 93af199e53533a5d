package org.omnireward.judge;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.Modality;
import org.omnireward.core.ModelSpec;

/**
 * What the chat-judge providers ({@code openai}, {@code anthropic}) read from a model spec the same
 * way: the model name, the endpoint (option, else environment variable, else the vendor's URL), the
 * API key from the environment variable an option names (only a hint of where it came from reaches
 * messages), the timeout and temperature, and the {@link JudgeSettings} of the shared options.
 */
final class ChatProviderSupport {

    private ChatProviderSupport() {
    }

    /**
     * Where and how to call: the model name, base URL, key and the hint that names its source,
     * per-request timeout and temperature (null for the server's default).
     */
    record Endpoint(String model, String baseUrl, String apiKey, String keyHint, Duration timeout, Double temperature) {
    }

    /**
     * @param provider the provider name, for errors
     * @param example an example spec, for the error when the model name is missing
     * @param noKey what the key hint says when the variable is unset, e.g. "no API key was sent"
     * @throws InvalidInputException when the name is missing, the URL is not http(s) or the timeout is zero
     */
    static Endpoint endpoint(ModelSpec spec, String provider, String example, UnaryOperator<String> environment,
            String baseUrlEnv, String defaultBaseUrl, String defaultKeyEnv, String noKey) {
        String model = spec.argument().trim();
        if (model.isEmpty()) {
            throw new InvalidInputException("model '" + provider + "' needs the model name sent in each request, e.g. " + example);
        }
        String baseUrl = spec.option("base-url").filter(s -> !s.isBlank()).orElseGet(() -> {
            String env = environment.apply(baseUrlEnv);
            return env == null || env.isBlank() ? defaultBaseUrl : env.trim();
        });
        if (!baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
            throw new InvalidInputException("model option base-url must be an http:// or https:// URL, got '" + baseUrl + "'");
        }
        String keyVariable = spec.option("api-key-env").filter(s -> !s.isBlank()).orElse(defaultKeyEnv);
        String key = environment.apply(keyVariable);
        String keyHint = key == null || key.isBlank()
                ? noKey + " ($" + keyVariable + " is not set; model option api-key-env names the variable)"
                : "the API key came from $" + keyVariable + " (model option api-key-env)";
        Duration timeout = spec.durationOption("timeout", OpenAiJudgeProvider.DEFAULT_TIMEOUT);
        if (timeout.isZero()) {
            throw new InvalidInputException("model option timeout must be positive");
        }
        Double temperature = spec.option("temperature").map(v -> spec.doubleOption("temperature", 0)).orElse(null);
        return new Endpoint(model, baseUrl, key, keyHint, timeout, temperature);
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

    /** A whole-number option of at least 1; an error naming the option otherwise. */
    static int positiveInt(ModelSpec spec, String option) {
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
