package org.omnireward.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Finds {@link RewardModelProvider}s on the class path and creates models from specs. This is the
 * one place where a spec's options are validated against what its provider declares.
 */
public final class RewardModels {

    private RewardModels() {}

    /**
     * All providers visible to this class's class loader (and the thread's context class loader),
     * sorted by name.
     *
     * @throws InvalidInputException when two providers share a name (case-insensitively): which one
     *     {@code --model} would get must never depend on class-path order
     */
    public static List<RewardModelProvider> providers() {
        Map<String, RewardModelProvider> byName = new TreeMap<>();
        List<RewardModelProvider> all = new ArrayList<>();
        ServiceLoader.load(RewardModelProvider.class, RewardModels.class.getClassLoader())
                .forEach(all::add);
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null && context != RewardModels.class.getClassLoader()) {
            ServiceLoader.load(RewardModelProvider.class, context).forEach(all::add);
        }
        for (RewardModelProvider p : all) {
            String key = p.name().toLowerCase(Locale.ROOT);
            RewardModelProvider earlier = byName.putIfAbsent(key, p);
            if (earlier != null && earlier.getClass() != p.getClass()) {
                throw new InvalidInputException("two model providers are named '" + p.name() + "': "
                        + earlier.getClass().getName() + " and " + p.getClass().getName()
                        + "; remove one of the jars that hold them from the class path");
            }
        }
        List<RewardModelProvider> sorted = new ArrayList<>(byName.values());
        sorted.sort(Comparator.comparing(RewardModelProvider::name));
        return sorted;
    }

    /** The provider named {@code name} (case-insensitive). */
    public static RewardModelProvider provider(String name) {
        List<RewardModelProvider> all = providers();
        for (RewardModelProvider p : all) {
            if (p.name().equalsIgnoreCase(name)) {
                return p;
            }
        }
        String names = all.stream().map(RewardModelProvider::name).collect(Collectors.joining(", "));
        throw new InvalidInputException(
                "unknown model '" + name + "'; available: " + (names.isEmpty() ? "(none on the class path)" : names));
    }

    /** Creates the model {@code spec} names. */
    public static RewardModel create(String spec) {
        return create(ModelSpec.parse(spec, Map.of()));
    }

    /**
     * Creates the model {@code spec} names, after checking its options against the provider's.
     *
     * @throws InvalidInputException when no provider has that name (the message lists those that
     *     exist), or an option is unknown (the message lists the valid ones) or ill-typed
     */
    public static RewardModel create(ModelSpec spec) {
        RewardModelProvider p = provider(spec.provider());
        validateOptions(p, spec);
        return p.create(spec);
    }

    /**
     * Checks every option of {@code spec} against what {@code provider} declares.
     *
     * @throws InvalidInputException for an unknown option (naming the valid ones) or a bad value
     */
    public static void validateOptions(RewardModelProvider provider, ModelSpec spec) {
        Map<String, ModelOption> declared = new TreeMap<>();
        for (ModelOption o : provider.options()) {
            declared.put(o.name(), o);
        }
        for (Map.Entry<String, String> e : spec.options().entrySet()) {
            ModelOption o = declared.get(e.getKey());
            if (o == null) {
                throw new InvalidInputException("model '" + provider.name() + "' has no option '" + e.getKey() + "'; "
                        + (declared.isEmpty()
                                ? "it takes no options"
                                : "valid options: " + String.join(", ", declared.keySet()))
                        + " (see omni-reward models)");
            }
            o.validate(spec.toString(), e.getValue());
        }
    }
}
