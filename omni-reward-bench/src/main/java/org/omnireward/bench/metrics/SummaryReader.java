package org.omnireward.bench.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.omnireward.bench.results.Setting;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.Task;
import org.omnireward.core.util.Json;

/**
 * Reads a {@code summary.json} (written by {@link SummaryWriter}, or by hand) into a {@link Summary},
 * following {@code docs/results-format.md}. It is the only parser of the file: {@code bench report}
 * reads summaries through it too.
 *
 * <p>Unknown keys are ignored. A documented key with the wrong type or an impossible value is an
 * error naming the file and the JSON path (e.g. {@code settings.no_ties.tasks.t2t.n: expected a
 * non-negative integer}); malformed JSON names the line and column. Required: {@code model},
 * a non-empty {@code settings} object, and per task {@code n}, {@code correct} and the
 * {@code accuracy} key (null when n = 0). Optional keys default to null (numbers, strings),
 * 0 ({@code failed}, {@code invalid}), false ({@code tie_calibrated}) or empty (lists).
 * Setting and task keys are normalised to their short ids ({@code no-ties} → {@code no_ties},
 * {@code text_to_text} → {@code t2t}) and put in the canonical order.
 */
public final class SummaryReader {

    private final Path file;

    private SummaryReader(Path file) {
        this.file = file;
    }

