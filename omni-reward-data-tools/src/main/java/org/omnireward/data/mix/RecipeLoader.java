package org.omnireward.data.mix;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import org.omnireward.core.InvalidInputException;
import org.omnireward.data.PreferenceFormat;
import org.omnireward.data.mix.Recipe.Balance;
import org.omnireward.data.mix.Recipe.Cap;
import org.omnireward.data.mix.Recipe.Source;
import org.omnireward.data.mix.Recipe.Step;
import org.omnireward.data.mix.Recipe.StepKind;

/** Reads a recipe's YAML tree into a {@link Recipe}, each error naming the file, the entry and the key. */
final class RecipeLoader {

    private static final Set<String> TOP_KEYS =
            Set.of("seed", "valid_fraction", "near_duplicates", "drop_ties", "root", "sources", "steps");
    private static final Set<String> SOURCE_KEYS = Set.of(
            "name",
            "path",
            "paths",
            "format",
            "weight",
            "cap",
            "balance_length",
            "min_gap",
            "optional",
            "write",
            "provenance");
    private static final Set<String> STEP_KEYS =
            Set.of("step", "kind", "from", "rate", "balance_length", "use", "duplicates", "cap");
    private static final Set<PreferenceFormat> GAP_FORMATS =
            Set.of(PreferenceFormat.ARENA_BENCH, PreferenceFormat.NEWSROOM, PreferenceFormat.WMT_MQM);

    private final Path file;

    private RecipeLoader(Path file) {
        this.file = file;
    }

    static Recipe load(Path file, JsonNode root, Path rootOverride) {
        return new RecipeLoader(file).recipe(root, rootOverride);
    }

    private Recipe recipe(JsonNode root, Path rootOverride) {
        if (root == null || !root.isObject()) {
            throw error("expected a mapping with 'sources' (and optionally seed, valid_fraction, near_duplicates,"
                    + " drop_ties, root, steps)");
        }
        Recipe.unknownKey(root, TOP_KEYS).ifPresent(k -> {
            throw unknown("the recipe", k, TOP_KEYS);
        });
        long seed = root.has("seed") ? integer("seed", root.get("seed")) : 42;
        double valid = root.has("valid_fraction") ? number("valid_fraction", root.get("valid_fraction")) : 0.05;
        checkFraction(file, valid);
        boolean near = bool("near_duplicates", root.get("near_duplicates"), true);
        boolean dropTies = bool("drop_ties", root.get("drop_ties"), false);
        Path folder = file.toAbsolutePath().getParent();
        Path base = rootOverride != null
                ? rootOverride.toAbsolutePath().normalize()
                : root.has("root")
                        ? folder.resolve(text("root", root.get("root"))).normalize()
                        : folder;
        List<Source> sources = sources(root.get("sources"), base);
        List<Step> steps = steps(root.get("steps"), sources);
        Set<String> outputs = new HashSet<>();
        for (String o : new Recipe(file, seed, valid, near, dropTies, base, sources, steps).outputs()) {
            if (!outputs.add(o)) {
                throw error("the output '" + o + "' is made twice (a source and a step, or two steps); names must"
                        + " be unique");
            }
        }
        return new Recipe(file, seed, valid, near, dropTies, base, sources, steps);
    }

