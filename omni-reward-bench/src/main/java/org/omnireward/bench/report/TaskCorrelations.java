package org.omnireward.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.omnireward.bench.metrics.Summary;
import org.omnireward.bench.results.Setting;
import org.omnireward.core.Task;

/**
 * Pearson correlation of per-task accuracy between tasks across runs (protocol.md, "Evaluation protocol": "correlation of model
 * performance between tasks"): for tasks i and j, the runs that have an accuracy for both give two
 * vectors, and r is their correlation. A cell is undefined (empty) with fewer than three such runs
 * or when either vector is constant.
 *
 * @param matrix {@code matrix[i][j]} for {@code Task.values()[i]} and {@code [j]}; null when undefined
 * @param runs   how many runs went in
 */
public record TaskCorrelations(Setting setting, Double[][] matrix, int runs) {

    /** The least number of runs for which the matrix is shown at all. */
    public static final int MIN_RUNS = 3;

    /** r between two tasks, or empty when undefined. */
    public OptionalDouble get(Task a, Task b) {
        Double r = matrix[a.ordinal()][b.ordinal()];
        return r == null ? OptionalDouble.empty() : OptionalDouble.of(r);
    }

    /** Computes the matrix of a setting over the runs that evaluated it. */
    public static TaskCorrelations compute(List<RunReport> runs, Setting setting) {
        Task[] tasks = Task.values();
        Double[][] m = new Double[tasks.length][tasks.length];
        int used = 0;
        for (RunReport r : runs) {
            used += r.setting(setting) != null ? 1 : 0;
        }
        for (int i = 0; i < tasks.length; i++) {
            for (int j = 0; j < tasks.length; j++) {
                List<double[]> pairs = new ArrayList<>();
                for (RunReport r : runs) {
                    Double x = accuracy(r, setting, tasks[i]);
                    Double y = accuracy(r, setting, tasks[j]);
                    if (x != null && y != null) {
                        pairs.add(new double[] {x, y});
                    }
                }
                double[] xs = pairs.stream().mapToDouble(p -> p[0]).toArray();
                double[] ys = pairs.stream().mapToDouble(p -> p[1]).toArray();
                OptionalDouble r = Pearson.correlation(xs, ys);
                m[i][j] = r.isPresent() ? r.getAsDouble() : null;
            }
        }
        return new TaskCorrelations(setting, m, used);
    }

    private static Double accuracy(RunReport run, Setting setting, Task task) {
        Summary.SettingSummary s = run.setting(setting);
        Summary.TaskSummary t = s == null ? null : s.task(task);
        return t == null || t.n() == 0 ? null : t.accuracy();
    }
}
