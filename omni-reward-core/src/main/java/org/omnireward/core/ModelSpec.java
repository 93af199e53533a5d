package org.omnireward.core;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A model as the user names it: {@code provider[:argument]} plus options, e.g. {@code length},
 * {@code bt:models/my-bt}, {@code pooling:http://gpu-box:8000#OmniRewardModel-BT}. The provider
 * name is everything before the first colon; what the argument means is up to the provider.
 */
public record ModelSpec(String provider, String argument, Map<String, String> options) {

    public ModelSpec {
        Objects.requireNonNull(provider, "provider");
        argument = argument == null ? "" : argument;
        Map<String, String> trimmed = new TreeMap<>();
        if (options != null) {
            options.forEach((k, v) -> trimmed.put(k.trim(), v == null ? "" : v.trim()));
        }
        options = Map.copyOf(trimmed); // what is validated is what providers read
    }

    /**
     * Parses {@code provider[:argument]}.
     *
     * @throws InvalidInputException for a blank spec or provider name
     */
    public static ModelSpec parse(String spec) {
        return parse(spec, Map.of());
    }

    /** Parses {@code provider[:argument]} with extra options (e.g. {@code seed}). */
    public static ModelSpec parse(String spec, Map<String, String> options) {
        if (spec == null || spec.isBlank()) {
            throw new InvalidInputException(
                    "empty model spec; expected provider[:argument], e.g. length or bt:models/my-bt");
        }
        String s = spec.trim();
        int colon = s.indexOf(':');
        String provider = colon < 0 ? s : s.substring(0, colon);
        String arg = colon < 0 ? "" : s.substring(colon + 1);
        if (provider.isBlank()) {
            throw new InvalidInputException("model spec '" + spec + "' has no provider name before ':'");
        }
        return new ModelSpec(provider.trim(), arg, options);
    }

    /** An option's value, if set. */
    public Optional<String> option(String key) {
        return Optional.ofNullable(options.get(key));
    }

    /** An integer option, or {@code fallback} when unset. */
    public long longOption(String key, long fallback) {
        String v = options.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("model option '" + key + "' must be an integer, got '" + v + "'");
        }
    }

    /** A true/false option, or {@code fallback} when unset. */
    public boolean booleanOption(String key, boolean fallback) {
        String v = options.get(key);
        if (v == null) {
            return fallback;
        }
        String t = v.trim();
        if (t.equalsIgnoreCase("true")) {
            return true;
        }
        if (t.equalsIgnoreCase("false")) {
            return false;
        }
        throw new InvalidInputException("model option '" + key + "' must be true or false, got '" + v + "'");
    }

    /** A duration option ({@code 30s}, {@code 500ms}, {@code 2m}, ISO-8601), or {@code fallback} when unset. */
    public java.time.Duration durationOption(String key, java.time.Duration fallback) {
        String v = options.get(key);
        return v == null ? fallback : ModelOption.parseDuration("model option '" + key + "'", v);
    }

    /** A decimal option, or {@code fallback} when unset. */
    public double doubleOption(String key, double fallback) {
        String v = options.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(v.trim());
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new InvalidInputException("model option '" + key + "' must be a number, got '" + v + "'");
        }
    }

    /** This spec with one more option. */
    public ModelSpec withOption(String key, String value) {
        Map<String, String> m = new TreeMap<>(options);
        m.put(key, value);
        return new ModelSpec(provider, argument, m);
    }

    @Override
    public String toString() {
        return argument.isEmpty() ? provider : provider + ":" + argument;
    }
}
