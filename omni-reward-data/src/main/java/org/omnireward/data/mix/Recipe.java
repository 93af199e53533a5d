package org.omnireward.data.mix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.omnireward.core.InvalidInputException;
import org.omnireward.data.PreferenceFormat;

/**
 * A {@code data mix} recipe (YAML): the sources of a mixture and how much of each to take.
 *
 * <pre>
 * seed: 42                 # shuffling, weights' fractional draws, the split (default 42)
 * valid_fraction: 0.05     # share of prompt groups held out (default 0.05)
 * near_duplicates: true    # also drop records equal after normalising text (default true)
 * sources:
 *   - name: hh             # unique; counts in the manifest are per name
 *     path: hh.jsonl       # relative to the recipe's folder
 *     format: unified      # any data convert format (default unified)
 *     weight: 1.0          # copies per record: 0.5 keeps half, 2 doubles (default 1)
 *     cap: 50000           # most records taken after weighting (default: no cap)
 * </pre>
 *
 * @param file the recipe file
 * @param seed the seed
 * @param validFraction the share of prompt groups in valid.jsonl
 * @param nearDuplicates whether normalised-text duplicates are dropped too
 * @param sources the sources in recipe order (earlier sources win duplicates)
 */
public record Recipe(Path file, long seed, double validFraction, boolean nearDuplicates, List<Source> sources) {

    /**
     * One source of the mixture.
     *
     * @param cap empty for no cap
     */
    public record Source(String name, Path path, PreferenceFormat format, double weight, OptionalLong cap) {}

    private static final Set<String> TOP_KEYS = Set.of("seed", "valid_fraction", "near_duplicates", "sources");
    private static final Set<String> SOURCE_KEYS = Set.of("name", "path", "format", "weight", "cap");

    /**
     * Reads and checks a recipe.
     *
     * @throws InvalidInputException naming the file, the source and the key at fault: unknown keys,
     *     unknown formats, missing files, negative caps or weights, duplicate names
     */
    public static Recipe load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("recipe not found: " + file);
        }
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new InvalidInputException(file + ": not valid YAML: " + firstLine(e.getMessage()), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException(file + ": expected a mapping with 'sources' (and optionally seed,"
                    + " valid_fraction, near_duplicates)");
        }
        unknownKeys(file, "the recipe", root, TOP_KEYS);
        long seed = root.has("seed") ? integer(file, "seed", root.get("seed")) : 42;
        double valid = root.has("valid_fraction") ? number(file, "valid_fraction", root.get("valid_fraction")) : 0.05;
        if (!(valid >= 0 && valid < 1)) {
            throw new InvalidInputException(file + ": valid_fraction must be at least 0 and below 1, got " + valid);
        }
        boolean near = true;
        if (root.has("near_duplicates")) {
            if (!root.get("near_duplicates").isBoolean()) {
                throw new InvalidInputException(file + ": near_duplicates must be true or false");
            }
            near = root.get("near_duplicates").asBoolean();
        }
        JsonNode list = root.get("sources");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new InvalidInputException(
                    file + ": 'sources' must be a non-empty list of {name, path, format," + " weight, cap}");
        }
        Path base = file.toAbsolutePath().getParent();
        List<Source> sources = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode s = list.get(i);
            String where = "sources[" + i + "]";
            if (!s.isObject()) {
                throw new InvalidInputException(file + ": " + where + " must be a mapping {name, path, ...}");
            }
            String name = text(file, where + ".name", s.get("name"));
            where = "source '" + name + "'";
            if (!names.add(name)) {
                throw new InvalidInputException(file + ": " + where + " is named twice");
            }
            unknownKeys(file, where, s, SOURCE_KEYS);
            Path path = base.resolve(text(file, where + " path", s.get("path"))).normalize();
            PreferenceFormat format = PreferenceFormat.UNIFIED;
            if (s.has("format")) {
                String f = text(file, where + " format", s.get("format"));
                format = PreferenceFormat.lookup(f)
                        .orElseThrow(() ->
                                new InvalidInputException(file + ": " + "source '" + name + "' has the unknown format '"
                                        + f + "'; expected one of " + PreferenceFormat.validNames()));
            }
            if (format == PreferenceFormat.OMNIREWARDBENCH) {
                throw new InvalidInputException(file + ": " + where + " is Omni-RewardBench, a benchmark test set"
                        + " reserved for evaluation; it cannot go into a training mixture");
            }
            if (!Files.exists(path)) {
                throw new InvalidInputException(file + ": " + where + ": " + path + " does not exist");
            }
            double weight = s.has("weight") ? number(file, where + " weight", s.get("weight")) : 1.0;
            if (!(weight >= 0) || Double.isInfinite(weight) || weight > 1000) {
                throw new InvalidInputException(
                        file + ": " + where + " weight must be between 0 and 1000, got " + s.get("weight"));
            }
            OptionalLong cap = OptionalLong.empty();
            if (s.has("cap") && !s.get("cap").isNull()) {
                long c = integer(file, where + " cap", s.get("cap"));
                if (c < 0) {
                    throw new InvalidInputException(file + ": " + where + " cap must be 0 or more, got " + c);
                }
                cap = OptionalLong.of(c);
            }
            sources.add(new Source(name, path, format, weight, cap));
        }
        return new Recipe(file.toAbsolutePath(), seed, valid, near, List.copyOf(sources));
    }

    /** The source of a name. */
    public Optional<Source> source(String name) {
        return sources.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    private static void unknownKeys(Path file, String where, JsonNode o, Set<String> known) {
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            String k = it.next().getKey();
            if (!known.contains(k)) {
                throw new InvalidInputException(file + ": " + where + " has the unknown key '" + k + "'; expected "
                        + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }

    private static String text(Path file, String what, JsonNode v) {
        if (v == null || v.isNull() || !v.isValueNode() || v.asText().isBlank()) {
            throw new InvalidInputException(file + ": " + what + " is missing or not a string");
        }
        return v.asText().trim();
    }

    private static long integer(Path file, String what, JsonNode v) {
        if (!v.isIntegralNumber()) {
            throw new InvalidInputException(file + ": " + what + " must be a whole number, got " + v);
        }
        return v.asLong();
    }

    private static double number(Path file, String what, JsonNode v) {
        if (!v.isNumber()) {
            throw new InvalidInputException(file + ": " + what + " must be a number, got " + v);
        }
        return v.asDouble();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
