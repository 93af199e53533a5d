package org.omnireward.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.bench.metrics.TieCalibrationMode;
import org.omnireward.bench.metrics.TieScope;
import org.omnireward.bench.results.PredictionRecord;
import org.omnireward.bench.results.PredictionsFile;
import org.omnireward.bench.results.Setting;
import org.omnireward.bench.run.BenchmarkRunner;
import org.omnireward.bench.run.RunSummaries;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.RewardModel;
import org.omnireward.core.RewardModels;
import org.omnireward.core.Task;
import org.omnireward.core.util.Json;
import org.omnireward.data.benchmark.BenchmarkLoader;
import org.omnireward.data.benchmark.BenchmarkSource;
import org.omnireward.data.benchmark.LoadOptions;
import org.omnireward.demo.DemoBenchmark;

/** {@code spark bench} against {@code bench run} on the same benchmark and model: the same summary, field by field. */
class SparkBenchTest {

    @TempDir
    static Path dir;

    static Path data;

    @BeforeAll
    static void benchmark() throws Exception {
        data = dir.resolve("demo");
        DemoBenchmark.create(data, 6, 7L, false);
        // a repeated id and a broken record: both runners must treat them alike
        Path t2t = data.resolve(DemoBenchmark.fileName(Task.T2T));
        JsonNode records = Json.mapper().readTree(t2t.toFile());
        com.fasterxml.jackson.databind.node.ArrayNode array = (com.fasterxml.jackson.databind.node.ArrayNode) records;
        array.add(array.get(0).deepCopy());
        com.fasterxml.jackson.databind.node.ObjectNode broken =
                (com.fasterxml.jackson.databind.node.ObjectNode) array.get(1).deepCopy();
        broken.put("id", "broken-1");
        broken.remove("criteria");
        array.add(broken);
        Files.writeString(t2t, Json.mapper().writeValueAsString(array), StandardCharsets.UTF_8);
    }

    private static void benchRun(String model, Path out, Set<Task> tasks) {
        ModelSpec spec = ModelSpec.parse(model, Map.of());
        try (RewardModel m = RewardModels.create(spec);
                BenchmarkSource source = BenchmarkLoader.open(data, LoadOptions.defaults())) {
            BenchmarkRunner.builder()
                    .setSource(source)
                    .setModel(m)
                    .setOutDir(out)
                    .optModelSpec(spec)
                    .optTasks(tasks)
                    .optConcurrency(3)
                    .optSeed(11)
                    .optFinisher(RunSummaries::write)
                    .optToolVersion("test")
                    .build()
                    .run();
        }
    }

    private static SparkBench.Result sparkBench(String model, Path out, Set<Task> tasks) {
        return SparkBench.run(
                SparkTestSession.get(),
                new SparkBench.Request(
                        data,
                        LoadOptions.defaults(),
                        out,
                        model,
                        Map.of(),
                        EnumSet.allOf(Setting.class),
                        tasks,
                        null,
                        11,
                        5,
                        false,
                        3,
                        5,
                        TieCalibrationMode.DEFINITION,
                        TieScope.PER_TASK,
                        null,
                        "test"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    /** The JSON paths where two trees differ (empty when equal field by field). */
    static List<String> differences(String path, JsonNode a, JsonNode b) {
        List<String> out = new ArrayList<>();
        if (a.isObject() && b.isObject()) {
            Set<String> names = new java.util.TreeSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            for (String n : names) {
                if (!a.has(n) || !b.has(n)) {
                    out.add(path + "/" + n + " only in " + (a.has(n) ? "bench run" : "spark bench"));
                } else {
                    out.addAll(differences(path + "/" + n, a.get(n), b.get(n)));
                }
            }
            List<String> orderA = new ArrayList<>();
            a.fieldNames().forEachRemaining(orderA::add);
            List<String> orderB = new ArrayList<>();
            b.fieldNames().forEachRemaining(orderB::add);
            if (out.isEmpty() && !orderA.equals(orderB)) {
                out.add(path + ": keys in another order");
            }
        } else if (a.isArray() && b.isArray() && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                out.addAll(differences(path + "/" + i, a.get(i), b.get(i)));
            }
        } else if (!a.equals(b)) {
            out.add(path + ": " + a + " vs " + b);
        }
        return out;
    }

    private static void assertSameRun(Path benchRun, Path spark) throws Exception {
        JsonNode a = Json.mapper().readTree(benchRun.resolve("summary.json").toFile());
        JsonNode b = Json.mapper().readTree(spark.resolve("summary.json").toFile());
        assertThat(a.path("settings").size()).isEqualTo(2);
        assertThat(differences("", a, b)).isEmpty();
        assertThat(Files.readString(spark.resolve("summary.json")))
                .isEqualTo(Files.readString(benchRun.resolve("summary.json")));
        assertThat(lines(spark)).isEqualTo(lines(benchRun));
    }

    /** Every line but its latency, in a stable order. */
    private static List<String> lines(Path run) {
        return PredictionsFile.read(run.resolve(PredictionsFile.NAME)).stream()
                .map(r -> new PredictionRecord(
                        r.id(),
                        r.task(),
                        r.setting(),
                        r.index(),
                        r.label(),
                        r.prediction(),
                        r.swapped(),
                        r.scores(),
                        r.failed(),
                        r.invalid(),
                        r.error(),
                        r.attempts(),
                        0,
                        r.rationale(),
                        r.rawOutput(),
                        r.inputTokens(),
                        r.outputTokens(),
                        r.swapConsistent(),
                        r.errorKind(),
                        r.finishReason()))
                .map(PredictionsFile::toLine)
                .sorted()
                .collect(Collectors.toList());
    }

    @Test
    void aJudgeGivesTheSameSummaryAsBenchRun() throws Exception {
        Path a = dir.resolve("random-bench");
        Path b = dir.resolve("random-spark");
        benchRun("random", a, Set.of());
        SparkBench.Result r = sparkBench("random", b, Set.of());
        assertThat(r.written()).isGreaterThan(80);
        assertSameRun(a, b);
        JsonNode summary = Json.mapper().readTree(b.resolve("summary.json").toFile());
        // the repeated id (the loader names it <id>@<file>#<record>) and the record without a criterion
        assertThat(summary.at("/settings/no_ties/tasks/t2t/invalid").asInt()).isEqualTo(2);

        // a rerun writes nothing and keeps the summary
        String before = Files.readString(b.resolve("summary.json"));
        SparkBench.Result again = sparkBench("random", b, Set.of());
        assertThat(again.written()).isZero();
        assertThat(again.alreadyDone()).isEqualTo(r.written());
        assertThat(Files.readString(b.resolve("summary.json"))).isEqualTo(before);
    }

    @Test
    void scalarModelsGiveTheSameSummaryAsBenchRunTiesCalibratedAlike() throws Exception {
        for (String model : List.of("length", "embedded")) {
            Path a = dir.resolve(model + "-bench");
            Path b = dir.resolve(model + "-spark");
            Set<Task> tasks = model.equals("embedded") ? Set.of(Task.T2T) : Set.of();
            benchRun(model, a, tasks);
            sparkBench(model, b, tasks);
            assertSameRun(a, b);
            JsonNode summary = Json.mapper().readTree(b.resolve("summary.json").toFile());
            Iterator<JsonNode> ties = summary.at("/settings/ties/tasks").elements();
            assertThat(ties.next().path("tie_calibrated").asBoolean()).isTrue();
        }
    }
}
