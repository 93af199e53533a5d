package org.omnireward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code omni-reward explore} as a user starts it, in a child JVM: it prints the address, serves a run's pages, and
 * a SIGTERM stops it and deletes its index.
 */
class ExploreCommandIT {

    @Test
    void explore_prints_the_address_serves_the_run_and_stops_on_sigterm(@TempDir Path dir) throws Exception {
        Path bench = dir.resolve("bench");
        assertThat(CliRun.run("demo-data", "--out", bench.toString(), "--per-task", "1")
                        .exit())
                .isZero();
        Path run = dir.resolve("runs/length");
        assertThat(CliRun.run("bench", "run", "--data", bench.toString(), "--model", "length", "--out", run.toString())
                        .exit())
                .isZero();
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Djava.io.tmpdir=" + tmp,
                        "-cp",
                        System.getProperty("java.class.path"),
                        OmniRewardCli.class.getName(),
                        "explore",
                        run.toString(),
                        "--port",
                        "0")
                .redirectErrorStream(true)
                .start();
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String url = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
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
            assertThat(url).as(String.join("\n", out)).isNotNull();
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> runs = http.send(
                    HttpRequest.newBuilder(URI.create(url + "runs")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(runs.statusCode()).isEqualTo(200);
            assertThat(runs.body()).contains("length").contains("svg");
            HttpResponse<String> sample = http.send(
                    HttpRequest.newBuilder(URI.create(url + "sample/t2t?id=t2t-000&setting=no_ties"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(sample.body()).contains("Prompt").contains("predicted");
            assertThat(Files.list(tmp).filter(f -> f.getFileName().toString().startsWith("omni-reward-explore-")))
                    .hasSize(1);
        } finally {
            p.destroy(); // SIGTERM: the shutdown hook stops the server and deletes the index
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(Files.list(tmp).filter(f -> f.getFileName().toString().startsWith("omni-reward-explore-")))
                .isEmpty();
    }
}
