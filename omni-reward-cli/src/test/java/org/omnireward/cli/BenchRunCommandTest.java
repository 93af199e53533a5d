package org.omnireward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.bench.results.PredictionRecord;
import org.omnireward.bench.results.PredictionsFile;
import org.omnireward.bench.run.RunManifest;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Modality;
import org.omnireward.core.Preference;
import org.omnireward.core.PreferenceSample;
import org.omnireward.core.Response;
import org.omnireward.core.Task;
import org.omnireward.data.benchmark.BenchmarkFormat;
import org.omnireward.data.benchmark.BenchmarkOpener;
import org.omnireward.data.benchmark.InMemoryBenchmarkSource;
import org.omnireward.data.benchmark.LoadOptions;
import picocli.CommandLine;

class BenchRunCommandTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream progress = new ByteArrayOutputStream();
    private final AtomicReference<LoadOptions> openedWith = new AtomicReference<>();
    private final List<Path> finished = new ArrayList<>();

    /** t2t: 4 samples (one tie), ti2t: 2 samples, t2i: 2 samples. */
    private InMemoryBenchmarkSource benchmark(Path dataDir) {
        InMemoryBenchmarkSource.Builder b = InMemoryBenchmarkSource.builder().dataDir(dataDir);
        b.add(sample(Task.T2T, "t0", Preference.RESPONSE1, "longer one", "short"));
        b.add(sample(Task.T2T, "t1", Preference.RESPONSE2, "short", "longer one"));
        b.add(sample(Task.T2T, "t2", Preference.TIE, "same", "size"));
        b.add(sample(Task.T2T, "t3", Preference.RESPONSE2, "long answer", "tiny"));
        b.add(sample(Task.TI2T, "i0", Preference.RESPONSE1, "a picture of a cat", "a dog"));
        b.add(sample(Task.TI2T, "i1", Preference.RESPONSE2, "x", "yy"));
        b.add(sample(Task.T2I, "g0", Preference.RESPONSE1, null, null));
        b.add(sample(Task.T2I, "g1", Preference.RESPONSE2, null, null));
        return b.build();
    }

    private static PreferenceSample sample(Task task, String id, Preference label, String r1, String r2) {
        PreferenceSample.Builder b = PreferenceSample.builder()
                .id(id)
                .task(task)
                .prompt("p " + id)
                .criteria("c " + id)
                .label(label);
        if (task.hasTextResponses()) {
            b.response1(Response.text(r1)).response2(Response.text(r2));
        } else {
            b.response1(Response.media(MediaRef.ofBytes(new byte[] {1}, id + "-1.png", Modality.IMAGE)))
                    .response2(Response.media(MediaRef.ofBytes(new byte[] {2}, id + "-2.png", Modality.IMAGE)));
        }
        task.inputMedia().ifPresent(m -> b.input(MediaRef.ofBytes(new byte[] {3}, id + "-in.png", m)));
        return b.build();
    }

    /** Runs {@code bench run} on the in-memory {@link #benchmark}, recording what the command opened and finished. */
    private CliRun run(String... args) {
        BenchmarkOpener opener = (dir, options) -> {
            openedWith.set(options);
            return benchmark(dir.toAbsolutePath());
        };
        BenchRunCommand command = new BenchRunCommand(
                opener, dir -> finished.add(dir), new PrintStream(progress, true, StandardCharsets.UTF_8));
        return CliRun.runCommand(command, args);
    }

    private static List<PredictionRecord> lines(Path outDir) {
        return PredictionsFile.read(outDir.resolve(PredictionsFile.NAME));
    }

    @Test
    void runs_the_length_baseline_and_says_where_the_results_went() {
        Path outDir = tmp.resolve("out");
        CliRun r = run("--data", tmp.resolve("bench").toString(), "--model", "length", "--out", outDir.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        List<PredictionRecord> lines = lines(outDir);
        // t2t: 4 ties + 3 no_ties, ti2t: 2 + 2; t2i unsupported by the length model
        assertThat(lines).hasSize(11).extracting(PredictionRecord::task).containsOnly("t2t", "ti2t");
        assertThat(lines).allMatch(PredictionRecord::hasScores);
        assertThat(r.out())
                .contains("model length (scalar)")
                .contains("predictions: " + outDir.resolve("predictions.jsonl")
                        + " (11 new lines, 0 already there; 0 failed")
                .contains("unsupported by the model (not run): t2i");
        assertThat(finished).containsExactly(outDir);
        RunManifest m = RunManifest.read(outDir).orElseThrow();
        assertThat(m.model()).isEqualTo("length");
        assertThat(m.unsupported()).containsExactly("t2i");
        assertThat(m.tieCalibration()).isEqualTo("definition");
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("progress:");
    }

    @Test
    void passes_loader_options_through_and_applies_setting_tasks_and_limit() {
        Path outDir = tmp.resolve("out");
        CliRun run = run(
                "--data",
                tmp.resolve("bench").toString(),
                "--model",
                "random",
                "--out",
                outDir.toString(),
                "--setting",
                "no-ties",
                "--tasks",
                "text_to_text,t2i",
                "--limit",
                "3",
                "--seed",
                "5",
                "--format",
                "llamafactory",
                "--media-root",
                tmp.resolve("media").toString(),
                "--task",
                "t2t",
                "--concurrency",
                "2",
                "--max-attempts",
                "2",
                "--tie-calibration",
                "reference",
                "--model-option",
                "seed=9");

        assertThat(run.exit()).as(run.err()).isZero();
        LoadOptions o = openedWith.get();
        assertThat(o.format()).contains(BenchmarkFormat.LLAMA_FACTORY);
        assertThat(o.mediaRoot()).contains(tmp.resolve("media"));
        assertThat(o.task()).contains(Task.T2T);
        assertThat(o.seed()).isEqualTo(5);
        List<PredictionRecord> lines = lines(outDir);
        // first 3 t2t records, the tie one left out of no_ties; 2 t2i records
        assertThat(lines)
                .extracting(r -> r.task() + ":" + r.id() + ":" + r.setting())
                .containsExactlyInAnyOrder("t2t:t0:no_ties", "t2t:t1:no_ties", "t2i:g0:no_ties", "t2i:g1:no_ties");
        RunManifest m = RunManifest.read(outDir).orElseThrow();
        assertThat(m.modelOptions()).containsEntry("seed", "9");
        assertThat(m.seed()).isEqualTo(5);
        assertThat(m.limit()).isEqualTo(3);
        assertThat(m.concurrency()).isEqualTo(2);
        assertThat(m.maxAttempts()).isEqualTo(2);
        assertThat(m.tieCalibration()).isEqualTo("reference");
        assertThat(m.settings()).containsExactly("no_ties");
    }

    @Test
    void a_rerun_resumes_and_a_rerun_with_another_model_is_refused_in_one_line() {
        Path outDir = tmp.resolve("out");
        String data = tmp.resolve("bench").toString();
        CliRun partial = run("--data", data, "--model", "length", "--out", outDir.toString(), "--limit", "2");
        assertThat(partial.exit()).isZero();
        CliRun resumed = run("--data", data, "--model", "length", "--out", outDir.toString());
        assertThat(resumed.exit()).isZero();
        assertThat(partial.out()).contains("(8 new lines, 0 already there;");
        assertThat(resumed.out()).contains("(3 new lines, 8 already there;");
        assertThat(partial.err() + resumed.err()).isEmpty();
        assertThat(lines(outDir)).hasSize(11);

        CliRun refused = run("--data", data, "--model", "random", "--out", outDir.toString());
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err())
                .startsWith("error: ")
                .contains("model is 'length' there, 'random' now")
                .contains("new --out");
        assertThat(refused.err().lines().count()).isEqualTo(1);
        assertThat(lines(outDir)).hasSize(11);
    }

    @Test
    void bad_option_values_are_clear_one_line_errors() {
        String data = tmp.resolve("bench").toString();
        String outDir = tmp.resolve("out").toString();
        assertRefused(
                run("--data", data, "--model", "length", "--out", outDir, "--setting", "sometimes"),
                "--setting must be no-ties, ties or both, got 'sometimes'");
        assertRefused(
                run("--data", data, "--model", "length", "--out", outDir, "--tasks", "t9t"), "unknown task 't9t'");
        assertRefused(
                run("--data", data, "--model", "nosuch", "--out", outDir),
                "unknown model 'nosuch'",
                "length",
                "random");
        assertRefused(
                run("--data", data, "--model", "length", "--out", outDir, "--concurrency", "0"),
                "--concurrency must be at least 1");
        assertRefused(
                run("--data", data, "--model", "length", "--out", outDir, "--tie-calibration", "magic"),
                "unknown tie calibration 'magic'; expected definition or reference");
        assertRefused(
                run(
                        "--data",
                        data,
                        "--model",
                        "length",
                        "--out",
                        outDir,
                        "--tie-calibration",
                        "reference",
                        "--tie-scope",
                        "global"),
                "tie scope 'global' needs tie calibration 'definition'");
        assertThat(Files.exists(tmp.resolve("out").resolve(PredictionsFile.NAME)))
                .isFalse();
    }

    /** Exit code 2 and every fragment on stderr. */
    private static void assertRefused(CliRun r, String... fragments) {
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(fragments);
    }

    @Test
    void is_registered_under_bench() {
        CommandLine root = OmniRewardCli.commandLine();
        Object command =
                root.getSubcommands().get("bench").getSubcommands().get("run").getCommand();
        assertThat(command).isInstanceOf(BenchRunCommand.class);
    }
}
