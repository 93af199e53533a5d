package org.omnireward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's class-data archive for {@code explore} and {@code annotate}, in a checkout made of the real launcher
 * and the jars {@code mvn package} built: the first run writes the archive when a SIGTERM stops it (the launcher
 * passes the signal on and moves the finished archive into place), the next runs map it, a rebuilt jar makes it stale
 * (written again), and {@code -Xshare:off} in {@code OMNI_REWARD_JAVA_OPTS} turns it off; every run serves the pages.
 */
class LauncherClassArchiveIT {

    @TempDir
    static Path tmp;

    static Path checkout;
    static Path run;

    @BeforeAll
    static void checkoutAndRun() throws Exception {
        Path repo = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
                .toAbsolutePath()
                .getParent();
        Path target = repo.resolve("omni-reward-cli/target");
        assertThat(target.resolve("omni-reward.jar"))
                .as("run through mvn verify: it needs the package phase")
                .isRegularFile();
        checkout = tmp.resolve("checkout");
        Path myTarget = Files.createDirectories(checkout.resolve("omni-reward-cli/target"));
        Files.copy(repo.resolve("omni-reward"), checkout.resolve("omni-reward"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(
                target.resolve("omni-reward.jar"),
                myTarget.resolve("omni-reward.jar"),
                StandardCopyOption.COPY_ATTRIBUTES);
        Files.createSymbolicLink(myTarget.resolve("lib"), target.resolve("lib"));
        Path bench = tmp.resolve("bench");
        assertThat(CliRun.run("demo-data", "--out", bench.toString(), "--per-task", "1")
                        .exit())
                .isZero();
        run = tmp.resolve("runs/length");
        assertThat(CliRun.run("bench", "run", "--data", bench.toString(), "--model", "length", "--out", run.toString())
                        .exit())
                .isZero();
    }

    /** What one launcher run did. */
    record Launch(int exit, String err, boolean mapped) {}

    private static List<Path> archives() throws IOException {
        Path cds = checkout.resolve("omni-reward-cli/target/cds");
        if (!Files.isDirectory(cds)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(cds)) {
            return s.toList();
        }
    }

    /** Starts {@code ./omni-reward explore RUN}, reads a page, looks for the archive in the JVM's memory, stops it. */
    private static Launch explore(String javaOpts) throws Exception {
        Path err = Files.createTempFile(tmp, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(
                        "bash", checkout.resolve("omni-reward").toString(), "explore", run.toString(), "--port", "0")
                .redirectError(err.toFile());
        pb.environment().put("OMNI_REWARD_NO_BUILD", "1");
        pb.environment().put("OMNI_REWARD_JAVA_OPTS", javaOpts);
        pb.environment().remove("OMNI_REWARD_CLASSPATH");
        pb.environment().remove("OMNI_REWARD_CDS");
        Process p = pb.start();
        boolean mapped = false;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String url = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            List<String> out = new ArrayList<>();
            while (url == null && System.nanoTime() < deadline) {
                String line = r.readLine();
                if (line == null) {
                    break;
                }
                out.add(line);
                if (line.startsWith("open http://127.0.0.1:")) {
                    url = line.substring(5).strip();
                }
            }
            assertThat(url).as(String.join("\n", out) + Files.readString(err)).isNotNull();
            HttpResponse<String> runs = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(url + "runs")).build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(runs.statusCode()).isEqualTo(200);
            assertThat(runs.body()).contains("length");
            // the JVM: the launcher itself when it exec'd java, else its child
            List<ProcessHandle> jvms = new ArrayList<>(List.of(p.toHandle()));
            p.toHandle().children().forEach(jvms::add);
            for (ProcessHandle h : jvms) {
                Path maps = Path.of("/proc/" + h.pid() + "/maps");
                if (Files.isReadable(maps)) {
                    String m = Files.readString(maps);
                    mapped |= archives().stream()
                            .anyMatch(a -> m.contains(a.getFileName().toString()));
                }
            }
        } finally {
            p.destroy(); // SIGTERM to the launcher
            assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
        }
        return new Launch(p.exitValue(), Files.readString(err), mapped);
    }

    @Test
    void the_first_run_writes_the_archive_the_next_ones_map_it_and_a_new_jar_makes_it_stale() throws Exception {
        Launch first = explore("-Xmx256m");
        assertThat(first.err()).contains("also writes a class archive");
        assertThat(first.mapped()).isFalse();
        assertThat(archives())
                .hasSize(1)
                .allMatch(a -> a.getFileName().toString().matches("explore-\\d+\\.jsa"));

        Launch second = explore("-Xmx256m");
        assertThat(second.err()).doesNotContain("class archive");
        assertThat(second.mapped()).as(second.err()).isTrue();
        assertThat(second.exit()).isEqualTo(first.exit());

        Path jar = checkout.resolve("omni-reward-cli/target/omni-reward.jar");
        // as a build leaves it: newer than the archive
        Files.setLastModifiedTime(
                jar,
                FileTime.fromMillis(Files.getLastModifiedTime(archives().get(0)).toMillis() + 1_000));
        Launch rebuilt = explore("-Xmx256m");
        assertThat(rebuilt.err()).contains("also writes a class archive");
        assertThat(rebuilt.mapped()).isFalse();
        assertThat(archives()).hasSize(1);
        assertThat(explore("-Xmx256m").mapped()).isTrue();

        Launch off = explore("-Xmx256m -Xshare:off");
        assertThat(off.err()).doesNotContain("class archive");
        assertThat(off.mapped()).isFalse();
    }
}
