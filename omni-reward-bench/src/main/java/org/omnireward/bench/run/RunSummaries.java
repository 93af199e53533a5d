package org.omnireward.bench.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.omnireward.bench.metrics.RunInfo;
import org.omnireward.bench.metrics.Summary;
import org.omnireward.bench.metrics.SummaryCalculator;
import org.omnireward.bench.metrics.SummaryWriter;
import org.omnireward.bench.metrics.TieCalibrationMode;
import org.omnireward.bench.metrics.TieScope;
import org.omnireward.bench.results.PredictionsFile;
import org.omnireward.bench.results.Setting;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.Task;

/**
 * Computes a run directory's {@code summary.json} from its {@code run.json} and {@code
 * predictions.jsonl}: the one place that turns a run's description into metrics settings, used by
 * {@code bench run} at the end and by {@code bench report} when a summary is missing or asked for
 * with other tie-calibration settings.
 */
public final class RunSummaries {

    private RunSummaries() {
    }

    /** The metrics settings {@code run.json} describes. */
    public static RunInfo runInfo(RunManifest m) {
        List<Setting> settings = new ArrayList<>();
        for (String s : m.settings()) {
            settings.add(Setting.parse(s));
        }
        Set<Task> unsupported = EnumSet.noneOf(Task.class);
        for (String t : m.unsupported()) {
            unsupported.add(Task.parse(t));
        }
        List<Task> tasks = new ArrayList<>();
        for (String t : m.tasks()) {
            tasks.add(Task.parse(t));
        }
        tasks.addAll(unsupported);
        TieCalibrationMode mode = m.tieCalibration() == null ? null : TieCalibrationMode.parse(m.tieCalibration());
        TieScope scope = m.tieScope() == null ? null : TieScope.parse(m.tieScope());
        return new RunInfo(m.model(), m.data(), m.format(), m.seed(), settings, tasks.isEmpty() ? null : tasks,
                unsupported, mode, scope);
    }

    /** The run's description; an error naming the directory when it has no {@code run.json}. */
    public static RunManifest manifest(Path runDir) {
        return RunManifest.read(runDir).orElseThrow(() -> new InvalidInputException(
                runDir + " has no " + RunManifest.NAME + "; it is not a run directory written by `bench run`"));
    }

    /** Computes the summary with the settings {@code run.json} records. */
    public static Summary summarize(Path runDir) {
        return summarize(runDir, runInfo(manifest(runDir)));
    }

    /** Computes the summary with explicit metrics settings (e.g. another tie calibration). */
    public static Summary summarize(Path runDir, RunInfo info) {
        return SummaryCalculator.summarize(PredictionsFile.read(runDir.resolve(PredictionsFile.NAME)), info);
    }

    /** Computes and writes {@code summary.json}; returns its path. */
    public static Path write(Path runDir) {
        Path file = runDir.resolve(SummaryWriter.NAME);
        SummaryWriter.write(file, summarize(runDir));
        return file;
    }
}
