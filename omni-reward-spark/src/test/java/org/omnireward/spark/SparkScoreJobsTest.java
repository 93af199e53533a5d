package org.omnireward.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.bench.results.Setting;

/**
 * The Spark jobs one {@code spark score} run costs, counted with a {@link SparkListener}. Each job
 * before the scoring job is driver time a user waits for (scheduling, planning, code generation:
 * seconds on two cores), so the number is pinned: a change that adds one fails here.
 */
class SparkScoreJobsTest {

    @TempDir
    Path dir;

    private final SparkSession spark = SparkTestSession.get();

    /** Jobs started by this thread's Spark job group, with the place that started them. */
    private static final class JobCounter extends SparkListener {
        private final String group;
        private final List<String> jobs = new ArrayList<>();

        JobCounter(String group) {
            this.group = group;
        }

        @Override
        public synchronized void onJobStart(SparkListenerJobStart start) {
            if (group.equals(start.properties().getProperty("spark.jobGroup.id"))) {
                List<String> stages = new ArrayList<>();
                scala.jdk.javaapi.CollectionConverters.asJava(start.stageInfos())
                        .forEach(s -> stages.add(s.name()));
                jobs.add(String.join(" / ", stages));
            }
        }

        synchronized List<String> jobs() {
            return List.copyOf(jobs);
        }
    }

    /** Rows {@code r<from>} to {@code r<to - 1>}, and {@code r<from>} once more (a repeated id, left out). */
    private Path pairs(String name, int from, int to) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            int n = i < to ? i : from;
            lines.add(TestPairs.line(n));
        }
        Path file = dir.resolve(name);
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    /** One run's result and the Spark jobs it started. */
    private record Run(SparkScore.Result result, List<String> jobs) {}

    private Run run(String in, String out) throws Exception {
        String group = "jobs-test-" + System.nanoTime();
        JobCounter counter = new JobCounter(group);
        SparkContext sc = spark.sparkContext();
        sc.addSparkListener(counter);
        sc.setJobGroup(group, "counted", false);
        try {
            SparkScore.Result r = SparkScore.run(
                    spark,
                    new SparkScore.Request(in, null, out, "length", Map.of(), Setting.NO_TIES, 0L, 2, false, 4, 3),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            sc.listenerBus().waitUntilEmpty();
            return new Run(r, counter.jobs());
        } finally {
            sc.clearJobGroup();
            sc.removeSparkListener(counter);
        }
    }

    /** A fresh run, a resumed one with more rows and one with nothing left; their counts. */
    private List<Run> freshResumedDone() throws Exception {
        String out = dir.resolve("scored-" + System.nanoTime()).toString();
        Run fresh = run(pairs("pairs.jsonl", 0, 30).toString(), out);
        String more = pairs("more.jsonl", 0, 40).toString();
        Run resumed = run(more, out);
        Run done = run(more, out);
        assertThat(fresh.result()).isEqualTo(new SparkScore.Result(31, 0, 1, 30, 0, out));
        assertThat(resumed.result()).isEqualTo(new SparkScore.Result(41, 30, 1, 10, 0, out));
        assertThat(done.result()).isEqualTo(new SparkScore.Result(41, 40, 1, 0, 0, out));
        return List.of(fresh, resumed, done);
    }

    @Test
    void aRunIsOnePlanningActionAndTheScoringJob() throws Exception {
        List<Run> runs = freshResumedDone();
        List<String> fresh = runs.get(0).jobs();
        // planning: the shuffle by key, the persisted rows, their count (under adaptive execution each its own
        // job); then the scoring job. Before ScorePlan: 12 (numbering, counting, de-duplicating, counting again)
        assertThat(fresh).as("jobs of a fresh run").hasSize(4);
        assertThat(fresh.get(fresh.size() - 1)).contains("foreachPartition");
        // a rerun with more rows: one more for the keys already written (the anti-join's other side)
        assertThat(runs.get(1).jobs()).as("jobs of a resumed run").hasSize(5);
        // nothing left to do: planning only
        assertThat(runs.get(2).jobs()).as("jobs of a run with nothing to do").hasSize(4);
    }

    @Test
    void withoutAdaptiveExecutionTheCountsAreTheSame() throws Exception {
        // the rows are then made by the count's own job: the input is counted there, once
        spark.conf().set("spark.sql.adaptive.enabled", "false");
        try {
            freshResumedDone();
        } finally {
            spark.conf().unset("spark.sql.adaptive.enabled");
        }
    }

    @Test
    void inLocalModeAFreshRunLoadsTheModelWhileSparkPlans() throws Exception {
        String in = pairs("pairs.jsonl", 0, 12).toString();
        String out = dir.resolve("judged").toString();
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        SparkScore.run(
                spark,
                new SparkScore.Request(
                        in, null, out, "spark-test-judge:preloaded", Map.of(), Setting.NO_TIES, 0L, 2, false, 4, 2),
                quiet);
        TestJudgeProvider.Stats stats = TestJudgeProvider.stats("preloaded");
        // the driver's JVM is the executor's: the model is made beside the planning, once, and the tasks use it
        assertThat(stats.created.get()).isEqualTo(1);
        assertThat(stats.creators).containsExactly("omni-reward-model-preload");
        assertThat(stats.calls.get()).isEqualTo(12);

        // a model that cannot be made fails the job with its own error, from the first task, as without preloading
        assertThatThrownBy(() -> SparkScore.run(
                        spark,
                        new SparkScore.Request(
                                in,
                                null,
                                dir.resolve("broken").toString(),
                                "spark-test-judge:",
                                Map.of(),
                                Setting.NO_TIES,
                                0L,
                                2,
                                false,
                                4,
                                2),
                        quiet))
                .hasStackTraceContaining("spark-test-judge needs a name");
    }
}
