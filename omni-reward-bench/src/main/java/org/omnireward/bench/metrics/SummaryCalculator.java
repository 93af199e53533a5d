package org.omnireward.bench.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.omnireward.bench.results.PredictionRecord;
import org.omnireward.bench.results.Setting;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.Preference;
import org.omnireward.core.Task;

/**
 * Computes a run's metrics ({@link Summary}, i.e. {@code summary.json}) and per-sample outcomes
 * from its {@code predictions.jsonl} records, following {@code docs/results-format.md}:
 *
 * <ul>
 *   <li>Failed lines (invalid records included) are left out of {@code n} and {@code accuracy} and
 *       counted wrong in {@code strict_accuracy}.</li>
 *   <li>Lines without scores (pairwise models) are right when {@code prediction == label}.</li>
 *   <li>Lines with scores (scalar models): in no_ties, right when {@code prediction == label} (an
 *       equal-score {@code tie} is wrong); in ties, the prediction comes from
 *       {@link TieCalibration} over the task's non-failed scalar lines in benchmark order
 *       ({@code index}), per task or with one threshold for all tasks ({@link TieScope}).</li>
 *   <li>Lines of tasks the model does not support are ignored; the tasks are listed in
 *       {@code unsupported}.</li>
 *   <li>When an (id, setting) occurs more than once, the first line counts and the others are
 *       ignored (and counted in {@link Evaluation#duplicatesIgnored()}).</li>
 * </ul>
 *
 * The result does not depend on the order of the lines (REFERENCE calibration orders by
 * {@code index}), except which of two differing duplicate lines comes first.
 */
public final class SummaryCalculator {

    private SummaryCalculator() {}

    /** The summary alone; see {@link #evaluate}. */
    public static Summary summarize(List<PredictionRecord> records, RunInfo run) {
        return evaluate(records, run).summary();
    }

    /**
     * Summary and per-sample outcomes of a run.
     *
     * @throws InvalidInputException when a line is malformed (unknown task or setting, a
     *     non-failed line without a label or a prediction, bad scores, a tie label in no_ties),
     *     naming the line's id and setting
     */
    public static Evaluation evaluate(List<PredictionRecord> records, RunInfo run) {
        Map<Setting, Map<Task, List<Line>>> bySetting = new EnumMap<>(Setting.class);
        Set<String> seen = new HashSet<>();
        int duplicates = 0;
        for (PredictionRecord r : records) {
            Line line = Line.of(r);
            if (!seen.add(PredictionRecord.key(
                    line.task().id(), r.id(), line.setting().wireName()))) {
                duplicates++;
                continue;
            }
            if (!run.supports(line.task())) {
                continue;
            }
            bySetting
                    .computeIfAbsent(line.setting(), s -> new EnumMap<>(Task.class))
                    .computeIfAbsent(line.task(), t -> new ArrayList<>())
                    .add(line);
        }
        Comparator<Line> benchmarkOrder = Comparator.comparingInt(
                        (Line l) -> l.record().index())
                .thenComparing(l -> l.record().id());
        bySetting.values().forEach(byTask -> byTask.values().forEach(list -> list.sort(benchmarkOrder)));

        EnumSet<Setting> settings = EnumSet.noneOf(Setting.class);
        settings.addAll(run.settings());
        settings.addAll(bySetting.keySet());
        EnumSet<Task> tasks = EnumSet.noneOf(Task.class);
        tasks.addAll(run.tasks());
        bySetting.values().forEach(byTask -> tasks.addAll(byTask.keySet()));
        tasks.removeAll(run.unsupportedTasks());
        List<String> unsupported = Arrays.stream(Task.values())
                .filter(run.unsupportedTasks()::contains)
                .map(Task::id)
                .toList();

        Map<String, Summary.SettingSummary> settingSummaries = new LinkedHashMap<>();
        Map<Setting, List<SampleOutcome>> outcomes = new EnumMap<>(Setting.class);
        for (Setting setting : settings) {
            Map<Task, List<Line>> byTask = bySetting.getOrDefault(setting, Map.of());
            SettingResult result = computeSetting(setting, tasks, byTask, run);
            settingSummaries.put(setting.wireName(), result.summary(unsupported));
            outcomes.put(setting, result.outcomes());
        }
        Summary summary = new Summary(
                run.model(),
                run.data(),
                run.format(),
                run.seed(),
                Summary.CI_METHOD,
                run.tieCalibration().wireName(),
                run.tieScope().wireName(),
                run.prices(),
                settingSummaries);
        return new Evaluation(summary, outcomes, duplicates);
    }

