package org.omnireward.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.omnireward.cli.CliRun.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench run --model pooling:…} end to end through the real command line, against a real HTTP
 * server that answers like vLLM's {@code POST /pooling} with the assistant message's length as the
 * reward.
 */
class PoolingBenchRunIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private HttpServer server;
    private ExecutorService pool;
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private volatile int status = 200;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 32);
        pool = Executors.newCachedThreadPool();
        server.setExecutor(pool);
        server.createContext("/pooling", this::pooling);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
        pool.shutdownNow();
    }

    private void pooling(HttpExchange ex) throws IOException {
        try (ex) {
            JsonNode req = JSON.readTree(ex.getRequestBody().readAllBytes());
            requests.add(req);
            String body;
            if (status != 200) {
                body = "{\"error\":{\"message\":\"refused\",\"code\":" + status + "}}";
            } else {
                String assistant = "";
                for (JsonNode m : req.path("messages")) {
                    if (m.path("role").asText().equals("assistant")) {
                        assistant = m.path("content").asText();
                    }
                }
                body = "{\"id\":\"pool-1\",\"object\":\"list\",\"created\":1,\"model\":\"OmniRewardModel-BT\","
                        + "\"data\":[{\"index\":0,\"object\":\"pooling\",\"data\":[" + assistant.length() + ".0]}],"
                        + "\"usage\":{\"prompt_tokens\":1,\"total_tokens\":1,\"completion_tokens\":0}}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private String spec() {
        return "pooling:http://127.0.0.1:" + server.getAddress().getPort() + "#OmniRewardModel-BT";
    }

    /** A benchmark in the official JSON layout: four t2t records (one tie) and two t2i records. */
    private Path benchmark() throws IOException {
        Path dir = tmp.resolve("bench");
        Files.createDirectories(dir.resolve("media_data"));
        List<Map<String, Object>> t2t = new ArrayList<>();
        t2t.add(record("t2t-0", "Prefer the more detailed answer", "response1", "a long detailed answer", "short"));
        t2t.add(record("t2t-1", "Prefer the more detailed answer", "response2", "tiny", "a much longer answer here"));
        t2t.add(record("t2t-2", "Either is fine", "tie", "abc", "xyz"));
        t2t.add(record("t2t-3", "Prefer the shorter answer", "response1", "brief", "a long and rambling answer"));
        Files.writeString(dir.resolve("text_to_text_preferences.json"), JSON.writeValueAsString(t2t));
        Files.write(dir.resolve("media_data/a.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        Files.write(dir.resolve("media_data/b.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0});
        List<Map<String, Object>> t2i = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Map<String, Object> r = record("t2i-" + i, "Prefer red", "response1", "a.png", "b.png");
            t2i.add(r);
        }
        Files.writeString(dir.resolve("text_to_image_preferences.json"), JSON.writeValueAsString(t2i));
        return dir;
    }

    private static Map<String, Object> record(String id, String criteria, String label, String r1, String r2) {
        Map<String, Object> m = new HashMap<>();
        m.put("id", id);
        m.put("prompt", "Question " + id);
        m.put("criteria", criteria);
        m.put("criteria_preference", label);
        m.put("response1", r1);
        m.put("response2", r2);
        m.put("model1", "m1");
        m.put("model2", "m2");
        return m;
    }

    @Test
    void bench_run_scores_text_tasks_through_the_pooling_server() throws Exception {
        Path data = benchmark();
        Path out = tmp.resolve("run");
        // api-key-env=none: never send whatever key this machine's environment holds to the test server
        CliRun r = run(
                "bench",
                "run",
                "--data",
                data.toString(),
                "--model",
                spec(),
                "--out",
                out.toString(),
                "--model-option",
                "api-key-env=none",
                "--model-option",
                "parallel=2",
                "--max-attempts",
                "1");

        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("(scalar)").contains("unsupported by the model (not run): t2i");

        // every t2t response was sent once as a chat with the criterion as system message
        assertThat(requests).hasSize(8);
        for (JsonNode req : requests) {
            assertThat(req.path("model").asText()).isEqualTo("OmniRewardModel-BT");
            assertThat(req.path("messages").get(0).path("role").asText()).isEqualTo("system");
            assertThat(req.path("messages").get(0).path("content").asText())
                    .isIn("Prefer the more detailed answer", "Either is fine", "Prefer the shorter answer");
        }

        Map<String, JsonNode> noTies = new HashMap<>();
        Map<String, JsonNode> ties = new HashMap<>();
        for (String line : Files.readAllLines(out.resolve("predictions.jsonl"))) {
            JsonNode p = JSON.readTree(line);
            assertThat(p.path("task").asText()).isEqualTo("t2t");
            assertThat(p.path("failed").asBoolean()).as(line).isFalse();
            (p.path("setting").asText().equals("ties") ? ties : noTies)
                    .put(p.path("id").asText(), p);
        }
        assertThat(noTies).containsOnlyKeys("t2t-0", "t2t-1", "t2t-3");
        assertThat(ties).containsOnlyKeys("t2t-0", "t2t-1", "t2t-2", "t2t-3");
        assertThat(scores(ties.get("t2t-0"))).containsExactly(22.0, 5.0);
        assertThat(scores(ties.get("t2t-1"))).containsExactly(4.0, 25.0);
        assertThat(scores(ties.get("t2t-3"))).containsExactly(5.0, 26.0);
        assertThat(noTies.get("t2t-0").path("prediction").asText()).isEqualTo("response1");
        assertThat(noTies.get("t2t-3").path("prediction").asText()).isEqualTo("response2");

        Path summary = out.resolve("summary.json");
        assertThat(summary).isRegularFile();
        JsonNode s = JSON.readTree(summary.toFile());
        assertThat(s.path("model").asText()).isEqualTo(spec());
        // length wins t2t-0 and t2t-1, loses t2t-3: 2 of 3 without ties
        assertThat(s.path("settings")
                        .path("no_ties")
                        .path("tasks")
                        .path("t2t")
                        .path("accuracy")
                        .asDouble())
                .isCloseTo(2.0 / 3, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void a_refusing_server_stops_the_run_with_one_line_and_no_key() throws Exception {
        status = 401;
        Path data = benchmark();
        CliRun r = run(
                "bench",
                "run",
                "--data",
                data.toString(),
                "--model",
                spec(),
                "--out",
                tmp.resolve("run").toString(),
                "--model-option",
                "api-key-env=none",
                "--tasks",
                "t2t");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: ").contains("HTTP 401").contains("no API key was sent");
    }

    private static List<Double> scores(JsonNode p) {
        List<Double> out = new ArrayList<>();
        p.path("scores").forEach(n -> out.add(n.asDouble()));
        return out;
    }
}
