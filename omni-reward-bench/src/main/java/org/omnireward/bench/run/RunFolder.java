package org.omnireward.bench.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import org.omnireward.bench.metrics.SummaryWriter;
import org.omnireward.bench.results.PredictionRecord;
import org.omnireward.bench.results.PredictionsFile;
import org.omnireward.core.InvalidInputException;

/**
 * A run directory: {@code run.json} (what was run), {@code predictions.jsonl} (one line per sample
 * and setting) and {@code summary.json}. Owns the rules that keep a directory consistent across
 * reruns: another model or data may not be added to it, an earlier summary is removed when new
 * lines are about to be added, and failed lines are dropped (atomically) when they are to be retried.
 */
public final class RunFolder {

    private final Path dir;

    public RunFolder(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /** The directory. */
    public Path dir() {
        return dir;
    }

    /** {@code predictions.jsonl} in it. */
    public Path predictions() {
        return dir.resolve(PredictionsFile.NAME);
    }

    /** {@code replicas.json}: how a model served by several replicas used each in the latest run. */
    public static final String REPLICAS = "replicas.json";

    /**
     * Writes {@value #REPLICAS}: one entry per replica (URL with credentials masked, requests, failed
     * requests, ejections, healthy at the end) for the run that just finished; a later run replaces it.
     */
    public void writeReplicas(List<org.omnireward.runtime.endpoint.ReplicaStats> replicas) {
        com.fasterxml.jackson.databind.node.ObjectNode root =
                org.omnireward.core.util.Json.mapper().createObjectNode();
        com.fasterxml.jackson.databind.node.ArrayNode list = root.putArray("replicas");
        for (org.omnireward.runtime.endpoint.ReplicaStats r : replicas) {
            list.addObject()
                    .put("endpoint", r.endpoint())
                    .put("requests", r.requests())
                    .put("failed", r.failed())
                    .put("ejections", r.ejections())
                    .put("healthy", r.healthy());
        }
        Path file = dir.resolve(REPLICAS);
        try {
            Files.writeString(
                    file,
                    org.omnireward.core.util.Json.pretty().writeValueAsString(root) + "\n",
                    java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Creates the directory when missing; refuses a path that is a file. */
    public void prepare() {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new InvalidInputException("output path " + dir + " exists and is not a directory");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create output directory " + dir, e);
        }
    }

    /**
     * Writes {@code manifest}, or checks it against the one already there and writes the merged one.
     *
     * @throws InvalidInputException when the directory holds a run of another model, data, format or seed
     */
    public void writeManifest(RunManifest manifest) {
        Optional<RunManifest> earlier = RunManifest.read(dir);
        RunManifest out = manifest;
        if (earlier.isPresent()) {
            List<String> diffs = manifest.differencesFrom(earlier.get());
            if (!diffs.isEmpty()) {
                throw new InvalidInputException(dir + " already holds predictions of another run: "
                        + String.join("; ", diffs) + ". Use a new --out for a different model or data "
                        + "(or delete that directory to start over).");
            }
            out = manifest.continuing(earlier.get());
        }
        out.write(dir);
    }

    /**
     * Deletes the summary of an earlier run: the lines this run adds would make it stale, and if this
     * run is stopped before it writes a new one, {@code bench report} must recompute it from the
     * predictions (and say they may be partial) rather than trust it.
     */
    public void removeStaleSummary() {
        Path summary = dir.resolve(SummaryWriter.NAME);
        try {
            Files.deleteIfExists(summary);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot remove the earlier run's " + summary
                            + " (it would not match the predictions once this run adds lines)",
                    e);
        }
    }

    /**
     * Removes every failed line (failed predictions and invalid records) from {@code
     * predictions.jsonl}, so that a rerun writes them again: the file is rewritten to a temporary file
     * and moved over the old one atomically, so a kill leaves either the old or the new file, and no
     * (task, setting, id) ever has two lines.
     *
     * @return how many lines were dropped
     */
    public int dropFailedLines() {
        Path file = predictions();
        if (!Files.exists(file)) {
            return 0;
        }
        List<PredictionRecord> all = PredictionsFile.read(file);
        StringBuilder kept = new StringBuilder();
        int dropped = 0;
        for (PredictionRecord r : all) {
            if (r.failed()) {
                dropped++;
            } else {
                kept.append(PredictionsFile.toLine(r));
            }
        }
        if (dropped == 0) {
            return 0;
        }
        Path tmp = dir.resolve(PredictionsFile.NAME + ".tmp");
        try {
            Files.writeString(tmp, kept, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite " + file + " without its failed lines", e);
        }
        return dropped;
    }
}
