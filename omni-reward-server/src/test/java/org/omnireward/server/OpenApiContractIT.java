package org.omnireward.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.omnireward.core.util.Json;

/**
 * The server and its OpenAPI document agree: every request example of the document is sent and
 * answered 200 with a body its schema allows; every status an operation documents is provoked over
 * real HTTP and answered with a body of the documented schema (errors: the documented codes only).
 * A status documented with no way to provoke it here fails the test.
 */
class OpenApiContractIT {

    private static final String TOKEN = ServerHarness.TOKEN;
    private static ServerHarness main;
    private static ServerHarness slowBody;
    private static ServerHarness busy;
    private static ServerHarness loading;
    private static FakeModels.Scalar gated;
    private static final CountDownLatch LOAD = new CountDownLatch(1);
    private static final ExecutorService POOL = Executors.newCachedThreadPool();
    private static JsonNode doc;
    private static SchemaCheck schemas;

    @BeforeAll
    static void start() throws Exception {
        ServerSettings.Builder base = ServerSettings.builder()
                .token(BearerToken.of(TOKEN, "test"))
                .maxItems(3)
                .queueCapacity(8);
        main = ServerHarness.ready(base, new FakeModels.Scalar());
        slowBody = ServerHarness.ready(
                ServerSettings.builder()
                        .token(BearerToken.of(TOKEN, "test"))
                        .requestTimeout(Duration.ofMillis(800))
                        .minBodyRate(0),
                new FakeModels.Scalar());
        gated = new FakeModels.Scalar();
        gated.gate = new CountDownLatch(1);
        busy = ServerHarness.ready(
                ServerSettings.builder()
                        .token(BearerToken.of(TOKEN, "test"))
                        .maxBatch(1)
                        .maxWait(Duration.ZERO)
                        .queueCapacity(2)
                        .maxItems(2),
                gated);
        loading = new ServerHarness(ServerSettings.builder().token(BearerToken.of(TOKEN, "test")), () -> {
            try {
                LOAD.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new FakeModels.Scalar();
        });
        doc = Json.mapper()
                .readTree(send(main, "GET", "/openapi.json", null, null).body());
        schemas = new SchemaCheck(doc);
    }

    @AfterAll
    static void stop() {
        gated.gate.countDown();
        LOAD.countDown();
        POOL.shutdownNow();
        for (ServerHarness h : List.of(main, slowBody, busy, loading)) {
            h.close();
        }
    }

    private static byte[] request(String method, String path, String body, String token) {
        byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String head = method + " " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
                + (body == null ? "" : "Content-Type: application/json\r\nContent-Length: " + b.length + "\r\n")
                + "\r\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(b);
        return out.toByteArray();
    }

    private static RawHttp.Reply send(ServerHarness h, byte[] request) throws Exception {
        try (RawHttp c = new RawHttp(h.port())) {
            return c.send(request).read();
        }
    }

    private static RawHttp.Reply send(ServerHarness h, String method, String path, String body, String token)
            throws Exception {
        return send(h, request(method, path, body, token));
    }

    /** A body of {@code n} entries for {@code path}, each answered with {@code response} by the fake model. */
    private static String body(String path, int n, String response) {
        List<Object> entries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            entries.add(
                    switch (path) {
                        case "/v1/score" -> Map.of("prompt", "p", "response", response);
                        case "/v1/compare" -> Map.of("prompt", "p", "response1", response, "response2", "x");
                        default -> response;
                    });
        }
        return Json.write(
                switch (path) {
                    case "/v1/score" -> Map.of("items", entries);
                    case "/v1/compare" -> Map.of("pairs", entries);
                    case "/v1/rank" -> Map.of("prompt", "p", "candidates", entries);
                    case "/get_reward" -> Map.of("query", entries);
                    default -> throw new AssertionError(path);
                });
    }

    /** Provokes {@code status} on an operation; the answer to check against the document. */
    private static RawHttp.Reply provoke(String method, String path, String status, JsonNode op) throws Exception {
        boolean post = method.equals("POST");
        String example = post ? Json.write(op.at("/requestBody/content/application~1json/example")) : null;
        switch (status) {
            case "200":
                return send(main, method, path, example, TOKEN);
            case "400":
                return send(main, method, path, "{", TOKEN);
            case "401":
                return send(main, method, path, example, null);
            case "405":
                return send(main, post ? "GET" : "POST", path, post ? null : "{}", TOKEN);
            case "408": {
                try (RawHttp c = new RawHttp(slowBody.port())) {
                    return c.send("POST " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN
                                    + "\r\nContent-Length: 100\r\n\r\n{")
                            .read();
                }
            }
            case "413":
                return send(main, method, path, body(path, 4, "1"), TOKEN);
            case "429":
                return send(busy, method, path, body(path, 1, "1"), TOKEN);
            case "500":
                return send(main, method, path, body(path, 1, "boom"), TOKEN);
            case "503":
                return send(loading, method, path, example, TOKEN);
            case "default":
                return RawHttp.exchange(main.port(), method + " " + path + " HTTP/3.7\r\nHost: x\r\n\r\n");
            default:
                throw new AssertionError("status " + status + " is documented for " + method + " " + path
                        + " but this test has no way to provoke it: test it here or take it out of the document");
        }
    }

