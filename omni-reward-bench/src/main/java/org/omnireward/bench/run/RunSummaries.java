package org.omnireward.bench.run;

import java.nio.file.Files;
import java.nio.file.Path;
import org.omnireward.bench.metrics.RunInfo;
import org.omnireward.bench.metrics.Summary;
import org.omnireward.bench.metrics.SummaryCalculator;
import org.omnireward.bench.metrics.SummaryWriter;
import org.omnireward.bench.results.PredictionsFile;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.util.Json;

/**
 * Computes a run directory's {@code summary.json} from its {@code run.json} and {@code
 * predictions.jsonl} ({@code bench run} calls it when a run ends).
 */
public final class RunSummaries {

    private RunSummaries() {}

    /**
     * The metrics settings the directory's {@code run.json} records.
     *
     * @throws InvalidInputException naming the directory when it has no {@code run.json}
     */
    public static RunInfo runInfo(Path runDir) {
        Path file = runDir.resolve(RunManifest.NAME);
        if (!Files.exists(file)) {
            throw new InvalidInputException(
                    runDir + " has no " + RunManifest.NAME + "; it is not a run directory written by `bench run`");
        }
        return RunInfo.fromRunConfig(Json.readTree(file), file, "unknown");
    }

    /** Computes the summary with the settings {@code run.json} records. */
    public static Summary summarize(Path runDir) {
        return summarize(runDir, runInfo(runDir));
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
