package org.omnireward.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.omnireward.cli.CliRun.run;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.Task;
import org.omnireward.demo.DemoBenchmark;

/** Runs {@code demo-data} through the real command line (encodes video with FFmpeg natives, hence an IT). */
class DemoDataCommandIT {

    @TempDir
    Path tmp;

    @Test
    void writes_the_demo_and_reports_what_it_wrote() throws Exception {
        Path dir = tmp.resolve("demo");
        CliRun r = run("demo-data", "--out", dir.toString(), "--per-task", "3", "--seed", "5");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("wrote demo benchmark to " + dir)
                .contains("27 in all")
                .contains("seed 5");
        for (Task t : Task.values()) {
            assertThat(dir.resolve(DemoBenchmark.fileName(t))).isRegularFile();
        }
        assertThat(DemoBenchmark.existing(dir)).hasValueSatisfying(s -> {
            assertThat(s.perTask()).isEqualTo(3);
            assertThat(s.seed()).isEqualTo(5);
        });
    }

    @Test
    void a_second_run_without_force_keeps_the_complete_demo_and_exits_zero() throws Exception {
        Path dir = tmp.resolve("demo");
        assertThat(run("demo-data", "--out", dir.toString(), "--per-task", "2").exit())
                .isZero();
        Path t2t = dir.resolve(DemoBenchmark.fileName(Task.T2T));
        String before = Files.readString(t2t);

        CliRun again = run("demo-data", "--out", dir.toString(), "--per-task", "4", "--seed", "1");
        assertThat(again.exit()).isZero();
        assertThat(again.out())
                .contains("already holds a complete demo benchmark")
                .contains("--force");
        assertThat(Files.readString(t2t)).isEqualTo(before);

        CliRun forced = run("demo-data", "--out", dir.toString(), "--per-task", "4", "--seed", "1", "--force");
        assertThat(forced.exit()).isZero();
        assertThat(forced.out()).contains("wrote demo benchmark").contains("36 in all");
        assertThat(Files.readString(t2t)).isNotEqualTo(before);
    }

    @Test
    void a_non_empty_foreign_folder_is_a_one_line_error_with_exit_2() throws Exception {
        Path dir = tmp.resolve("mine");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("thesis.tex"), "important");
        CliRun r = run("demo-data", "--out", dir.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: ").contains("not empty").contains("--force");
        assertThat(r.err().lines().count()).isEqualTo(1);
        assertThat(dir.resolve(DemoBenchmark.fileName(Task.T2T))).doesNotExist();
    }

    @Test
    void an_out_of_range_sample_count_is_rejected() {
        CliRun r = run("demo-data", "--out", tmp.resolve("x").toString(), "--per-task", "0");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("between 1 and");
    }

    @Test
    void out_is_required() {
        CliRun r = run("demo-data");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--out");
    }
}
