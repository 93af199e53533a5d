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
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.util.Json;

/** {@code omni-reward compare} with the {@code openai} judge against a local chat-completions server. */
class CompareJudgeIT {

    @TempDir
    Path dir;

    private HttpServer server;
    private final List<JsonNode> bodies = new CopyOnWriteArrayList<>();
    private volatile String answer = "B shows a red fox.\n[[B]]";

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", ex -> {
            try (ex) {
                bodies.add(Json.mapper().readTree(ex.getRequestBody().readAllBytes()));
                String body =
                        "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                                + "\"message\":{\"role\":\"assistant\",\"content\":" + Json.write(answer)
                                + "},\"finish_reason\":\"stop\"}],"
                                + "\"usage\":{\"prompt_tokens\":30,\"completion_tokens\":6,\"total_tokens\":36}}";
                byte[] out = body.getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, out.length);
                ex.getResponseBody().write(out);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Path png(String name, Color c) throws Exception {
        BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(c);
        g.fillRect(0, 0, 32, 32);
        g.dispose();
        Path p = dir.resolve(name);
        ImageIO.write(img, "png", p.toFile());
        return p;
    }

    private String[] args(String... extra) throws Exception {
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
        List<String> a = new java.util.ArrayList<>(List.of(
                "compare",
                "--model",
                "openai:test-judge",
                "--task",
                "t2i",
                "--prompt",
                "a red fox in snow",
                "--criteria",
                "The fox must be clearly red.",
                "--response",
                png("a.png", Color.GRAY).toString(),
                "--response",
                png("b.png", Color.RED).toString(),
                "--ties",
                "--model-option",
                "base-url=" + base,
                "--model-option",
                "cache=false",
                "--model-option",
                "api-key-env=NO_SUCH_VARIABLE_FOR_TESTS"));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    @Test
    void prints_the_judges_verdict_rationale_and_tokens() throws Exception {
        CliRun r = run(args());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("model:     openai:test-judge")
                .contains("task:      t2i (ties allowed)")
                .contains("verdict:   response 2 is better")
                .contains("tokens:    30 in, 6 out")
                .contains("rationale:\nB shows a red fox.");
        assertThat(bodies).hasSize(1);
        assertThat(bodies.get(0).get("messages").get(1).get("content").toString())
                .contains("data:image/jpeg;base64,");
    }

    @Test
    void json_output_and_an_unparseable_judge_fail_with_every_raw_output() throws Exception {
        CliRun ok = run(args("--json"));
        assertThat(ok.exit()).as(ok.err()).isZero();
        JsonNode n = Json.mapper().readTree(ok.out());
        assertThat(n.get("preference").asText()).isEqualTo("response2");
        assertThat(n.get("usage").get("input_tokens").asInt()).isEqualTo(30);

        answer = "I cannot tell.";
        CliRun bad = run(args("--max-attempts", "2"));
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err())
                .contains("no verdict after 2 attempt(s)")
                .contains("--- output 2 ---")
                .contains("I cannot tell.");
    }
}
