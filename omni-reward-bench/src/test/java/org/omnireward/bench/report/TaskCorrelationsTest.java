package org.omnireward.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.bench.results.Setting;
import org.omnireward.core.Task;

class TaskCorrelationsTest {

    @TempDir
    Path tmp;

    @Test
    void correlates_task_accuracies_across_runs_and_marks_undefined_cells() throws Exception {
        double[] t2t = {0.1, 0.2, 0.3};
        double[] ti2t = {0.2, 0.4, 0.7};
        List<RunReport> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RunFixture f = new RunFixture("m" + i);
            f.setting("no_ties", 0.5, 0.5, i == 2 ? new String[] {"t2i"} : new String[0]);
            f.task("no_ties", "t2t", t2t[i], 100, 0, 0, 1, null);
            f.task("no_ties", "ti2t", ti2t[i], 100, 0, 0, 1, null);
            f.task("no_ties", "t2a", 0.5, 100, 0, 0, 1, null); // constant → n/a
            if (i < 2) {
                f.task("no_ties", "t2i", 0.1 * i, 100, 0, 0, 1, null); // only 2 runs → n/a
            }
            runs.add(RunReport.load(f.write(tmp.resolve("r" + i))));
        }

        TaskCorrelations tc = TaskCorrelations.compute(runs, Setting.NO_TIES);

        assertThat(tc.runs()).isEqualTo(3);
        assertThat(tc.get(Task.T2T, Task.TI2T).getAsDouble()).isCloseTo(5 / Math.sqrt(2 * 114.0 / 9), within(1e-9));
        assertThat(tc.get(Task.TI2T, Task.T2T)).isEqualTo(tc.get(Task.T2T, Task.TI2T));
        assertThat(tc.get(Task.T2T, Task.T2T).getAsDouble()).isCloseTo(1.0, within(1e-12));
        assertThat(tc.get(Task.T2T, Task.T2A)).isEmpty();
        assertThat(tc.get(Task.T2T, Task.T2I)).isEmpty();
        assertThat(tc.get(Task.T2V, Task.T2V)).isEmpty();
    }
}
