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

    /**
     * An option's value as the user wrote it, if set. Providers read their options typed, through the
     * {@link ModelOption} they declare ({@link ModelOption#get}, {@link ModelOption#find}).
     */
    public Optional<String> option(String key) {
        return Optional.ofNullable(options.get(key));
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
