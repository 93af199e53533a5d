package org.omnireward.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.omnireward.bench.results.Setting;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.Task;

/**
 * Turns the tree of a {@code summary.json} into {@link SettingSummary} records, following the shape
 * of {@code docs/results-format.md}. Unknown keys are ignored; a documented key with the wrong type
 * is an error naming the file and the JSON path.
 */
final class SummaryReader {

    private final Path file;

    private SummaryReader(Path file) {
        this.file = file;
    }

    /** Reads the settings of a summary tree. */
    static Map<Setting, SettingSummary> settings(Path file, JsonNode root) {
        return new SummaryReader(file).readSettings(root);
    }

    private Map<Setting, SettingSummary> readSettings(JsonNode root) {
        if (!root.isObject()) {
            throw bad("(root)", "a JSON object");
        }
        JsonNode settings = root.get("settings");
        if (settings == null || !settings.isObject()) {
            throw bad("settings", "an object with no_ties and/or ties");
        }
        Map<Setting, SettingSummary> out = new EnumMap<>(Setting.class);
        Iterator<Map.Entry<String, JsonNode>> it = settings.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            Setting setting;
            try {
                setting = Setting.parse(e.getKey());
            } catch (InvalidInputException ex) {
                throw new InvalidInputException(file + ": settings." + e.getKey() + ": " + ex.getMessage());
            }
            out.put(setting, readSetting(setting, "settings." + e.getKey(), e.getValue()));
        }
        return out;
    }

    private SettingSummary readSetting(Setting setting, String path, JsonNode node) {
        if (!node.isObject()) {
            throw bad(path, "an object");
        }
        Map<Task, TaskSummary> tasks = new EnumMap<>(Task.class);
        JsonNode tasksNode = node.get("tasks");
        if (tasksNode != null && !tasksNode.isNull()) {
            if (!tasksNode.isObject()) {
                throw bad(path + ".tasks", "an object keyed by task id");
            }
            Iterator<Map.Entry<String, JsonNode>> it = tasksNode.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String taskPath = path + ".tasks." + e.getKey();
                Task task = Task.lookup(e.getKey()).orElseThrow(() -> new InvalidInputException(
                        file + ": " + taskPath + ": unknown task; expected one of " + Task.validNames()));
                tasks.put(task, readTask(task, taskPath, e.getValue()));
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
                unsupported.add(Task.lookup(t.asText()).orElseThrow(() -> new InvalidInputException(
                        file + ": " + p + ": unknown task '" + t.asText() + "'")));
            }
        }
        return new SettingSummary(setting, optDouble(node, "overall", path), optDouble(node, "overall_strict", path),
                tasks, unsupported, optDouble(node, "tie_threshold", path));
    }

    private TaskSummary readTask(Task task, String path, JsonNode node) {
        if (!node.isObject()) {
            throw bad(path, "an object");
        }
        JsonNode n = node.get("n");
        if (n == null || !n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < 0) {
            throw bad(path + ".n", "a non-negative integer");
        }
        if (!node.has("accuracy")) {
            throw bad(path + ".accuracy", "a number (or null when n is 0)");
        }
        Double low = null;
        Double high = null;
        JsonNode ci = node.get("ci95");
        if (ci != null && !ci.isNull()) {
            if (!ci.isArray() || ci.size() != 2 || !ci.get(0).isNumber() || !ci.get(1).isNumber()) {
                throw bad(path + ".ci95", "[low, high] numbers or null");
            }
            low = ci.get(0).asDouble();
            high = ci.get(1).asDouble();
        }
        Integer correct = optInt(node, "correct", path);
        Integer failed = optInt(node, "failed", path);
        Integer invalid = optInt(node, "invalid", path);
        return new TaskSummary(task, optDouble(node, "accuracy", path), n.asInt(), correct,
                failed == null ? 0 : failed, invalid == null ? 0 : invalid,
                optDouble(node, "strict_accuracy", path), low, high, optDouble(node, "tie_threshold", path));
    }

    private Double optDouble(JsonNode parent, String key, String path) {
        JsonNode v = parent.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw bad(path + "." + key, "a number or null");
        }
        return v.asDouble();
    }

    private Integer optInt(JsonNode parent, String key, String path) {
        JsonNode v = parent.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
            throw bad(path + "." + key, "a non-negative integer");
        }
        return v.asInt();
    }

    private InvalidInputException bad(String path, String expected) {
        return new InvalidInputException(file + ": " + path + ": expected " + expected);
    }
}