    private static SettingResult computeSetting(
            Setting setting, Set<Task> tasks, Map<Task, List<Line>> byTask, RunInfo run) {
        boolean calibrate = setting.allowsTies();
        Map<Task, TaskLines> parts = new EnumMap<>(Task.class);
        for (Task task : tasks) {
            parts.put(task, TaskLines.split(byTask.getOrDefault(task, List.of()), calibrate));
        }
        Map<Task, TieCalibration.Result> calibrated = new EnumMap<>(Task.class);
        Double sharedThreshold = null;
        if (calibrate && run.tieScope() == TieScope.GLOBAL) {
            List<Task> order = new ArrayList<>(parts.keySet());
            List<TieCalibration.Group> groups = new ArrayList<>();
            for (Task task : order) {
                TaskLines p = parts.get(task);
                groups.add(new TieCalibration.Group(
                        p.samples(), p.directCorrect(), p.direct().size()));
            }
            TieCalibration.SharedResult shared = TieCalibration.definitionShared(groups);
            sharedThreshold = shared.threshold();
            for (int i = 0; i < order.size(); i++) {
                if (!parts.get(order.get(i)).scalar().isEmpty()) {
                    calibrated.put(order.get(i), shared.results().get(i));
                }
            }
        } else if (calibrate) {
            parts.forEach((task, p) -> {
                if (!p.scalar().isEmpty()) {
                    calibrated.put(task, TieCalibration.calibrate(p.samples(), run.tieCalibration()));
                }
            });
        }
        Map<Task, TaskResult> results = new EnumMap<>(Task.class);
        List<SampleOutcome> outcomes = new ArrayList<>();
        CallStats.Builder calls = new CallStats.Builder(setting == Setting.NO_TIES);
        parts.forEach((task, p) -> {
            TaskResult r = TaskResult.of(p, calibrated.get(task));
            results.put(task, r);
            outcomes.addAll(r.outcomes());
            for (int i = 0; i < p.all().size(); i++) {
                calls.add(p.all().get(i).record(), r.outcomes().get(i).correct());
            }
        });
        CallStats stats = calls.build(run.prices());
        return new SettingResult(
                results,
                calibrate && run.tieScope() == TieScope.GLOBAL,
                sharedThreshold,
                outcomes,
                stats.hasCallDetails() ? stats : null);
    }

    /** One validated line. {@code margin} is set for scalar lines that did not fail. */
    private record Line(
            PredictionRecord record,
            Task task,
            Setting setting,
            Preference label,
            Preference prediction,
            Double margin,
            boolean failed,
            boolean invalid) {

        static Line of(PredictionRecord r) {
            if (r.id() == null || r.id().isBlank()) {
                throw new InvalidInputException("prediction line without an id (task '" + r.task() + "', setting '"
                        + r.setting() + "', index " + r.index() + ")");
            }
            Task task = Task.lookup(r.task())
                    .orElseThrow(() -> bad(r, "unknown task '" + r.task() + "'; expected one of " + Task.validNames()));
            Setting setting = parseSetting(r);
            boolean failed = r.failed() || r.invalid();
            Preference label = Preference.lookup(r.label()).orElse(null);
            if (failed) {
                return new Line(r, task, setting, label, null, null, true, r.invalid());
            }
            if (label == null) {
                throw bad(r, "not marked failed but its label '" + r.label() + "' is not response1, response2 or tie");
            }
            if (setting == Setting.NO_TIES && label == Preference.TIE) {
                throw bad(r, "label 'tie' in the no_ties setting, which excludes tied samples");
            }
            Preference prediction = null;
            if (r.prediction() != null) {
                prediction = Preference.lookup(r.prediction())
                        .orElseThrow(
                                () -> bad(r, "prediction '" + r.prediction() + "' is not response1, response2 or tie"));
            }
            Double margin = null;
            if (r.scores() != null) {
                if (r.scores().size() != 2
                        || r.scores().get(0) == null
                        || r.scores().get(1) == null
                        || !Double.isFinite(r.scores().get(0))
                        || !Double.isFinite(r.scores().get(1))) {
                    throw bad(r, "scores must be two finite numbers [r1, r2], got " + r.scores());
                }
                margin = r.margin();
                if (!Double.isFinite(margin)) {
                    throw bad(r, "scores " + r.scores() + " are too far apart to subtract");
                }
                if (prediction == null) {
                    prediction = TieCalibration.predict(margin, null);
                }
            } else if (prediction == null) {
                throw bad(r, "not marked failed but has neither a prediction nor scores");
            }
            return new Line(r, task, setting, label, prediction, margin, false, false);
        }

        private static Setting parseSetting(PredictionRecord r) {
            try {
                return Setting.parse(r.setting() == null ? "" : r.setting());
            } catch (InvalidInputException e) {
                throw bad(r, e.getMessage());
            }
        }

        private static InvalidInputException bad(PredictionRecord r, String what) {
            return new InvalidInputException("prediction for id '" + r.id() + "' (setting '" + r.setting() + "', task '"
                    + r.task() + "'): " + what);
        }

        SampleOutcome outcome(Preference finalPrediction) {
            return new SampleOutcome(
                    record.id(),
                    task,
                    setting,
                    record.index(),
                    label,
                    finalPrediction,
                    failed,
                    invalid,
                    !failed && finalPrediction != null && finalPrediction == label);
        }
    }

