package org.omnireward.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.omnireward.bench.metrics.Evaluation;
import org.omnireward.bench.metrics.RunInfo;
import org.omnireward.bench.metrics.SampleOutcome;
import org.omnireward.bench.metrics.Summary;
import org.omnireward.bench.metrics.SummaryCalculator;
import org.omnireward.bench.metrics.SummaryReader;
import org.omnireward.bench.metrics.SummaryWriter;
import org.omnireward.bench.metrics.TieCalibrationMode;
import org.omnireward.bench.metrics.TieScope;
import org.omnireward.bench.results.PredictionRecord;
import org.omnireward.bench.results.PredictionsFile;
import org.omnireward.bench.results.Setting;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.Task;
import org.omnireward.core.util.Json;

/**
 * One benchmark run as the reports see it: its summary (read from {@code summary.json} by
 * {@link SummaryReader}, or recomputed from the predictions by {@link SummaryCalculator}), its
 * prediction lines (for the failed-sample list), the per-sample outcomes behind the summary (for
 * paired tests) and, when present, its {@code run.json}.
 *
 * @param label          the name shown in reports (the model, made unique among the reported runs)
 * @param dir            the run directory
 * @param summary        the metrics shown
 * @param recomputed     whether {@code summary} was computed from {@code predictions.jsonl} now
 *                       rather than read from {@code summary.json}
 * @param predictions    the lines of {@code predictions.jsonl}; empty when the file is absent
 * @param hasPredictions whether {@code predictions.jsonl} was found
 * @param runConfig      the tree of {@code run.json}, or null when absent
 * @param outcomes       per setting, the outcome of every counted line as computed by
 *                       {@link SummaryCalculator#evaluate} with the summary's calibration; empty
 *                       without predictions
 */
