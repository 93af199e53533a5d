package org.omnireward.bench.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.omnireward.bench.results.Setting;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.Task;

/**
 * What {@link SummaryCalculator} needs to know about a run besides its predictions: the header
 * fields of {@code summary.json}, which settings and tasks were requested, which tasks the model
 * does not support, and how ties of scalar models are calibrated.
 *
 * @param model            model name, as the user named it
 * @param data             benchmark path
 * @param format           benchmark format ({@code hf}, {@code json}, {@code llamafactory}), or null
 * @param seed             the run's seed, or null
 * @param settings         requested settings; null or empty means both
 * @param tasks            requested tasks; null or empty means all nine
 * @param unsupportedTasks tasks the model cannot take; null means none
 * @param tieCalibration   null means {@link TieCalibrationMode#DEFINITION}
 * @param tieScope         null means {@link TieScope#PER_TASK}; {@link TieScope#GLOBAL} needs DEFINITION
 * @param prices           token prices for the cost in the summary; null for none
 */
public record RunInfo(
        String model,
        String data,
        String format,
        Long seed,
        List<Setting> settings,
        List<Task> tasks,
        Set<Task> unsupportedTasks,
        TieCalibrationMode tieCalibration,
        TieScope tieScope,
        Prices prices) {

    public RunInfo {
        Objects.requireNonNull(model, "model");
        settings = settings == null || settings.isEmpty() ? List.of(Setting.values()) : List.copyOf(settings);
        tasks = tasks == null || tasks.isEmpty() ? List.of(Task.values()) : List.copyOf(tasks);
        unsupportedTasks = unsupportedTasks == null || unsupportedTasks.isEmpty()
                ? Set.of()
                : Set.copyOf(EnumSet.copyOf(unsupportedTasks));
        tieCalibration = tieCalibration == null ? TieCalibrationMode.DEFINITION : tieCalibration;
        tieScope = tieScope == null ? TieScope.PER_TASK : tieScope;
        checkCombination(tieCalibration, tieScope);
    }

    /** A run given no token prices. */
    public RunInfo(
            String model,
            String data,
            String format,
            Long seed,
            List<Setting> settings,
            List<Task> tasks,
            Set<Task> unsupportedTasks,
            TieCalibrationMode tieCalibration,
            TieScope tieScope) {
        this(model, data, format, seed, settings, tasks, unsupportedTasks, tieCalibration, tieScope, null);
    }

    /** A run over all settings and tasks with default calibration; handy in tests and tools. */
    public static RunInfo of(String model, String data) {
        return new RunInfo(model, data, null, null, null, null, null, null, null);
    }

    /**
     * The run info a summary was computed with (settings, tasks, unsupported tasks, tie
     * calibration), so that outcomes can be recomputed consistently from the predictions.
     */
    public static RunInfo fromSummary(Summary summary) {
        List<Setting> settings = new ArrayList<>();
        EnumSet<Task> tasks = EnumSet.noneOf(Task.class);
        EnumSet<Task> unsupported = EnumSet.noneOf(Task.class);
        summary.settings().forEach((name, s) -> {
            settings.add(Setting.parse(name));
            s.tasks().keySet().forEach(t -> tasks.add(Task.parse(t)));
            s.unsupported().forEach(t -> unsupported.add(Task.parse(t)));
        });
        tasks.addAll(unsupported);
        return new RunInfo(
                summary.model(),
                summary.data(),
                summary.format(),
                summary.seed(),
                settings,
                List.copyOf(tasks),
                unsupported,
                summary.tieCalibration() == null ? null : TieCalibrationMode.parse(summary.tieCalibration()),
                summary.tieScope() == null ? null : TieScope.parse(summary.tieScope()),
                summary.prices());
    }

    /**
     * The run info recorded in a run directory's {@code run.json} (written by {@code bench run} at
     * start), for recomputing a summary that is missing. Reads {@code model}, {@code data},
     * {@code format}, {@code seed}, {@code settings}, {@code tasks}, {@code unsupported} (task ids),
     * {@code tie_calibration} and {@code tie_scope}; other keys ({@code limit}, {@code concurrency},
     * …) are ignored. Every key may be missing or null: the model then is {@code modelIfMissing},
     * settings and tasks are all, nothing is unsupported, and ties are calibrated by definition per
     * task. Settings and tasks may be arrays of names or one comma-separated string ({@code all} or
     * {@code both} meaning all); a model may be a string or an object with a {@code name}.
     *
     * @param config         the tree of run.json
     * @param file           the file, for error messages
     * @param modelIfMissing the model name to use when run.json names none
     * @throws InvalidInputException when a key has the wrong type or an unknown value, naming the
     *     file and the key
     */
    public static RunInfo fromRunConfig(JsonNode config, Path file, String modelIfMissing) {
        if (config == null || !config.isObject()) {
            throw new InvalidInputException(file + ": expected a JSON object with the run's configuration");
        }
        String model = modelName(config.get("model"), file);
        List<Setting> settings = new ArrayList<>();
        for (String name : names(config, "settings", file)) {
            settings.add(parseIn(file, "settings", () -> Setting.parse(name)));
        }
        List<Task> tasks = new ArrayList<>();
        for (String name : names(config, "tasks", file)) {
            tasks.add(parseIn(file, "tasks", () -> Task.parse(name)));
        }
        Set<Task> unsupported = EnumSet.noneOf(Task.class);
        for (String name : names(config, "unsupported", file)) {
            unsupported.add(parseIn(file, "unsupported", () -> Task.parse(name)));
        }
        String calibration = text(config, "tie_calibration", file);
        String scope = text(config, "tie_scope", file);
        TieCalibrationMode mode = calibration == null
                ? null
                : parseIn(file, "tie_calibration", () -> TieCalibrationMode.parse(calibration));
        TieScope tieScope = scope == null ? null : parseIn(file, "tie_scope", () -> TieScope.parse(scope));
        Long seed = null;
        JsonNode seedNode = config.get("seed");
        if (seedNode != null && !seedNode.isNull()) {
            if (!seedNode.isIntegralNumber() || !seedNode.canConvertToLong()) {
                throw new InvalidInputException(file + ": seed: expected an integer or null, got " + seedNode);
            }
            seed = seedNode.asLong();
        }
        try {
            return new RunInfo(
                    model == null ? modelIfMissing : model,
                    text(config, "data", file),
                    text(config, "format", file),
                    seed,
                    settings,
                    tasks,
                    unsupported,
                    mode,
                    tieScope,
                    prices(config.get("prices"), file));
        } catch (InvalidInputException e) {
            throw new InvalidInputException(file + ": " + e.getMessage());
        }
    }

    private static Prices prices(JsonNode v, Path file) {
        if (v == null || v.isNull()) {
            return null;
        }
        JsonNode in = v.get("input_usd_per_mtok");
        JsonNode out = v.get("output_usd_per_mtok");
        if (!v.isObject() || in == null || !in.isNumber() || out == null || !out.isNumber()) {
            throw new InvalidInputException(file + ": prices: expected {\"input_usd_per_mtok\": number, "
                    + "\"output_usd_per_mtok\": number} or null, got " + v);
        }
        try {
            return new Prices(in.asDouble(), out.asDouble());
        } catch (InvalidInputException e) {
            throw new InvalidInputException(file + ": prices: " + e.getMessage());
        }
    }

    private static String modelName(JsonNode v, Path file) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isTextual()) {
            return v.asText();
        }
        JsonNode name = v.isObject() ? v.get("name") : null;
        if (name != null && name.isTextual()) {
            return name.asText();
        }
        throw new InvalidInputException(file + ": model: expected the model name (a string), got " + v);
    }

    private static String text(JsonNode config, String key, Path file) {
        JsonNode v = config.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new InvalidInputException(file + ": " + key + ": expected a string or null, got " + v);
        }
        return v.asText();
    }

    /** The names in an array or comma-separated string; empty for missing, null, "all" or "both". */
    private static List<String> names(JsonNode config, String key, Path file) {
        JsonNode v = config.get(key);
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (v.isTextual()) {
            for (String part : v.asText().split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        } else if (v.isArray()) {
            for (int i = 0; i < v.size(); i++) {
                if (!v.get(i).isTextual()) {
                    throw new InvalidInputException(
                            file + ": " + key + "[" + i + "]: expected a name (a string), got " + v.get(i));
                }
                out.add(v.get(i).asText().trim());
            }
        } else {
            throw new InvalidInputException(file + ": " + key + ": expected an array of names or a string, got " + v);
        }
        if (out.size() == 1 && (out.get(0).equalsIgnoreCase("all") || out.get(0).equalsIgnoreCase("both"))) {
            out.clear();
        }
        return out;
    }

    private static <T> T parseIn(Path file, String key, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (InvalidInputException e) {
            throw new InvalidInputException(file + ": " + key + ": " + e.getMessage());
        }
    }

    /** A copy with other tie calibration settings. */
    public RunInfo withTies(TieCalibrationMode mode, TieScope scope) {
        return new RunInfo(model, data, format, seed, settings, tasks, unsupportedTasks, mode, scope, prices);
    }

    /** A copy with other unsupported tasks. */
    public RunInfo withUnsupported(Task... unsupported) {
        return new RunInfo(
                model,
                data,
                format,
                seed,
                settings,
                tasks,
                Set.copyOf(Arrays.asList(unsupported)),
                tieCalibration,
                tieScope,
                prices);
    }

    /** Whether the model supports {@code task}. */
    public boolean supports(Task task) {
        return !unsupportedTasks.contains(task);
    }

    /**
     * Rejects a global tie scope in reference mode: the reference implementation calibrates each
     * task on its own, so a shared threshold has no reference behaviour to reproduce.
     */
    public static void checkCombination(TieCalibrationMode mode, TieScope scope) {
        if (mode == TieCalibrationMode.REFERENCE && scope == TieScope.GLOBAL) {
            throw new InvalidInputException("tie scope 'global' needs tie calibration 'definition': "
                    + "the reference implementation calibrates each task separately");
        }
    }
}
