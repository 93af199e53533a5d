package org.omnireward.bench.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.bench.baseline.LengthBaselineModel;
import org.omnireward.bench.load.InMemoryBenchmarkSource;
import org.omnireward.bench.metrics.Summary;
import org.omnireward.bench.results.Setting;
import org.omnireward.core.PreferenceSample;
import org.omnireward.core.Task;
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
        BenchmarkRunner.builder().setSource(source()).setModel(new LengthBaselineModel()).setOutDir(out)
                .optSettings(EnumSet.of(Setting.TIES)).optFinisher(RunSummaries::write).build().run();
        assertThat(RunSummaries.summarize(out).settings().get("ties").unsupported()).containsExactly("t2i");

        BenchmarkRunner.builder().setSource(source()).setModel(new LengthBaselineModel()).setOutDir(out)
                .optSettings(EnumSet.of(Setting.NO_TIES)).optTasks(EnumSet.of(Task.T2T))
                .optFinisher(RunSummaries::write).build().run();

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
}
