package org.omnireward.bench.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.omnireward.bench.results.PredictionRecord;
import org.omnireward.bench.results.PredictionsFile;
import org.omnireward.core.util.Json;

/** Writes hand-made run directories (run.json, predictions.jsonl, summary.json) for report tests. */
final class RunFixture {

    private final ObjectNode summary = Json.mapper().createObjectNode();
    private final List<PredictionRecord> lines = new ArrayList<>();
    private final ObjectNode runConfig = Json.mapper().createObjectNode();

    RunFixture(String model) {
        runConfig.put("model", model);
        runConfig.put("data", "/data/bench");
        summary.put("model", model);
        summary.put("data", "/data/bench");
        summary.put("format", "json");
        summary.put("seed", 0);
        summary.put("ci_method", "wilson");
        summary.put("an_extra_key", "tolerated");
        summary.putObject("settings");
    }

    /** Starts (or returns) a setting object with overall numbers. */
    ObjectNode setting(String setting, Double overall, Double overallStrict, String... unsupported) {
        ObjectNode s = ((ObjectNode) summary.get("settings")).putObject(setting);
        putNullable(s, "overall", overall);
        putNullable(s, "overall_strict", overallStrict);
        s.putObject("tasks");
        ArrayNode u = s.putArray("unsupported");
        for (String t : unsupported) {
            u.add(t);
        }
        s.putNull("tie_threshold");
        return s;
    }

    /** Adds a task entry to a setting. */
    RunFixture task(
            String setting,
            String task,
            double accuracy,
            int n,
            int failed,
            double lo,
            double hi,
            Double tieThreshold) {
        ObjectNode tasks = (ObjectNode) summary.get("settings").get(setting).get("tasks");
        ObjectNode t = tasks.putObject(task);
        t.put("accuracy", accuracy);
        t.put("n", n);
        t.put("correct", (int) Math.round(accuracy * n));
        t.put("failed", failed);
        t.put("invalid", 0);
        t.put("strict_accuracy", accuracy * n / (n + failed));
        t.putArray("ci95").add(lo).add(hi);
        putNullable(t, "tie_threshold", tieThreshold);
        t.put("future_field", 1);
        return this;
    }

    RunFixture line(PredictionRecord r) {
        lines.add(r);
        return this;
    }

    ObjectNode summary() {
        return summary;
    }

    /** The content of run.json (model and data unless changed). */
    ObjectNode runConfig() {
        return runConfig;
    }

    /** Writes run.json, predictions.jsonl and summary.json into dir. */
    Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("run.json"), runConfig.toString(), StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder();
        lines.forEach(l -> sb.append(PredictionsFile.toLine(l)));
        Files.writeString(dir.resolve(PredictionsFile.NAME), sb.toString(), StandardCharsets.UTF_8);
        Files.writeString(
                dir.resolve("summary.json"), Json.pretty().writeValueAsString(summary), StandardCharsets.UTF_8);
        return dir;
    }

    static PredictionRecord pairwise(String id, String task, String setting, String label, String prediction) {
        return new PredictionRecord(
                id, task, setting, 0, label, prediction, false, null, false, false, null, 1, 10, null);
    }

    static PredictionRecord scalar(String id, String task, String setting, String label, double r1, double r2) {
        String prediction = r1 > r2 ? "response1" : r1 < r2 ? "response2" : "tie";
        return new PredictionRecord(
                id, task, setting, 0, label, prediction, null, List.of(r1, r2), false, false, null, 1, 10, null);
    }

    static PredictionRecord failed(String id, String task, String setting, String label, String error) {
        return new PredictionRecord(id, task, setting, 0, label, null, null, null, true, false, error, 5, 10, null);
    }

    private static void putNullable(ObjectNode n, String key, Double v) {
        if (v == null) {
            n.putNull(key);
        } else {
            n.put(key, v);
        }
    }
}