    /**
     * Reads {@code file}.
     *
     * @throws InvalidInputException when the file is missing, is not JSON, or does not have the
     *     summary shape; the message names the file and, for a bad value, its JSON path
     */
    public static Summary read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("no summary at " + file + " (expected a " + SummaryWriter.NAME
                    + " written by 'bench run' or 'bench report')");
        }
        return new SummaryReader(file).summary(Json.readTree(file));
    }

    private Summary summary(JsonNode root) {
        if (!root.isObject()) {
            throw bad("(root)", "a JSON object");
        }
        String model = optText(root, "model", "");
        if (model == null) {
            throw bad("model", "the model name (a string)");
        }
        String tieCalibration = optText(root, "tie_calibration", "");
        if (tieCalibration != null) {
            parseOrBad("tie_calibration", () -> TieCalibrationMode.parse(tieCalibration));
        }
        String tieScope = optText(root, "tie_scope", "");
        if (tieScope != null) {
            parseOrBad("tie_scope", () -> TieScope.parse(tieScope));
        }
        JsonNode settings = root.get("settings");
        if (settings == null || !settings.isObject() || settings.isEmpty()) {
            throw bad("settings", "an object with no_ties and/or ties");
        }
        Map<Setting, Summary.SettingSummary> bySetting = new EnumMap<>(Setting.class);
        Iterator<Map.Entry<String, JsonNode>> it = settings.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = "settings." + e.getKey();
            Setting setting = parseOrBad(path, () -> Setting.parse(e.getKey()));
            if (bySetting.put(setting, setting(path, e.getValue())) != null) {
                throw new InvalidInputException(
                        file + ": " + path + ": setting " + setting.wireName() + " appears twice");
            }
        }
        Map<String, Summary.SettingSummary> ordered = new LinkedHashMap<>();
        bySetting.forEach((s, v) -> ordered.put(s.wireName(), v));
        return new Summary(
                model,
                optText(root, "data", ""),
                optText(root, "format", ""),
                optLong(root, "seed", ""),
                optText(root, "ci_method", ""),
                tieCalibration,
                tieScope,
                optObject(root, "prices", "", Prices.class),
                ordered);
    }

    private Summary.SettingSummary setting(String path, JsonNode node) {
        if (!node.isObject()) {
            throw bad(path, "an object");
        }
        Map<Task, Summary.TaskSummary> tasks = new EnumMap<>(Task.class);
        JsonNode tasksNode = node.get("tasks");
        if (tasksNode != null && !tasksNode.isNull()) {
            if (!tasksNode.isObject()) {
                throw bad(path + ".tasks", "an object keyed by task id");
            }
            Iterator<Map.Entry<String, JsonNode>> it = tasksNode.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String taskPath = path + ".tasks." + e.getKey();
                Task task = Task.lookup(e.getKey())
                        .orElseThrow(() -> new InvalidInputException(
                                file + ": " + taskPath + ": unknown task; expected one of " + Task.validNames()));
                if (tasks.put(task, task(taskPath, e.getValue())) != null) {
                    throw new InvalidInputException(file + ": " + taskPath + ": task " + task.id() + " appears twice");
                }
            }
        }
        Set<Task> unsupported = EnumSet.noneOf(Task.class);
        JsonNode unsupportedNode = node.get("unsupported");
        if (unsupportedNode != null && !unsupportedNode.isNull()) {
            if (!unsupportedNode.isArray()) {
                throw bad(path + ".unsupported", "an array of task ids");
            }
            for (int i = 0; i < unsupportedNode.size(); i++) {
                JsonNode t = unsupportedNode.get(i);
                String p = path + ".unsupported[" + i + "]";
                if (!t.isTextual()) {
                    throw bad(p, "a task id string");
                }
                unsupported.add(Task.lookup(t.asText())
                        .orElseThrow(() -> new InvalidInputException(file + ": " + p + ": unknown task '" + t.asText()
                                + "'; expected one of " + Task.validNames())));
            }
        }
        for (Task t : unsupported) {
            if (tasks.containsKey(t)) {
                throw new InvalidInputException(
                        file + ": " + path + ": task " + t.id() + " is both in tasks and in unsupported");
            }
        }
        Map<String, Summary.TaskSummary> taskMap = new LinkedHashMap<>();
        tasks.forEach((t, v) -> taskMap.put(t.id(), v));
        List<String> unsupportedIds = new ArrayList<>();
        unsupported.forEach(t -> unsupportedIds.add(t.id()));
        return new Summary.SettingSummary(
                optDouble(node, "overall", path),
                optDouble(node, "overall_strict", path),
                taskMap,
                unsupportedIds,
                optDouble(node, "tie_threshold", path),
                optObject(node, "calls", path, CallStats.class));
    }

    private Summary.TaskSummary task(String path, JsonNode node) {
        if (!node.isObject()) {
            throw bad(path, "an object");
        }
        Integer n = optInt(node, "n", path);
        if (n == null) {
            throw bad(path + ".n", "a non-negative integer");
        }
        if (!node.has("accuracy")) {
            throw bad(path + ".accuracy", "a number (or null when n is 0)");
        }
        Integer correct = optInt(node, "correct", path);
        if (correct == null) {
            throw bad(path + ".correct", "a non-negative integer");
        }
        if (correct > n) {
            throw bad(path + ".correct", "at most n (" + n + "), got " + correct);
        }
        Integer failed = optInt(node, "failed", path);
        Integer invalid = optInt(node, "invalid", path);
        if (invalid != null && invalid > (failed == null ? 0 : failed)) {
            throw bad(path + ".invalid", "at most failed (invalid records count as failed), got " + invalid);
        }
        List<Double> ci = null;
        JsonNode ciNode = node.get("ci95");
        if (ciNode != null && !ciNode.isNull()) {
            if (!ciNode.isArray()
                    || ciNode.size() != 2
                    || !ciNode.get(0).isNumber()
                    || !ciNode.get(1).isNumber()) {
                throw bad(path + ".ci95", "[low, high] numbers or null");
            }
            ci = List.of(ciNode.get(0).asDouble(), ciNode.get(1).asDouble());
        }
        boolean tieCalibrated = false;
        JsonNode calibrated = node.get("tie_calibrated");
        if (calibrated != null && !calibrated.isNull()) {
            if (!calibrated.isBoolean()) {
                throw bad(path + ".tie_calibrated", "true or false");
            }
            tieCalibrated = calibrated.asBoolean();
        }
        return new Summary.TaskSummary(
                optDouble(node, "accuracy", path),
                n,
                correct,
                failed == null ? 0 : failed,
                invalid == null ? 0 : invalid,
                optDouble(node, "strict_accuracy", path),
                ci,
                optDouble(node, "tie_threshold", path),
                tieCalibrated);
    }

    private interface Parse<T> {
        T get();
    }

    private <T> T parseOrBad(String path, Parse<T> parse) {
        try {
            return parse.get();
        } catch (InvalidInputException e) {
            throw new InvalidInputException(file + ": " + path + ": " + e.getMessage());
        }
    }

    /** An optional object field bound to {@code type}; a wrong shape is an error naming the path. */
    private <T> T optObject(JsonNode node, String key, String path, Class<T> type) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        try {
            return Json.mapper().treeToValue(v, type);
        } catch (JsonProcessingException | IllegalArgumentException | InvalidInputException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new InvalidInputException(file + ": " + join(path, key) + ": not a valid " + key + " object: " + why);
        }
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private String optText(JsonNode parent, String key, String path) {
        JsonNode v = parent.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw bad(join(path, key), "a string or null");
        }
        return v.asText();
    }

    private Double optDouble(JsonNode parent, String key, String path) {
        JsonNode v = parent.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw bad(join(path, key), "a number or null");
        }
        return v.asDouble();
    }

    private Long optLong(JsonNode parent, String key, String path) {
        JsonNode v = parent.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw bad(join(path, key), "an integer or null");
        }
        return v.asLong();
    }

    private Integer optInt(JsonNode parent, String key, String path) {
        JsonNode v = parent.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
            throw bad(join(path, key), "a non-negative integer");
        }
        return v.asInt();
    }

    private InvalidInputException bad(String path, String expected) {
        return new InvalidInputException(file + ": " + path + ": expected " + expected);
    }
}