    @Test
    void every_documented_status_of_every_operation_is_answered_as_documented() throws Exception {
        // the busy server: one request in the model, a second filling its queue of two
        Future<RawHttp.Reply> inModel =
                POOL.submit(() -> send(busy, "POST", "/v1/score", body("/v1/score", 1, "1"), TOKEN));
        assertThat(gated.entered.await(10, TimeUnit.SECONDS)).isTrue();
        Future<RawHttp.Reply> queued =
                POOL.submit(() -> send(busy, "POST", "/v1/score", body("/v1/score", 2, "1"), TOKEN));
        long until = System.currentTimeMillis() + 10_000;
        while (!send(busy, "GET", "/metrics", null, TOKEN).text().contains("omni_reward_queue_depth 2.0")) {
            assertThat(System.currentTimeMillis())
                    .as("the busy server's queue filled")
                    .isLessThan(until);
            Thread.sleep(10);
        }
        int checked = 0;
        List<String> codesSeen = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> p = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = p.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> o = ops.next();
                String method = o.getKey().toUpperCase(Locale.ROOT);
                for (Iterator<Map.Entry<String, JsonNode>> rs =
                                o.getValue().get("responses").fields();
                        rs.hasNext(); ) {
                    Map.Entry<String, JsonNode> r = rs.next();
                    String what = method + " " + p.getKey() + " -> " + r.getKey();
                    RawHttp.Reply reply = provoke(method, p.getKey(), r.getKey(), o.getValue());
                    if (r.getKey().equals("default")) {
                        assertThat(reply.status()).as(what).isBetween(400, 599);
                    } else {
                        assertThat(reply.status())
                                .as(what + ": " + reply.text())
                                .isEqualTo(Integer.parseInt(r.getKey()));
                    }
                    JsonNode content = schemas.resolve(r.getValue()).path("content");
                    if (content.has("text/plain")) {
                        assertThat(reply.header("content-type")).as(what).startsWith("text/plain");
                    } else {
                        assertThat(reply.header("content-type")).as(what).startsWith("application/json");
                        JsonNode schema = content.get("application/json").get("schema");
                        assertThat(schemas.problems(reply.json(), schema))
                                .as(what + ": " + reply.text())
                                .isEmpty();
                        if (reply.status() >= 400 && reply.json().has("error")) {
                            codesSeen.add(reply.errorCode());
                        }
                    }
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(40);
        assertThat(codesSeen)
                .contains(
                        "malformed_json",
                        "unauthorized",
                        "method_not_allowed",
                        "body_timeout",
                        "too_large",
                        "queue_full",
                        "model_error",
                        "not_ready",
                        "http_version_not_supported");
        gated.gate.countDown();
        assertThat(inModel.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(queued.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
    }

    @Test
    void every_example_in_the_document_conforms_to_its_schema() {
        int examples = 0;
        for (JsonNode path : doc.get("paths")) {
            for (JsonNode op : path) {
                JsonNode req = op.at("/requestBody/content/application~1json");
                if (!req.isMissingNode()) {
                    assertThat(req.has("example"))
                            .as(op.get("operationId").asText() + " has a request example")
                            .isTrue();
                    assertThat(schemas.problems(req.get("example"), req.get("schema")))
                            .isEmpty();
                    examples++;
                }
                JsonNode ok = op.at("/responses/200/content/application~1json");
                if (ok.has("example")) {
                    assertThat(schemas.problems(ok.get("example"), ok.get("schema")))
                            .isEmpty();
                    examples++;
                }
            }
        }
        assertThat(examples).isGreaterThanOrEqualTo(10);
    }

    @Test
    void the_error_codes_the_server_can_answer_are_the_documented_ones() {
        JsonNode codes = doc.at("/components/schemas/Error/properties/error/properties/code/enum");
        List<String> documented = new ArrayList<>();
        codes.forEach(c -> documented.add(c.asText()));
        for (int status = 400; status < 600; status++) {
            assertThat(documented).as("code for HTTP " + status).contains(ApiException.codeFor(status));
        }
    }
}
