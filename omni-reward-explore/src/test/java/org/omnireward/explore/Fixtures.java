package org.omnireward.explore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.omnireward.bench.metrics.RunInfo;
import org.omnireward.bench.metrics.Summary;
import org.omnireward.bench.metrics.SummaryCalculator;
import org.omnireward.bench.metrics.SummaryWriter;
import org.omnireward.bench.results.PredictionRecord;
import org.omnireward.bench.results.PredictionsFile;
import org.omnireward.bench.results.Setting;
import org.omnireward.core.Preference;
import org.omnireward.core.Task;
import org.omnireward.core.util.Json;
import org.omnireward.data.benchmark.BenchmarkLoader;
import org.omnireward.data.benchmark.BenchmarkSource;
import org.omnireward.data.benchmark.LoadOptions;
import org.omnireward.data.benchmark.LoadedEntry;
import org.omnireward.demo.DemoBenchmark;

/**
 * Test material made in code: the demo benchmark (generated images, H.264 clips, WAV sounds and 3D renders with
 * true labels) with script payloads planted in every text field of one t2t sample, and runs over it written as
 * {@code bench run} writes them (a judge with rationales, raw outputs, tokens, swap bookkeeping and failures of
 * several kinds, whose model name and texts carry payloads too; and a scalar model).
 */
final class Fixtures {

    /** Set by any payload that runs; a page is safe when it stays undefined. */
    static final String FLAG = "__pwned";

    /** Markup that would run a script if a page placed it as HTML, in the contexts it could land in. */
    static final List<String> PAYLOADS = List.of(
            "<script>window." + FLAG + "=1</script>",
            "<img src=x onerror=\"window." + FLAG + "=2\">",
            "\"><svg onload=window." + FLAG + "=3>",
            "'><iframe srcdoc=\"<script>parent." + FLAG + "=4</script>\"></iframe>",
            "</textarea></pre><script>window." + FLAG + "=5</script>");

    /** The id of the sample whose every field carries payloads (itself one). */
    static final String EVIL_ID = "t2t-<img src=x onerror=window." + FLAG + "=6>";

    /** A sample of the benchmark: task, id, position, label. */
    record Sample(Task task, String id, int index, Preference label) {}

    private Fixtures() {}

    static String payload(int i) {
        return PAYLOADS.get(Math.floorMod(i, PAYLOADS.size()));
    }

    /** The demo benchmark (two samples per task) with the first t2t sample's fields replaced by payloads. */
    static Path benchmark(Path dir) throws IOException {
        Path bench = dir.resolve("bench");
        DemoBenchmark.create(bench, 2, 0, false);
        Path t2t = bench.resolve(DemoBenchmark.fileName(Task.T2T));
        ArrayNode records = (ArrayNode) Json.mapper().readTree(t2t.toFile());
        ObjectNode evil = (ObjectNode) records.get(0);
        evil.put("id", EVIL_ID);
        evil.put("prompt", "Prompt " + payload(0));
        evil.put("criteria", "Criterion " + payload(1));
        evil.put("response1", "Response one " + payload(2));
        evil.put("response2", "Response two " + payload(3));
        evil.put("model1", payload(4));
        evil.put("model2", payload(0));
        Files.writeString(t2t, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(records));
        return bench;
    }

    /** Every sample of a benchmark, in task and file order. */
    static List<Sample> samples(Path bench) {
        List<Sample> out = new ArrayList<>();
        try (BenchmarkSource src = BenchmarkLoader.open(bench, LoadOptions.defaults())) {
            for (Task t : src.tasks()) {
                try (Stream<LoadedEntry> s = src.entries(t)) {
                    s.forEach(e -> out.add(new Sample(
                            t,
                            e.id(),
                            e.index(),
                            e instanceof LoadedEntry.Valid v
                                    ? v.sample().label().orElse(null)
                                    : null)));
                }
            }
        }
        return out;
    }

