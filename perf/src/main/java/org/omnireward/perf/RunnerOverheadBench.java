package org.omnireward.perf;

import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.omnireward.bench.results.PredictionRecord;
import org.omnireward.bench.results.PredictionsFile;
import org.omnireward.bench.results.Setting;
import org.omnireward.bench.run.BenchmarkRunner;
import org.omnireward.bench.run.ProgressListener;
import org.omnireward.bench.run.RunResult;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.Preference;
import org.omnireward.core.PreferenceSample;
import org.omnireward.core.Response;
import org.omnireward.core.RewardModels;
import org.omnireward.core.ScalarRewardModel;
import org.omnireward.core.ScoringRequest;
import org.omnireward.core.Task;
import org.omnireward.data.benchmark.InMemoryBenchmarkSource;

/**
 * Runner overhead: an instant in-process model ({@code length}) over generated samples, both
 * settings, predictions persisted. Baseline: the same model calls and the same line writes (one
 * unbuffered write per line, as the runner does) in a bare single-threaded loop.
 */
final class RunnerOverheadBench {

    private RunnerOverheadBench() {}

    static void main(String[] args) throws Exception {
        int n = Integer.parseInt(PerfBench.opt(args, "--samples", "100000"));
        List<PreferenceSample> samples = samples(n);
        Path tmp = Files.createTempDirectory("omni-perf-overhead");
        try (ScalarRewardModel model = (ScalarRewardModel) RewardModels.create(ModelSpec.parse("length"))) {
            System.out.printf(
                    "runner overhead: %,d t2t samples, model 'length', both settings (2 lines per sample)%n", n);
            // warm-up of both paths on a tenth of the data
            baseline(model, samples.subList(0, n / 10), tmp.resolve("warm-base.jsonl"));
            runner(model, samples.subList(0, n / 10), tmp.resolve("warm-run"), 1);

            double base = baseline(model, samples, tmp.resolve("base.jsonl"));
            System.out.printf("  baseline loop (model + serialise + append)  %,10.0f samples/s%n", base);
            for (int c : new int[] {1, 4}) {
                double r = runner(model, samples, tmp.resolve("run-c" + c), c);
                System.out.printf(
                        "  BenchmarkRunner concurrency %d              %,10.0f samples/s   ratio to baseline %.2f%n",
                        c, r, r / base);
            }
        } finally {
            deleteTree(tmp);
        }
    }

    static List<PreferenceSample> samples(int n) {
        List<PreferenceSample> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String a = "answer " + i + " " + "x".repeat(i % 97);
            String b = "reply " + i + " " + "y".repeat((i * 31) % 89);
            out.add(PreferenceSample.builder()
                    .id(String.format("s%07d", i))
                    .task(Task.T2T)
                    .prompt("question " + i)
                    .criteria("Prefer the more complete answer.")
                    .response1(Response.text(a))
                    .response2(Response.text(b))
                    .label(i % 2 == 0 ? Preference.RESPONSE1 : Preference.RESPONSE2)
                    .build());
        }
        return out;
    }

    private static double baseline(ScalarRewardModel model, List<PreferenceSample> samples, Path file)
            throws Exception {
        long t0 = System.nanoTime();
        try (OutputStream out = new FileOutputStream(file.toFile())) {
            int index = 0;
            for (PreferenceSample s : samples) {
                long start = System.nanoTime();
                double[] r = model.scores(List.of(
                        ScoringRequest.of(s, Preference.RESPONSE1), ScoringRequest.of(s, Preference.RESPONSE2)));
                String pred = BenchmarkRunner.predictionFromScores(r[0], r[1]).wireName();
                long ms = (System.nanoTime() - start) / 1_000_000;
                for (Setting setting : Setting.values()) {
                    PredictionRecord rec = new PredictionRecord(
                            s.id(),
                            "t2t",
                            setting.wireName(),
                            index,
                            s.label().get().wireName(),
                            pred,
                            null,
                            List.of(r[0], r[1]),
                            false,
                            false,
                            null,
                            1,
                            ms,
                            null);
                    out.write(PredictionsFile.toLine(rec).getBytes(StandardCharsets.UTF_8));
                }
                index++;
            }
        }
        return samples.size() / ((System.nanoTime() - t0) / 1e9);
    }

    private static double runner(
            ScalarRewardModel model, List<PreferenceSample> samples, Path outDir, int concurrency) {
        InMemoryBenchmarkSource source = InMemoryBenchmarkSource.of(outDir.resolveSibling("data"), samples);
        long t0 = System.nanoTime();
        RunResult result = BenchmarkRunner.builder()
                .setSource(source)
                .setModel(model)
                .setOutDir(outDir)
                .optModelSpec(ModelSpec.parse("length"))
                .optSettings(EnumSet.allOf(Setting.class))
                .optConcurrency(concurrency)
                .optProgress(ProgressListener.none())
                .build()
                .run();
        double rate = samples.size() / ((System.nanoTime() - t0) / 1e9);
        if (result.written() != 2L * samples.size() || result.failed() != 0) {
            throw new IllegalStateException("runner wrote " + result.written() + " lines with " + result.failed()
                    + " failures; expected " + 2L * samples.size() + " and 0");
        }
        return rate;
    }

    static void deleteTree(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
