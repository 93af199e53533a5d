package org.omnireward.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Finds {@link RewardModelProvider}s on the class path and creates models from specs. */
public final class RewardModels {

    private RewardModels() {
    }

    /** All providers visible to this class's class loader, sorted by name. */
    public static List<RewardModelProvider> providers() {
        List<RewardModelProvider> all = new ArrayList<>();
        ServiceLoader.load(RewardModelProvider.class, RewardModels.class.getClassLoader()).forEach(all::add);
        all.sort(Comparator.comparing(RewardModelProvider::name));
        return all;
    }

    /** Creates the model {@code spec} names. */
    public static RewardModel create(String spec) {
        return create(ModelSpec.parse(spec, Map.of()));
    }

    /**
     * Creates the model {@code spec} names.
     *
     * @throws InvalidInputException when no provider has that name (the message lists those that exist)
     */
    public static RewardModel create(ModelSpec spec) {
        List<RewardModelProvider> all = providers();
        for (RewardModelProvider p : all) {
            if (p.name().equalsIgnoreCase(spec.provider())) {
                return p.create(spec);
            }
        }
        String names = all.stream().map(RewardModelProvider::name).collect(Collectors.joining(", "));
        throw new InvalidInputException("unknown model '" + spec.provider() + "'; available: "
                + (names.isEmpty() ? "(none on the class path)" : names));
    }
}
