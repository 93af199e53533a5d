package org.omnireward.bench.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
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
        TieScope tieScope) {

    public RunInfo {
        Objects.requireNonNull(model, "model");
        settings = settings == null || settings.isEmpty() ? List.of(Setting.values()) : List.copyOf(settings);
        tasks = tasks == null || tasks.isEmpty() ? List.of(Task.values()) : List.copyOf(tasks);
        unsupportedTasks = unsupportedTasks == null || unsupportedTasks.isEmpty()
                ? Set.of() : Set.copyOf(EnumSet.copyOf(unsupportedTasks));
        tieCalibration = tieCalibration == null ? TieCalibrationMode.DEFINITION : tieCalibration;
        tieScope = tieScope == null ? TieScope.PER_TASK : tieScope;
        checkCombination(tieCalibration, tieScope);
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
        return new RunInfo(summary.model(), summary.data(), summary.format(), summary.seed(), settings,
                List.copyOf(tasks), unsupported,
                summary.tieCalibration() == null ? null : TieCalibrationMode.parse(summary.tieCalibration()),
                summary.tieScope() == null ? null : TieScope.parse(summary.tieScope()));
    }

    /** A copy with other tie calibration settings. */
    public RunInfo withTies(TieCalibrationMode mode, TieScope scope) {
        return new RunInfo(model, data, format, seed, settings, tasks, unsupportedTasks, mode, scope);
    }

    /** A copy with other unsupported tasks. */
    public RunInfo withUnsupported(Task... unsupported) {
        return new RunInfo(model, data, format, seed, settings, tasks, Set.copyOf(Arrays.asList(unsupported)),
                tieCalibration, tieScope);
    }

    /** Whether the model supports {@code task}. */
    public boolean supports(Task task) {
        return !unsupportedTasks.contains(task);
    }

    /**
     * Rejects a global tie scope in reference mode: the reference implementation calibrates each
     * task on its own, so a shared threshold has no reference behaviour to reproduce.
     */
    /** Rejects combinations that make no sense (reference calibration with a global scope). */
    public static void checkCombination(TieCalibrationMode mode, TieScope scope) {
        if (mode == TieCalibrationMode.REFERENCE && scope == TieScope.GLOBAL) {
            throw new InvalidInputException("tie scope 'global' needs tie calibration 'definition': "
                    + "the reference implementation calibrates each task separately");
        }
    }
}
