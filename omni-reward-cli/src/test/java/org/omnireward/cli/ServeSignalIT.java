package org.omnireward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} in a real child JVM stopped with SIGTERM ({@link Process#destroy()}): a graceful stop, exit 0. */
class ServeSignalIT {

    @TempDir
    Path tmp;

    @Test
    void sigterm_stops_the_server_gracefully_and_the_command_exits_0() throws Exception {
        Path log = tmp.resolve("serve.log");
        Process p = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        OmniRewardCli.class.getName(),
                        "serve",
                        "--model",
                        "length",
                        "--port",
                        "0"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        try {
            int port = -1;
            long until = System.currentTimeMillis() + 60_000;
            Pattern listening = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
            while (System.currentTimeMillis() < until) {
                String text = Files.readString(log);
                Matcher m = listening.matcher(text);
                if (m.find() && text.contains("ready")) {
                    port = Integer.parseInt(m.group(1));
                    break;
                }
                assertThat(p.isAlive()).as(text).isTrue();
                Thread.sleep(50);
            }
            assertThat(port).as(Files.readString(log)).isPositive();
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/score"))
                                    .POST(HttpRequest.BodyPublishers.ofString(
                                            "{\"items\": [{\"prompt\": \"p\", \"response\": \"a longer answer\"}]}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(Files.readString(log)).isZero();
            assertThat(Files.readString(log)).contains("shutting down", "stopped");
        } finally {
            p.destroyForcibly();
        }
    }
}
