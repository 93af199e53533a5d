package org.omnireward.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.omnireward.cli.CliRun.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.util.Json;

/**
 * {@code bench run --model openai:…} end to end through the real command line against a local
 * chat-completions server whose judge prefers the response that mentions "detailed" (text) or the
 * red image (whichever position it is shown in), and never gives a verdict for the prompt "Question
 * broken": rationales, raw outputs and tokens reach predictions.jsonl, failed lines keep every raw
 * output, audio tasks are reported unsupported, swap marks consistency.
 */
class JudgeBenchRunIT {

    @TempDir
    Path tmp;

    private HttpServer server;
    private ExecutorService pool;
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 32);
        pool = Executors.newCachedThreadPool();
        server.setExecutor(pool);
        server.createContext("/v1/chat/completions", ex -> {
            try (ex) {
                requests.incrementAndGet();
                JsonNode req = Json.mapper().readTree(ex.getRequestBody().readAllBytes());
                JsonNode content = req.path("messages").get(1).path("content");
                String answer;
                if (content.toString().contains("Question broken")) {
                    answer = "I will not decide.";
                } else if (content.isTextual()) {
                    String t = content.asText();
                    int b = t.indexOf("[[RESPONSE B]]");
                    int d = t.indexOf("detailed");
                    answer = "Judged on detail.\n" + (d >= 0 && d < b ? "[[A]]" : "[[B]]");
                } else {
                    // t2i: A wins when the first image sent is the red one
                    List<String> urls = new ArrayList<>();
                    content.forEach(p -> {
                        if (p.path("type").asText().equals("image_url")) {
                            urls.add(p.path("image_url").path("url").asText());
                        }
                    });
                    answer = "Colour checked.\n" + (urls.get(0).equals(redUri) ? "[[A]]" : "[[B]]");
                }
                String body =
                        "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                                + "\"message\":{\"role\":\"assistant\",\"content\":" + Json.write(answer)
                                + "},\"finish_reason\":\"stop\"}],"
                                + "\"usage\":{\"prompt_tokens\":40,\"completion_tokens\":8,\"total_tokens\":48}}";
                byte[] out = body.getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(200, out.length);
                ex.getResponseBody().write(out);
            }
        });
        server.start();
    }

    private volatile String redUri;

    @AfterEach
    void stop() {
        server.stop(0);
        pool.shutdownNow();
    }

    private static void png(Path file, Color c) throws Exception {
        BufferedImage img = new BufferedImage(24, 24, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(c);
        g.fillRect(0, 0, 24, 24);
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    private Path benchmark() throws Exception {
        Path dir = tmp.resolve("bench");
        Files.createDirectories(dir.resolve("media_data"));
        png(dir.resolve("media_data/red.png"), Color.RED);
        png(dir.resolve("media_data/grey.png"), Color.GRAY);
        redUri = new org.omnireward.judge.MediaModuleEncoder()
                .imageDataUri(org.omnireward.core.MediaRef.underRoot(
                        dir.resolve("media_data"), "red.png", org.omnireward.core.Modality.IMAGE));
        List<Map<String, Object>> t2t = List.of(
                record("t2t-0", "Prefer detail", "response1", "a detailed answer", "short"),
                record("t2t-1", "Prefer detail", "response2", "tiny", "a detailed and long answer"),
                record("t2t-2", "Either", "tie", "abc", "xyz"),
                record("broken", "Prefer detail", "response1", "x", "y"));
        Files.writeString(dir.resolve("text_to_text_preferences.json"), Json.write(t2t));
        List<Map<String, Object>> t2i = List.of(
                record("t2i-0", "Prefer red", "response1", "red.png", "grey.png"),
                record("t2i-1", "Prefer red", "response2", "grey.png", "red.png"));
        Files.writeString(dir.resolve("text_to_image_preferences.json"), Json.write(t2i));
        Map<String, Object> audio = record("t2a-0", "Prefer loud", "response1", "a.wav", "b.wav");
        Files.writeString(dir.resolve("text_to_audio_preferences.json"), Json.write(List.of(audio)));
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

    private CliRun bench(Path data, Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of(
                "bench",
                "run",
                "--data",
                data.toString(),
                "--out",
                out.toString(),
                "--model",
                "openai:test-judge",
                "--model-option",
                "base-url=http://127.0.0.1:" + server.getAddress().getPort() + "/v1",
                "--model-option",
                "api-key-env=NO_SUCH_VARIABLE_FOR_TESTS",
                "--model-option",
                "cache=false",
                "--max-attempts",
                "2",
                "--concurrency",
                "4"));
        a.addAll(List.of(extra));
        return run(a.toArray(String[]::new));
    }

    private static Map<String, JsonNode> lines(Path out, String setting) throws Exception {
        Map<String, JsonNode> m = new HashMap<>();
        for (String line : Files.readAllLines(out.resolve("predictions.jsonl"))) {
            JsonNode p = Json.mapper().readTree(line);
            if (p.path("setting").asText().equals(setting)) {
                m.put(p.path("id").asText(), p);
            }
        }
        return m;
    }

    @Test
    void a_judge_run_records_rationales_tokens_failures_and_unsupported_tasks() throws Exception {
        Path out = tmp.resolve("run");
        CliRun r = bench(benchmark(), out);
        assertThat(r.exit()).as(r.out() + r.err()).isIn(0, 1);
        assertThat(r.out()).contains("unsupported by the model (not run): t2a");
        Map<String, JsonNode> ties = lines(out, "ties");
        assertThat(ties).containsKeys("t2t-0", "t2t-1", "t2t-2", "broken", "t2i-0", "t2i-1");
        JsonNode t0 = ties.get("t2t-0");
        assertThat(t0.path("failed").asBoolean()).isFalse();
        assertThat(t0.path("prediction").asText()).isEqualTo("response1");
        assertThat(t0.path("rationale").asText()).isEqualTo("Judged on detail.");
        assertThat(t0.path("raw_output").asText()).endsWith("]]");
        assertThat(t0.path("input_tokens").asLong()).isEqualTo(40);
        assertThat(ties.get("t2t-1").path("prediction").asText()).isEqualTo("response2");
        assertThat(ties.get("t2i-0").path("prediction").asText()).isEqualTo("response1");
        assertThat(ties.get("t2i-1").path("prediction").asText()).isEqualTo("response2");
        JsonNode broken = ties.get("broken");
        assertThat(broken.path("failed").asBoolean()).isTrue();
        assertThat(broken.path("attempts").asInt()).isEqualTo(2);
        assertThat(broken.path("raw_output").asText())
                .contains("I will not decide.")
                .contains("next attempt");
        assertThat(broken.path("error_kind").asText()).isEqualTo("unparseable");
        // the run's end and the report count the unparseable line and the tokens
        assertThat(r.out()).contains("calls: 1 failed (1 unparseable)");
        CliRun report = run("bench", "report", out.toString());
        assertThat(report.out()).contains("Model calls:");
    }

    @Test
    void swap_marks_every_line_consistent_for_a_position_blind_judge() throws Exception {
        Path out = tmp.resolve("swap");
        CliRun r = bench(
                benchmark(),
                out,
                "--model-option",
                "swap=true",
                "--tasks",
                "t2t",
                "--price-input",
                "2.5",
                "--price-output",
                "10");
        assertThat(r.exit()).as(r.out() + r.err()).isIn(0, 1);
        Map<String, JsonNode> noTies = lines(out, "no_ties");
        assertThat(noTies.get("t2t-0").path("rationale").asText()).startsWith("[swap: consistent]");
        assertThat(noTies.get("t2t-0").path("swap_consistent").asBoolean()).isTrue();
        // no_ties: t2t-0, t2t-1 judged twice each (80 + 16 tokens); "broken" failed
        JsonNode calls = Json.readTree(out.resolve("summary.json")).at("/settings/no_ties/calls");
        assertThat(calls.path("swap_judged").asInt()).isEqualTo(2);
        assertThat(calls.path("consistency_rate").asDouble()).isEqualTo(1.0);
        assertThat(calls.path("input_tokens").asLong()).isEqualTo(160);
        assertThat(calls.path("output_tokens").asLong()).isEqualTo(32);
        assertThat(calls.path("cost_usd").asDouble()).isEqualTo((160 * 2.5 + 32 * 10) / 1e6);
        assertThat(r.out()).contains("swap-consistent 100.0% (2 of 2)");
        assertThat(noTies.get("t2t-0").path("input_tokens").asLong()).isEqualTo(80);
        assertThat(noTies.get("t2t-1").path("prediction").asText()).isEqualTo("response2");
    }
}