    /** A task's lines in one setting, in benchmark order, split by how they are scored. */
    private record TaskLines(List<Line> all, List<Line> failed, List<Line> direct, List<Line> scalar) {

        static TaskLines split(List<Line> lines, boolean calibrate) {
            List<Line> failed = new ArrayList<>();
            List<Line> direct = new ArrayList<>();
            List<Line> scalar = new ArrayList<>();
            for (Line l : lines) {
                if (l.failed()) {
                    failed.add(l);
                } else if (calibrate && l.margin() != null) {
                    scalar.add(l);
                } else {
                    direct.add(l);
                }
            }
            return new TaskLines(lines, failed, direct, scalar);
        }

        List<TieCalibration.Sample> samples() {
            return scalar.stream()
                    .map(l -> new TieCalibration.Sample(l.label(), l.margin()))
                    .toList();
        }

        int directCorrect() {
            return (int)
                    direct.stream().filter(l -> l.prediction() == l.label()).count();
        }
    }

    private record TaskResult(
            int n,
            int correct,
            int failed,
            int invalid,
            Double threshold,
            boolean calibrated,
            List<SampleOutcome> outcomes) {

        static TaskResult of(TaskLines p, TieCalibration.Result calibration) {
            Map<Line, Preference> scalarPredictions = new IdentityHashMap<>();
            if (calibration != null) {
                for (int i = 0; i < p.scalar().size(); i++) {
                    scalarPredictions.put(
                            p.scalar().get(i), calibration.predictions().get(i));
                }
            }
            List<SampleOutcome> outcomes = new ArrayList<>(p.all().size());
            int correct = 0;
            for (Line l : p.all()) {
                Preference prediction = l.failed()
                        ? null
                        : scalarPredictions.containsKey(l) ? scalarPredictions.get(l) : l.prediction();
                SampleOutcome o = l.outcome(prediction);
                if (o.correct()) {
                    correct++;
                }
                outcomes.add(o);
            }
            int invalid = (int) p.failed().stream().filter(Line::invalid).count();
            return new TaskResult(
                    p.direct().size() + p.scalar().size(),
                    correct,
                    p.failed().size(),
                    invalid,
                    calibration == null ? null : calibration.threshold(),
                    calibration != null,
                    outcomes);
        }

        Summary.TaskSummary summary() {
            Double accuracy = n == 0 ? null : (double) correct / n;
            Double strict = n + failed == 0 ? null : (double) correct / (n + failed);
            List<Double> ci =
                    Wilson.interval95(correct, n).map(Wilson.Interval::asList).orElse(null);
            return new Summary.TaskSummary(accuracy, n, correct, failed, invalid, strict, ci, threshold, calibrated);
        }
    }

    private record SettingResult(
            Map<Task, TaskResult> tasks,
            boolean shared,
            Double sharedThreshold,
            List<SampleOutcome> outcomes,
            CallStats calls) {

        Summary.SettingSummary summary(List<String> unsupported) {
            Map<String, Summary.TaskSummary> taskSummaries = new LinkedHashMap<>();
            double sum = 0;
            int counted = 0;
            double strictSum = 0;
            int strictCounted = 0;
            for (Map.Entry<Task, TaskResult> e : tasks.entrySet()) {
                Summary.TaskSummary t = e.getValue().summary();
                taskSummaries.put(e.getKey().id(), t);
                if (t.accuracy() != null) {
                    sum += t.accuracy();
                    counted++;
                }
                if (t.strictAccuracy() != null) {
                    strictSum += t.strictAccuracy();
                    strictCounted++;
                }
            }
            return new Summary.SettingSummary(
                    counted == 0 ? null : sum / counted,
                    strictCounted == 0 ? null : strictSum / strictCounted,
                    taskSummaries,
                    unsupported,
                    shared ? sharedThreshold : null,
                    calls);
        }
    }
}
