package org.omnireward.bench.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.bench.results.PredictionRecord;
import org.omnireward.bench.results.PredictionsFile;

/**
 * Kills a runner JVM with SIGKILL in the middle of a run (twice), resumes in-process, and checks the
 * result is exactly the lines of an uninterrupted run: none lost, none duplicated, none corrupted.
 */
class RunnerKillRecoveryIT {

    @TempDir
    Path tmp;

    @Test
    void a_run_killed_at_any_moment_and_resumed_ends_with_the_lines_of_an_uninterrupted_run() throws Exception {
        String classPath = System.getProperty("java.class.path");
        Assumptions.assumeTrue(
                classPath != null && classPath.contains("test-classes"),
                "skipped: the test class path is not visible to child JVMs (java.class.path=" + classPath + ")");

        Path full = tmp.resolve("full");
        RunnerChildMain.runner(full, 0).run();
        List<PredictionRecord> expected = PredictionsFile.read(full.resolve(PredictionsFile.NAME));
        assertThat(expected).hasSizeGreaterThan(300);

        Path killed = tmp.resolve("killed");
        int first = runChildAndKill(classPath, killed, 40);
        int second = runChildAndKill(classPath, killed, first + 60);
        assertThat(second).as("the second child resumed and added lines").isGreaterThan(first);
        assertThat(second).as("the child was killed before finishing").isLessThan(expected.size());

        RunResult rest = RunnerChildMain.runner(killed, 0).run();
        List<PredictionRecord> resumed = PredictionsFile.read(killed.resolve(PredictionsFile.NAME));

        Set<String> keys = new HashSet<>();
        for (PredictionRecord r : resumed) {
            assertThat(keys.add(r.key()))
                    .as("line %s/%s written twice", r.id(), r.setting())
                    .isTrue();
        }
        assertThat(untimed(resumed)).isEqualTo(untimed(expected));
        assertThat(rest.alreadyDone() + rest.written()).isEqualTo(expected.size());
        // every line in the file is complete JSON ending with a newline
        String content = Files.readString(killed.resolve(PredictionsFile.NAME), StandardCharsets.UTF_8);
        assertThat(content).endsWith("\n");
        assertThat(content.lines().count()).isEqualTo(expected.size());
        // and the summary is the same, byte for byte
        assertThat(Files.readString(RunSummaries.write(killed))).isEqualTo(Files.readString(RunSummaries.write(full)));
    }

    /** Starts a child run into {@code out}, kills it once the file has {@code atLeast} lines; returns the complete lines kept. */
    private int runChildAndKill(String classPath, Path out, int atLeast) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = tmp.resolve("child-" + atLeast + ".log");
        Process child = new ProcessBuilder(
                        java, "-cp", classPath, RunnerChildMain.class.getName(), out.toString(), "15")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Path file = out.resolve(PredictionsFile.NAME);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try {
            while (System.nanoTime() < deadline && child.isAlive() && completeLines(file) < atLeast) {
                Thread.sleep(2);
            }
            assertThat(child.isAlive())
                    .as("child still running when killed; its log: %s", readQuietly(log))
                    .isTrue();
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no flushing
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
        return PredictionsFile.read(file).size();
    }

    private static long completeLines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        byte[] bytes = Files.readAllBytes(file);
        long n = 0;
        for (byte b : bytes) {
            if (b == '\n') {
                n++;
            }
        }
        return n;
    }

    private static String readQuietly(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static Set<PredictionRecord> untimed(List<PredictionRecord> records) {
        List<PredictionRecord> out = new ArrayList<>();
        for (PredictionRecord r : records) {
            out.add(new PredictionRecord(
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
                    r.rationale()));
        }
        return out.stream().collect(Collectors.toSet());
    }
}