    private List<Source> sources(JsonNode list, Path base) {
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw error("'sources' must be a non-empty list of {name, path, format, weight, cap}");
        }
        List<Source> sources = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode s = list.get(i);
            if (!s.isObject()) {
                throw error("sources[" + i + "] must be a mapping {name, path, ...}");
            }
            String name = text("sources[" + i + "].name", s.get("name"));
            if (!names.add(name)) {
                throw error("source '" + name + "' is named twice");
            }
            sources.add(source(s, name, base));
        }
        return List.copyOf(sources);
    }

    private Source source(JsonNode s, String name, Path base) {
        String where = "source '" + name + "'";
        Recipe.unknownKey(s, SOURCE_KEYS).ifPresent(k -> {
            throw unknown(where, k, SOURCE_KEYS);
        });
        PreferenceFormat format = format(s, where);
        boolean optional = bool(where + " optional", s.get("optional"), false);
        List<Path> paths = paths(s, where, base, optional);
        double weight = s.has("weight") ? number(where + " weight", s.get("weight")) : 1.0;
        if (!(weight >= 0) || Double.isInfinite(weight) || weight > 1000) {
            throw error(where + " weight must be between 0 and 1000, got " + s.get("weight"));
        }
        OptionalDouble minGap = OptionalDouble.empty();
        if (s.has("min_gap")) {
            if (!GAP_FORMATS.contains(format)) {
                throw error(where + " min_gap applies to formats arena-bench, newsroom and wmt-mqm, not " + format);
            }
            minGap = OptionalDouble.of(number(where + " min_gap", s.get("min_gap")));
        }
        return new Source(
                name,
                paths.get(0),
                format,
                weight,
                cap(where, s.get("cap")),
                paths,
                balance(where, s.get("balance_length")),
                minGap,
                optional,
                bool(where + " write", s.get("write"), true),
                bool(where + " provenance", s.get("provenance"), true));
    }

    private PreferenceFormat format(JsonNode s, String where) {
        PreferenceFormat format = PreferenceFormat.UNIFIED;
        if (s.has("format")) {
            String f = text(where + " format", s.get("format"));
            format = PreferenceFormat.lookup(f)
                    .orElseThrow(() -> error(where + " has the unknown format '" + f + "'; expected one of "
                            + PreferenceFormat.validNames()));
        }
        if (format == PreferenceFormat.OMNIREWARDBENCH) {
            throw error(where + " is Omni-RewardBench, a benchmark test set reserved for evaluation; it cannot go"
                    + " into a training mixture");
        }
        return format;
    }

    private List<Path> paths(JsonNode s, String where, Path base, boolean optional) {
        List<String> given = new ArrayList<>();
        if (s.has("path") == s.has("paths")) {
            throw error(where + " needs exactly one of 'path' and 'paths'");
        }
        if (s.has("path")) {
            given.add(text(where + " path", s.get("path")));
        } else {
            JsonNode list = s.get("paths");
            if (!list.isArray() || list.isEmpty()) {
                throw error(where + " paths must be a non-empty list");
            }
            list.forEach(p -> given.add(text(where + " paths", p)));
        }
        List<Path> paths = new ArrayList<>();
        for (String g : given) {
            Path path = base.resolve(g).normalize();
            if (!optional && !Files.exists(path)) {
                throw error(where + ": " + path + " does not exist");
            }
            paths.add(path);
        }
        return List.copyOf(paths);
    }

    private List<Step> steps(JsonNode list, List<Source> sources) {
        if (list == null || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw error("'steps' must be a list of {step, ...}");
        }
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode s = list.get(i);
            if (!s.isObject()) {
                throw error("steps[" + i + "] must be a mapping {step, ...}");
            }
            steps.add(step(s, "steps[" + i + "]", sources));
        }
        return List.copyOf(steps);
    }

    private Step step(JsonNode s, String entry, List<Source> sources) {
        Recipe.unknownKey(s, STEP_KEYS).ifPresent(k -> {
            throw unknown(entry, k, STEP_KEYS);
        });
        String kindName = text(entry + ".step", s.get("step"));
        StepKind kind = Arrays.stream(StepKind.values())
                .filter(k -> k.id().equals(kindName))
                .findFirst()
                .orElseThrow(() -> error(entry + " has the unknown step '" + kindName
                        + "'; expected criterion-pairs, quality-pairs or criterion-flips"));
        String where = entry + " (" + kindName + ")";
        String criterionKind = null;
        if (kind == StepKind.CRITERION_PAIRS) {
            criterionKind = text(where + " kind", s.get("kind")).toLowerCase(Locale.ROOT);
            if (!CriterionSynthesis.KINDS.contains(criterionKind)) {
                throw error(where + " kind must be one of " + String.join(", ", CriterionSynthesis.KINDS));
            }
        } else if (s.has("kind")) {
            throw error(where + " takes no 'kind'");
        }
        double rate = s.has("rate") ? number(where + " rate", s.get("rate")) : 1.0;
        if (!(rate >= 0 && rate <= 1)) {
            throw error(where + " rate must be in [0, 1], got " + s.get("rate"));
        }
        String use =
                s.has("use") ? text(where + " use", s.get("use")) : kind == StepKind.QUALITY_PAIRS ? "kept" : "all";
        if (!use.equals("kept") && !use.equals("all")) {
            throw error(where + " use must be 'kept' or 'all', got '" + use + "'");
        }
        String dups = s.has("duplicates") ? text(where + " duplicates", s.get("duplicates")) : "all";
        if (!dups.equals("all") && !dups.equals("own")) {
            throw error(where + " duplicates must be 'all' or 'own', got '" + dups + "'");
        }
        return new Step(
                kind,
                criterionKind,
                from(s.get("from"), where, sources),
                rate,
                balance(where, s.get("balance_length")),
                use.equals("kept"),
                dups.equals("own"),
                cap(where, s.get("cap")));
    }

    private List<String> from(JsonNode v, String where, List<Source> sources) {
        if (v == null || v.isNull()) {
            return sources.stream().filter(Source::write).map(Source::name).toList();
        }
        List<String> names = new ArrayList<>();
        if (v.isArray()) {
            v.forEach(n -> names.add(text(where + " from", n)));
        } else {
            names.add(text(where + " from", v));
        }
        for (String n : names) {
            if (sources.stream().noneMatch(s -> s.name().equals(n))) {
                throw error(where + " reads the unknown source '" + n + "'");
            }
        }
        return List.copyOf(names);
    }

    private Balance balance(String where, JsonNode v) {
        if (v == null || v.isNull()) {
            return Balance.NONE;
        }
        if (v.isBoolean()) {
            return v.asBoolean() ? Balance.BOTH : Balance.NONE;
        }
        if (v.isTextual() && v.asText().equals("train")) {
            return Balance.TRAIN;
        }
        throw error(where + " balance_length must be true, false or train, got " + v);
    }

    private Cap cap(String where, JsonNode v) {
        if (v == null || v.isNull()) {
            return Cap.NONE;
        }
        if (v.isObject()) {
            Recipe.unknownKey(v, Set.of("train", "valid")).ifPresent(k -> {
                throw unknown(where + " cap", k, Set.of("train", "valid"));
            });
            return new Cap(
                    OptionalLong.empty(),
                    count(where + " cap.train", v.get("train")),
                    count(where + " cap.valid", v.get("valid")));
        }
        return new Cap(count(where + " cap", v), OptionalLong.empty(), OptionalLong.empty());
    }

    private OptionalLong count(String what, JsonNode v) {
        if (v == null || v.isNull()) {
            return OptionalLong.empty();
        }
        long c = integer(what, v);
        if (c < 0) {
            throw error(what + " must be 0 or more, got " + c);
        }
        return OptionalLong.of(c);
    }

    static void checkFraction(Path file, double valid) {
        if (!(valid >= 0 && valid < 1)) {
            throw new InvalidInputException(file + ": valid_fraction must be at least 0 and below 1, got " + valid);
        }
    }

    private boolean bool(String what, JsonNode v, boolean dflt) {
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw error(what + " must be true or false");
        }
        return v.asBoolean();
    }

    private String text(String what, JsonNode v) {
        if (v == null || v.isNull() || !v.isValueNode() || v.asText().isBlank()) {
            throw error(what + " is missing or not a string");
        }
        return v.asText().trim();
    }

    private long integer(String what, JsonNode v) {
        if (!v.isIntegralNumber()) {
            throw error(what + " must be a whole number, got " + v);
        }
        return v.asLong();
    }

    private double number(String what, JsonNode v) {
        if (!v.isNumber()) {
            throw error(what + " must be a number, got " + v);
        }
        return v.asDouble();
    }

    private InvalidInputException unknown(String where, String key, Set<String> known) {
        return error(where + " has the unknown key '" + key + "'; expected "
                + String.join(", ", known.stream().sorted().toList()));
    }

    private InvalidInputException error(String message) {
        return new InvalidInputException(file + ": " + message);
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
