package org.omnireward.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.omnireward.bench.results.PredictionRecord;
import org.omnireward.bench.results.PredictionsFile;
import org.omnireward.bench.results.Setting;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.Task;

/**
 * One finished benchmark run as the reports see it: its {@code summary.json} (read as documented
 * in {@code docs/results-format.md}), its prediction lines (for paired tests and the failed-sample
 * list) and, when present, its {@code run.json}.
 *
 * @param label       the name shown in reports (the model, made unique among the reported runs)
 * @param dir         the run directory
 * @param model       the summary's {@code model}, else run.json's, else the directory name
 * @param data        the summary's {@code data} path, or null
 * @param settings    the settings present in the summary
 * @param predictions the lines of {@code predictions.jsonl}; empty when the file is absent
 * @param hasPredictions whether {@code predictions.jsonl} was found
 * @param runConfig   the tree of {@code run.json}, or null when absent
 */
public record RunReport(String label, Path dir, String model, String data, Map<Setting, SettingSummary> settings,
                        List<PredictionRecord> predictions, boolean hasPredictions, JsonNode runConfig) {

    /** File name of the summary inside a run directory. */
    public static final String SUMMARY = "summary.json";
    /** File name of the run configuration inside a run directory. */
    public static final String RUN_CONFIG = "run.json";

    public RunReport {
        settings = Collections.unmodifiableMap(settings.isEmpty() ? new EnumMap<>(Setting.class)
                : new EnumMap<>(settings));
        predictions = List.copyOf(predictions);
    }

    /**
     * Loads a run from its directory or from the path of its {@code summary.json}.
     *
     * @throws InvalidInputException when the path is not a run, the run did not finish (summary
     *                               missing but predictions present), or a file is malformed
     */
    public static RunReport load(Path path) {
        Path dir;
        Path summaryFile;
        if (Files.isDirectory(path)) {
            dir = path;
            summaryFile = path.resolve(SUMMARY);
        } else if (Files.isRegularFile(path)) {
            summaryFile = path;
            dir = path.toAbsolutePath().getParent();
        } else {
            throw new InvalidInputException(path + ": no such run directory or summary file");
        }
        Path predictionsFile = dir.resolve(PredictionsFile.NAME);
        if (!Files.isRegularFile(summaryFile)) {
            if (Files.isRegularFile(predictionsFile)) {
                throw new InvalidInputException(dir + ": " + SUMMARY + " is missing but " + PredictionsFile.NAME
                        + " is present, so the run did not finish; rerun `bench run` with the same --out "
                        + dir + " to finish it (finished predictions are kept)");
            }
            throw new InvalidInputException(path + ": not a run directory: neither " + SUMMARY + " nor "
                    + PredictionsFile.NAME + " found");
        }
        JsonNode summary = JsonFiles.readTree(summaryFile);
        Map<Setting, SettingSummary> settings = SummaryReader.settings(summaryFile, summary);
        Path runFile = dir.resolve(RUN_CONFIG);
        JsonNode runConfig = Files.isRegularFile(runFile) ? JsonFiles.readTree(runFile) : null;
        boolean hasPredictions = Files.isRegularFile(predictionsFile);
        List<PredictionRecord> predictions = hasPredictions ? PredictionsFile.read(predictionsFile) : List.of();
        String model = text(summary, "model");
        if (model == null && runConfig != null) {
            model = text(runConfig, "model");
        }
        if (model == null) {
            Path name = dir.getFileName();
            model = name == null ? dir.toString() : name.toString();
        }
        return new RunReport(model, dir, model, text(summary, "data"), settings, predictions, hasPredictions,
                runConfig);
    }

    private static String text(JsonNode node, String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isValueNode()) {
            return v.asText();
        }
        JsonNode name = v.get("name"); // a model spec written as an object
        return name != null && name.isValueNode() ? name.asText() : v.toString();
    }

    /** The same run under another label. */
    public RunReport withLabel(String newLabel) {
        return new RunReport(newLabel, dir, model, data, settings, predictions, hasPredictions, runConfig);
    }

    /** The setting's summary, or null when the run did not evaluate it. */
    public SettingSummary setting(Setting setting) {
        return settings.get(setting);
    }

    /** Tasks evaluated in at least one setting. */
    public Set<Task> supportedTasks() {
        Set<Task> out = EnumSet.noneOf(Task.class);
        settings.values().forEach(s -> out.addAll(s.tasks().keySet()));
        return out;
    }

    /** Tasks the model declared unsupported (and that were evaluated in no setting). */
    public Set<Task> unsupportedTasks() {
        Set<Task> out = EnumSet.noneOf(Task.class);
        settings.values().forEach(s -> out.addAll(s.unsupported()));
        out.removeAll(supportedTasks());
        return out;
    }

    /** Tasks neither evaluated nor declared unsupported (left out of the run, e.g. by --tasks). */
    public Set<Task> notEvaluatedTasks() {
        Set<Task> out = EnumSet.allOf(Task.class);
        out.removeAll(supportedTasks());
        out.removeAll(unsupportedTasks());
        return out;
    }

    /** The failed prediction lines of one setting, in file order. */
    public List<PredictionRecord> failedLines(Setting setting) {
        List<PredictionRecord> out = new ArrayList<>();
        for (PredictionRecord r : predictions) {
            if (r.failed() && setting.wireName().equals(r.setting())) {
                out.add(r);
            }
        }
        return out;
    }
}