    /**
     * A judge run over every sample in both settings: wrong on every third sample, failed on every fifth (kinds
     * unparseable and transient, and one kind that is a payload), swap-inconsistent on every fourth; the model
     * name and every text field carry payloads.
     */
    static Path judgeRun(Path dir, Path bench, List<Sample> samples) throws IOException {
        List<PredictionRecord> lines = new ArrayList<>();
        int k = 0;
        for (Setting s : Setting.values()) {
            for (Sample x : samples) {
                if (x.label() == Preference.TIE && s == Setting.NO_TIES) {
                    continue;
                }
                k++;
                boolean failed = k % 5 == 0;
                String kind = failed ? (k % 10 == 0 ? "unparseable" : k == 15 ? payload(k) : "transient") : null;
                Preference pred = x.label();
                if (k % 3 == 0) {
                    pred = x.label() == Preference.RESPONSE1 ? Preference.RESPONSE2 : Preference.RESPONSE1;
                }
                lines.add(new PredictionRecord(
                        x.id(),
                        x.task().id(),
                        s.wireName(),
                        x.index(),
                        x.label().wireName(),
                        failed ? null : pred.wireName(),
                        k % 2 == 0,
                        null,
                        failed,
                        false,
                        failed ? "error " + payload(k) : null,
                        failed ? 3 : 1,
                        100 + k,
                        failed ? null : "Rationale #" + k + ". " + payload(k),
                        failed && kind.equals("unparseable")
                                ? "no verdict " + payload(k + 1)
                                : "Analysis " + k + " " + payload(k + 2) + " [[A]]",
                        failed ? null : 1000L + k,
                        failed ? null : 50L + k,
                        failed ? null : k % 4 != 0,
                        kind));
            }
        }
        return run(dir, bench, "judge " + payload(1), lines);
    }

    /** A scalar run (scores; the summary tie-calibrates the ties setting) that prefers response1 on text tasks. */
    static Path scalarRun(Path dir, Path bench, List<Sample> samples) throws IOException {
        List<PredictionRecord> lines = new ArrayList<>();
        int k = 0;
        for (Setting s : Setting.values()) {
            for (Sample x : samples) {
                if (x.label() == Preference.TIE && s == Setting.NO_TIES
                        || !x.task().hasTextResponses()) {
                    continue;
                }
                k++;
                double s1 = 1.0 + (k % 3) * 0.1;
                double s2 = 1.0;
                lines.add(new PredictionRecord(
                        x.id(),
                        x.task().id(),
                        s.wireName(),
                        x.index(),
                        x.label().wireName(),
                        s1 > s2 ? "response1" : "tie",
                        null,
                        List.of(s1, s2),
                        false,
                        false,
                        null,
                        1,
                        3,
                        null));
            }
        }
        return run(dir, bench, "scalar", lines);
    }

    private static Path run(Path dir, Path bench, String model, List<PredictionRecord> lines) throws IOException {
        Files.createDirectories(dir);
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve(PredictionsFile.NAME), StandardCharsets.UTF_8)) {
            for (PredictionRecord r : lines) {
                w.write(PredictionsFile.toLine(r));
            }
        }
        ObjectNode run = Json.mapper().createObjectNode();
        run.put("model", model);
        run.put("data", bench.toAbsolutePath().toString());
        run.put("format", "json");
        run.putArray("settings").add("no_ties").add("ties");
        ArrayNode tasks = run.putArray("tasks");
        lines.stream().map(PredictionRecord::task).distinct().forEach(tasks::add);
        ArrayNode unsupported = run.putArray("unsupported");
        for (Task t : Task.values()) {
            if (lines.stream().noneMatch(l -> l.task().equals(t.id()))) {
                unsupported.add(t.id());
            }
        }
        run.put("seed", 0);
        Files.writeString(dir.resolve("run.json"), Json.write(run));
        Summary summary =
                SummaryCalculator.summarize(lines, RunInfo.fromRunConfig(run, dir.resolve("run.json"), model));
        SummaryWriter.write(dir.resolve(SummaryWriter.NAME), summary);
        return dir;
    }

    /** The payload benchmark under {@code dir}, a judge run and a scalar run over it, explored and fully indexed. */
    static Explorer runsExplorer(Path dir) throws IOException {
        Path bench = benchmark(dir);
        List<Sample> samples = samples(bench);
        Path judge = judgeRun(dir.resolve("runs/judge"), bench, samples);
        Path scalar = scalarRun(dir.resolve("runs/scalar"), bench, samples);
        Explorer explorer =
                Explorer.runs(List.of(judge, scalar), java.util.Optional.empty(), java.util.Optional.empty(), n -> {});
        explorer.awaitIndexed();
        return explorer;
    }

    /** The JSON tree of a label line. */
    static JsonNode tree(String line) throws IOException {
        return Json.mapper().readTree(line);
    }
}