public record RunReport(
        String label,
        Path dir,
        Summary summary,
        boolean recomputed,
        List<PredictionRecord> predictions,
        boolean hasPredictions,
        JsonNode runConfig,
        Map<Setting, List<SampleOutcome>> outcomes) {

    /** File name of the summary inside a run directory. */
    public static final String SUMMARY = SummaryWriter.NAME;
    /** File name of the run configuration inside a run directory. */
    public static final String RUN_CONFIG = "run.json";
    /** What the user is told when a missing summary is recomputed. */
    public static final String RECOMPUTED_NOTICE = SUMMARY + " was missing; recomputed from " + PredictionsFile.NAME;

    public RunReport {
        predictions = List.copyOf(predictions);
        EnumMap<Setting, List<SampleOutcome>> copy = new EnumMap<>(Setting.class);
        outcomes.forEach((s, list) -> copy.put(s, List.copyOf(list)));
        outcomes = Collections.unmodifiableMap(copy);
    }

    /** Loads a run with its stored summary, telling notices (e.g. a recomputed summary) on stderr. */
    public static RunReport load(Path path) {
        return load(path, null, System.err::println);
    }

    /**
     * Loads a run from its directory or from the path of its {@code summary.json}.
     *
     * <ul>
     *   <li>Normally the summary is read from {@code summary.json}.</li>
     *   <li>When {@code summary.json} is missing but {@code predictions.jsonl} and {@code run.json}
     *       are there (an interrupted run, or one whose summary was deleted), the summary is
     *       recomputed from the predictions with the settings, tasks, unsupported tasks and tie
     *       calibration of {@code run.json}, saved as {@code summary.json}, and a notice says so.</li>
     *   <li>With a {@code recalibration}, a run that has predictions gets its summary recomputed with
     *       that calibration (settings, tasks and unsupported tasks from its summary, else from
     *       run.json); nothing is written. A run without predictions keeps its stored summary, with
     *       a notice.</li>
     * </ul>
     *
     * @param recalibration null to use the stored summaries
     * @param notices       receives one-line messages for the user (stderr in the CLI)
     * @throws InvalidInputException when the path is not a run, a file is malformed (naming file and
     *                               JSON path or line), or the summary is missing and cannot be recomputed
     */
    public static RunReport load(Path path, Recalibration recalibration, Consumer<String> notices) {
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
        Path runFile = dir.resolve(RUN_CONFIG);
        boolean hasSummary = Files.isRegularFile(summaryFile);
        boolean hasPredictions = Files.isRegularFile(predictionsFile);
        JsonNode runConfig = Files.isRegularFile(runFile) ? Json.readTree(runFile) : null;
        if (!hasSummary && !hasPredictions) {
            throw new InvalidInputException(path + ": not a run directory: neither " + SUMMARY + " nor "
                    + PredictionsFile.NAME + " found"
                    + (runConfig == null
                            ? ""
                            : " (" + RUN_CONFIG + " is there: the run started but has no predictions yet)"));
        }
        if (!hasSummary && runConfig == null) {
            throw new InvalidInputException(dir + ": " + SUMMARY + " is missing, and without " + RUN_CONFIG
                    + " (the run's settings, tasks and unsupported tasks) it cannot be recomputed from "
                    + PredictionsFile.NAME + "; rerun `bench run` with the same --out " + dir + " to finish the run");
        }
        Summary stored = hasSummary ? SummaryReader.read(summaryFile) : null;
        List<PredictionRecord> predictions = hasPredictions ? PredictionsFile.read(predictionsFile) : List.of();
        RunInfo info =
                stored != null ? RunInfo.fromSummary(stored) : RunInfo.fromRunConfig(runConfig, runFile, dirName(dir));

        if (recalibration != null && !hasPredictions) {
            notices.accept(dir + ": no " + PredictionsFile.NAME + ", so the stored " + SUMMARY
                    + " (tie calibration " + info.tieCalibration() + ", scope " + info.tieScope()
                    + ") is shown instead of one recomputed with the requested calibration");
            return new RunReport(stored.model(), dir, stored, false, predictions, false, runConfig, Map.of());
        }
        if (recalibration != null) {
            RunInfo recalibrated;
            try {
                recalibrated = recalibration.applyTo(info);
            } catch (InvalidInputException e) {
                throw new InvalidInputException(dir + ": " + e.getMessage());
            }
            Evaluation ev = evaluate(predictions, recalibrated, predictionsFile, notices);
            if (stored == null) {
                notices.accept(dir + ": " + RECOMPUTED_NOTICE + " with the requested tie calibration (not saved)");
            }
            return new RunReport(
                    ev.summary().model(), dir, ev.summary(), true, predictions, true, runConfig, ev.outcomes());
        }
        if (stored == null) {
            Evaluation ev = evaluate(predictions, info, predictionsFile, notices);
            String saved;
            try {
                SummaryWriter.write(summaryFile, ev.summary());
                saved = "saved as " + summaryFile;
            } catch (UncheckedIOException e) {
                saved = "could not save it (" + e.getMessage() + "), reporting it anyway";
            }
            notices.accept(dir + ": " + RECOMPUTED_NOTICE + " and " + RUN_CONFIG + "; " + saved
                    + ". If the run was interrupted these results are partial: rerun `bench run` with the same --out "
                    + dir + " to finish it (finished predictions are kept).");
            return new RunReport(
                    ev.summary().model(), dir, ev.summary(), true, predictions, true, runConfig, ev.outcomes());
        }
        Map<Setting, List<SampleOutcome>> outcomes = hasPredictions
                ? evaluate(predictions, info, predictionsFile, notices).outcomes()
                : Map.of();
        return new RunReport(stored.model(), dir, stored, false, predictions, hasPredictions, runConfig, outcomes);
    }

    private static Evaluation evaluate(
            List<PredictionRecord> predictions, RunInfo info, Path file, Consumer<String> notices) {
        Evaluation ev;
        try {
            ev = SummaryCalculator.evaluate(predictions, info);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(file + ": " + e.getMessage(), e);
        }
        if (ev.duplicatesIgnored() > 0) {
            notices.accept(file + ": " + ev.duplicatesIgnored()
                    + " repeated (id, setting) line(s) ignored; the first line of each counts");
        }
        return ev;
    }

    private static String dirName(Path dir) {
        Path name = dir.toAbsolutePath().getFileName();
        return name == null ? dir.toString() : name.toString();
    }

    /** The same run under another label. */
    public RunReport withLabel(String newLabel) {
        return new RunReport(newLabel, dir, summary, recomputed, predictions, hasPredictions, runConfig, outcomes);
    }

    /** The model name of the summary. */
    public String model() {
        return summary.model();
    }

    /** The benchmark path of the summary, or null. */
    public String data() {
        return summary.data();
    }

    /** The settings the summary has, in order. */
    public Set<Setting> settings() {
        return summary.presentSettings();
    }

    /** The setting's summary, or null when the run did not evaluate it. */
    public Summary.SettingSummary setting(Setting setting) {
        return summary.setting(setting);
    }

    /** The summary's tie calibration ({@code definition} when the summary does not say). */
    public TieCalibrationMode tieCalibration() {
        return summary.tieCalibration() == null
                ? TieCalibrationMode.DEFINITION
                : TieCalibrationMode.parse(summary.tieCalibration());
    }

    /** The summary's tie scope ({@code per_task} when the summary does not say). */
    public TieScope tieScope() {
        return summary.tieScope() == null ? TieScope.PER_TASK : TieScope.parse(summary.tieScope());
    }

    /** Whether any setting has tie-calibrated tasks or tie thresholds (a scalar model with ties). */
    public boolean hasTieThresholds() {
        return summary.settings().values().stream().anyMatch(Summary.SettingSummary::hasTieThresholds);
    }

    /** The outcomes of one setting (empty without predictions), ordered by task then index. */
    public List<SampleOutcome> outcomes(Setting setting) {
        return outcomes.getOrDefault(setting, List.of());
    }

    /** Tasks evaluated in at least one setting. */
    public Set<Task> supportedTasks() {
        Set<Task> out = EnumSet.noneOf(Task.class);
        summary.settings().values().forEach(s -> out.addAll(s.evaluatedTasks()));
        return out;
    }

    /** Tasks the model declared unsupported (and that were evaluated in no setting). */
    public Set<Task> unsupportedTasks() {
        Set<Task> out = EnumSet.noneOf(Task.class);
        summary.settings().values().forEach(s -> out.addAll(s.unsupportedTasks()));
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

    /**
     * The failed prediction lines of one setting (invalid records included), in file order: the
     * lines behind the summary's {@code failed} counts (lines of unsupported tasks and repeated
     * lines are left out, as in the summary).
     */
    public List<PredictionRecord> failedLines(Setting setting) {
        Set<String> failed = new HashSet<>();
        for (SampleOutcome o : outcomes(setting)) {
            if (o.failed()) {
                failed.add(o.task().id() + "/" + o.id());
            }
        }
        List<PredictionRecord> out = new ArrayList<>();
        for (PredictionRecord r : predictions) {
            String task = Task.lookup(r.task()).map(Task::id).orElse(r.task());
            if (settingOf(r) == setting && failed.remove(task + "/" + r.id())) {
                out.add(r);
            }
        }
        return out;
    }

    private static Setting settingOf(PredictionRecord r) {
        try {
            return r.setting() == null ? null : Setting.parse(r.setting());
        } catch (InvalidInputException e) {
            return null;
        }
    }
}
