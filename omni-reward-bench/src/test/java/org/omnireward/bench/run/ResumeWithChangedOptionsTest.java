package org.omnireward.bench.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.bench.metrics.Summary;
import org.omnireward.bench.metrics.SummaryWriter;
import org.omnireward.bench.results.PredictionsFile;
import org.omnireward.bench.results.Setting;
import org.omnireward.core.AbstractScalarRewardModel;
import org.omnireward.core.AuthenticationException;
import org.omnireward.core.PreferenceSample;
import org.omnireward.core.ScalarRewardModel;
import org.omnireward.core.ScoringRequest;
import org.omnireward.core.Task;
import org.omnireward.data.benchmark.InMemoryBenchmarkSource;
import org.omnireward.runtime.baseline.LengthBaselineModel;
import org.omnireward.testing.TestSamples;

/** Reruns into the same directory with other --tasks / --setting keep the summary of the whole directory right. */
class ResumeWithChangedOptionsTest {

    @TempDir
    Path tmp;

    private static InMemoryBenchmarkSource source() {
        List<PreferenceSample> samples = new ArrayList<>(TestSamples.many(Task.T2T, "t", 6));
        samples.addAll(TestSamples.many(Task.TI2T, "u", 6));
        samples.addAll(TestSamples.many(Task.T2I, "i", 6));
        return InMemoryBenchmarkSource.of(Path.of("/data/bench"), samples);
    }

    @Test
    void a_rerun_with_fewer_tasks_and_another_setting_keeps_the_unsupported_tasks_and_settings_of_earlier_runs() {
        Path out = tmp.resolve("run");
        BenchmarkRunner.builder()
                .setSource(source())
                .setModel(new LengthBaselineModel())
                .setOutDir(out)
                .optSettings(EnumSet.of(Setting.TIES))
                .optFinisher(RunSummaries::write)
                .build()
                .run();
        assertThat(RunSummaries.summarize(out).settings().get("ties").unsupported())
                .containsExactly("t2i");

        BenchmarkRunner.builder()
                .setSource(source())
                .setModel(new LengthBaselineModel())
                .setOutDir(out)
                .optSettings(EnumSet.of(Setting.NO_TIES))
                .optTasks(EnumSet.of(Task.T2T))
                .optFinisher(RunSummaries::write)
                .build()
                .run();

        Summary summary = RunSummaries.summarize(out);
        assertThat(summary.settings()).containsOnlyKeys("no_ties", "ties");
        assertThat(summary.settings().get("ties").unsupported()).containsExactly("t2i");
        assertThat(summary.settings().get("no_ties").unsupported()).containsExactly("t2i");
        assertThat(summary.settings().get("ties").tasks()).containsOnlyKeys("t2t", "ti2t");
        RunManifest manifest = RunManifest.read(out).orElseThrow();
        assertThat(manifest.unsupported()).containsExactly("t2i");
        assertThat(manifest.tasks()).containsExactly("t2t", "ti2t");
        assertThat(manifest.settings()).containsExactly("no_ties", "ties");
    }

    @Test
    void a_rerun_that_is_stopped_leaves_no_summary_of_the_earlier_run_behind() {
        Path out = tmp.resolve("run");
        BenchmarkRunner.builder()
                .setSource(source())
                .setModel(new LengthBaselineModel())
                .setOutDir(out)
                .optTasks(EnumSet.of(Task.T2T))
                .optFinisher(RunSummaries::write)
                .build()
                .run();
        assertThat(out.resolve(SummaryWriter.NAME)).exists();

        // the rerun over all tasks writes ti2t lines, then stops (as a kill would) before it can finish
        java.util.concurrent.atomic.AtomicInteger ti2tCalls = new java.util.concurrent.atomic.AtomicInteger();
        ScalarRewardModel stopsAtTi2t = new AbstractScalarRewardModel() {
            @Override
            public String name() {
                return "length";
            }

            @Override
            public Set<Task> supportedTasks() {
                return EnumSet.of(Task.T2T, Task.TI2T);
            }

            @Override
            protected double[] doScoreBatch(List<ScoringRequest> requests) {
                if (requests.get(0).task() == Task.TI2T && ti2tCalls.incrementAndGet() > 2) {
                    throw new AuthenticationException("credentials revoked");
                }
                return new double[requests.size()];
            }

            @Override
            public int preferredBatchSize() {
                return 2;
            }
        };
        assertThatThrownBy(() -> BenchmarkRunner.builder()
                        .setSource(source())
                        .setModel(stopsAtTi2t)
                        .setOutDir(out)
                        .optConcurrency(1)
                        .optFinisher(RunSummaries::write)
                        .build()
                        .run())
                .isInstanceOf(AuthenticationException.class);
        assertThat(PredictionsFile.read(out.resolve(PredictionsFile.NAME)))
                .anyMatch(r -> r.task().equals("ti2t"));

        // a summary left there would describe the t2t-only run and hide the ti2t lines from bench report
        assertThat(out.resolve(SummaryWriter.NAME)).doesNotExist();
    }
}
