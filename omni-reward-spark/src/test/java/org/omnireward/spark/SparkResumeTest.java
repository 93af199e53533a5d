package org.omnireward.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.bench.results.PredictionRecord;
import org.omnireward.bench.results.Setting;

/**
 * A {@code spark score} job killed mid-run ({@code kill -9} of its JVM, driver and executor alike)
 * keeps the partitions it finished; the rerun with the same {@code --out} writes only the others, so
 * every row ends up with exactly one line. And judges see at most {@code --concurrency} calls in
 * flight per partition, with the runtime's retries.
 */
class SparkResumeTest {

    @TempDir
    Path dir;

    private final SparkSession spark = SparkTestSession.get();

    private Path pairs(int n) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lines.add(TestPairs.line(i));
        }
        Path file = dir.resolve("pairs.jsonl");
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    /** Every line of {@code out}, by the file it is in. */
    private Map<String, List<PredictionRecord>> linesByFile(String out) {
        Map<String, List<PredictionRecord>> byFile = new HashMap<>();
        for (String f : ScoreInput.predictionFiles(out, spark.sparkContext().hadoopConfiguration())) {
            List<Row> rows =
                    spark.read().schema(PredictionParquet.SCHEMA).parquet(f).collectAsList();
            byFile.put(f, rows.stream().map(PredictionParquet::fromRow).collect(Collectors.toList()));
        }
        return byFile;
    }

    private static List<String> ids(Map<String, List<PredictionRecord>> byFile) {
        return byFile.values().stream()
                .flatMap(List::stream)
                .map(PredictionRecord::id)
                .sorted()
                .collect(Collectors.toList());
    }

    /** A JVM like {@code ./omni-reward spark}'s: this test JVM's class path and Spark's module options. */
    private static List<String> javaCommand() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens")
                    || a.startsWith("-XX:+IgnoreUnrecognizedVMOptions")
                    || a.startsWith("-Djdk.reflect")
                    || a.startsWith("-Dio.netty")
                    || a.startsWith("-Dlog4j2")) {
                cmd.add(a);
            }
        }
        cmd.add("-Xmx1g");
        cmd.add("-cp");
        cmd.add(cp);
        cmd.add(SparkCli.class.getName());
        return cmd;
    }

    @Test
    void aJobKilledMidRunLosesOnlyItsUnfinishedPartitionsAndTheRerunWritesEveryRowOnce() throws Exception {
        int rows = 80;
        Path in = pairs(rows);
        String out = dir.resolve("scored").toString();
        List<String> cmd = javaCommand();
        // eight partitions of ~10 rows, one call in flight at 200 ms each: ~2 s per partition, two at a time
        cmd.addAll(List.of(
                "score",
                "--master",
                "local[2]",
                "--model",
                "spark-test-judge:killed",
                "--model-option",
                "delay_ms=200",
                "--concurrency",
                "1",
                "--partitions",
                "8",
                "--in",
                in.toString(),
                "--out",
                out));
        File log = dir.resolve("job.log").toFile();
        Process job = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log)
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (ScoreInput.predictionFiles(out, spark.sparkContext().hadoopConfiguration())
                        .isEmpty()
                && job.isAlive()
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        job.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
        assertThat(job.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String jobLog = Files.readString(log.toPath());

        Map<String, List<PredictionRecord>> before = linesByFile(out);
        List<String> keptIds = ids(before);
        assertThat(before)
                .as("finished partitions at the kill; job log:%n%s", jobLog)
                .isNotEmpty();
        assertThat(keptIds).as("the kill came before the end").hasSizeLessThan(rows);
        assertThat(Set.copyOf(keptIds)).hasSize(keptIds.size());

        SparkScore.Result again = SparkScore.run(
                spark,
                new SparkScore.Request(
                        in.toString(),
                        null,
                        out,
                        "spark-test-judge:killed",
                        Map.of("delay_ms", "200"),
                        Setting.NO_TIES,
                        0L,
                        5,
                        false,
                        8,
                        2),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(again.alreadyDone()).isEqualTo(keptIds.size());
        assertThat(again.written()).isEqualTo(rows - keptIds.size());
        assertThat(again.failed()).isZero();

        Map<String, List<PredictionRecord>> after = linesByFile(out);
        List<String> all = ids(after);
        assertThat(all).hasSize(rows);
        assertThat(Set.copyOf(all)).hasSize(rows);
        for (Map.Entry<String, List<PredictionRecord>> e : before.entrySet()) {
            assertThat(after.get(e.getKey()))
                    .as("a finished partition is kept as it was")
                    .isEqualTo(e.getValue());
        }
        Path tmp = Path.of(out, PartitionOutput.TMP);
        assertThat(!Files.exists(tmp) || Files.list(tmp).findAny().isEmpty())
                .as("the killed job's unfinished files are gone")
                .isTrue();
    }

    @Test
    void judgesGetAtMostConcurrencyCallsPerPartitionWithTheRuntimesRetriesAndOneInstancePerJvm() throws Exception {
        Path in = pairs(18);
        TestJudgeProvider.Stats stats = TestJudgeProvider.stats("bounded");
        SparkScore.Result r = SparkScore.run(
                spark,
                new SparkScore.Request(
                        in.toString(),
                        null,
                        dir.resolve("one-partition").toString(),
                        "spark-test-judge:bounded",
                        Map.of("delay_ms", "30", "flaky", "true"),
                        Setting.NO_TIES,
                        0L,
                        3,
                        false,
                        3,
                        1),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(r.written()).isEqualTo(18);
        assertThat(r.failed()).isZero();
        // one partition, --concurrency 3: three calls at once, never more
        assertThat(stats.maxInFlight.get()).isEqualTo(3);
        // each prompt failed once with a retriable error and was retried by the runtime's retrier
        assertThat(stats.calls.get()).isEqualTo(36);
        List<PredictionRecord> lines = linesByFile(dir.resolve("one-partition").toString()).values().stream()
                .flatMap(List::stream)
                .collect(Collectors.toList());
        assertThat(lines).hasSize(18).allSatisfy(l -> {
            assertThat(l.attempts()).isEqualTo(2);
            assertThat(l.prediction()).isNotNull();
        });

        // a second job with four partitions on two slots: the same model instance of this JVM
        SparkScore.run(
                spark,
                new SparkScore.Request(
                        in.toString(),
                        null,
                        dir.resolve("four-partitions").toString(),
                        "spark-test-judge:bounded",
                        Map.of("delay_ms", "30", "flaky", "true"),
                        Setting.NO_TIES,
                        0L,
                        3,
                        false,
                        2,
                        4),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(stats.created.get()).isEqualTo(1);
    }
}
