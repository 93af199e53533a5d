package org.omnireward.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.RewardModel;
import org.omnireward.core.util.Json;

/** Every endpoint over real HTTP, against deterministic fake models. */
class RewardServerIT {

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final ExecutorService clients = Executors.newCachedThreadPool();

    @AfterEach
    void tearDown() throws Exception {
        clients.shutdownNow();
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private ServerHarness serve(ServerSettings.Builder settings, RewardModel model) throws InterruptedException {
        ServerHarness h = ServerHarness.ready(settings, model);
        toClose.add(h);
        return h;
    }

    private ServerHarness serve(RewardModel model) throws InterruptedException {
        return serve(ServerSettings.builder().token(BearerToken.of(ServerHarness.TOKEN, "test")), model);
    }

    private static String items(String... responses) {
        StringBuilder sb = new StringBuilder("{\"items\": [");
        for (int i = 0; i < responses.length; i++) {
            sb.append(i == 0 ? "" : ",")
                    .append("{\"prompt\": \"p\", \"response\": ")
                    .append(Json.write(responses[i]))
                    .append('}');
        }
        return sb.append("]}").toString();
    }

    /** Waits (up to 10 s) until /metrics shows {@code line}. */
    private static void awaitMetric(ServerHarness h, String line) throws Exception {
        long until = System.currentTimeMillis() + 10_000;
        while (!h.get("/metrics").body().contains(line)) {
            if (System.currentTimeMillis() > until) {
                throw new AssertionError("/metrics never showed " + line);
            }
            Thread.sleep(10);
        }
    }

    private static List<Double> doubles(JsonNode array) {
        List<Double> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asDouble()));
        return out;
    }

    // ---- endpoints ----

    @Test
    void score_returns_one_reward_per_item_in_item_order() throws Exception {
        ServerHarness h = serve(new FakeModels.Scalar());
        ServerHarness.Answer a = h.post("/v1/score", items("3", "1.5", "hello", "-2"));
        assertThat(a.status()).isEqualTo(200);
        assertThat(doubles(a.json().get("rewards"))).containsExactly(3.0, 1.5, 5.0, -2.0);
        assertThat(a.header("Content-Type")).startsWith("application/json");
    }

    @Test
    void score_uses_the_item_criterion_or_the_server_default() throws Exception {
        FakeModels.Scalar model = new FakeModels.Scalar();
        ServerHarness h = serve(
                ServerSettings.builder()
                        .token(BearerToken.of(ServerHarness.TOKEN, "test"))
                        .defaultCriteria("Prefer brevity"),
                model);
        assertThat(h.post(
                                "/v1/score",
                                "{\"items\": [{\"prompt\": \"p\", \"response\": \"1\"},"
                                        + " {\"criteria\": \"Prefer detail\", \"task\": \"text_to_text\", \"prompt\": \"p\", \"response\": \"2\"}]}")
                        .status())
                .isEqualTo(200);
        assertThat(model.calls.stream().flatMap(List::stream).map(r -> r.criteria()))
                .containsExactlyInAnyOrder("Prefer brevity", "Prefer detail");
    }

    @Test
    void compare_with_a_scalar_model_gives_preference_margin_and_scores() throws Exception {
        ServerHarness h = serve(new FakeModels.Scalar());
        ServerHarness.Answer a = h.post(
                "/v1/compare",
                "{\"pairs\": [{\"prompt\": \"p\", \"response1\": \"5\", \"response2\": \"2\"},"
                        + "{\"prompt\": \"p\", \"response1\": \"1\", \"response2\": \"4\"}, {\"prompt\": \"p\", \"response1\": \"7\", \"response2\": \"7\"}]}");
        assertThat(a.status()).isEqualTo(200);
        JsonNode r = a.json().get("results");
        assertThat(r.get(0).get("preference").asText()).isEqualTo("response1");
        assertThat(r.get(0).get("margin").asDouble()).isEqualTo(3.0);
        assertThat(doubles(r.get(0).get("scores"))).containsExactly(5.0, 2.0);
        assertThat(r.get(1).get("preference").asText()).isEqualTo("response2");
        assertThat(r.get(2).get("preference").asText()).isEqualTo("tie");
    }

    @Test
    void compare_with_a_judge_gives_verdict_and_rationale_and_score_explains_it_needs_a_scalar_model()
            throws Exception {
        ServerHarness h = serve(new FakeModels.Judge());
        ServerHarness.Answer a = h.post(
                "/v1/compare",
                "{\"pairs\": [{\"prompt\": \"p\", \"response1\": \"short\","
                        + " \"response2\": \"much longer\", \"allow_ties\": true}]}");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().get("results").get(0).get("preference").asText()).isEqualTo("response2");
        assertThat(a.json().get("results").get(0).get("rationale").asText()).isEqualTo("lengths 5 and 11");
        assertThat(a.json().get("results").get(0).has("margin")).isFalse();
        ServerHarness.Answer s = h.post("/v1/score", items("1"));
        assertThat(s.status()).isEqualTo(400);
        assertThat(s.errorCode()).isEqualTo("pairwise_model");
        assertThat(s.json().at("/error/message").asText()).contains("/v1/compare");
        assertThat(h.post("/get_reward", "{\"query\": [\"q\"]}").errorCode()).isEqualTo("pairwise_model");
        assertThat(h.get("/ready").json().get("kind").asText()).isEqualTo("pairwise");
    }

    @Test
    void rank_gives_scores_in_candidate_order_and_the_order_best_first_keeping_ties_stable() throws Exception {
        ServerHarness h = serve(new FakeModels.Scalar());
        ServerHarness.Answer a = h.post(
                "/v1/rank", "{\"prompt\": \"p\", \"criteria\": \"c\", \"candidates\": [\"2\", \"9\", \"2\", \"5\"]}");
        assertThat(a.status()).isEqualTo(200);
        assertThat(doubles(a.json().get("scores"))).containsExactly(2.0, 9.0, 2.0, 5.0);
        assertThat(a.json().get("order").toString()).isEqualTo("[1,3,0,2]");
    }

    @Test
    void get_reward_scores_what_follows_the_prompt_and_answers_in_openrlhf_shape() throws Exception {
        FakeModels.Scalar model = new FakeModels.Scalar();
        ServerHarness h = serve(model);
        String prompt = "<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n";
        ServerHarness.Answer a = h.post(
                "/get_reward",
                Json.write(Map.of(
                        "query",
                        List.of(prompt + "4<|im_end|>", prompt + "four, I think<|im_end|>"),
                        "prompts",
                        List.of(prompt, prompt),
                        "labels",
                        List.of("4", "4"))));
        assertThat(a.status()).isEqualTo(200);
        assertThat(doubles(a.json().get("rewards"))).containsExactly(4.0, 13.0);
        assertThat(doubles(a.json().get("scores"))).containsExactly(4.0, 13.0);
        assertThat(a.json().get("extra_logs").isObject()).isTrue();
        assertThat(a.json().get("extra_logs").size()).isZero();
        assertThat(model.calls.stream().flatMap(List::stream).map(r -> r.prompt()))
                .allMatch(prompt::equals);
    }

    @Test
    void get_reward_with_a_prompt_that_is_not_a_prefix_cuts_the_common_prefix_and_counts_it() throws Exception {
        ServerHarness h = serve(new FakeModels.Scalar());
        ServerHarness.Answer a = h.post(
                "/get_reward", "{\"query\": [\"Question:  why? Because.\"]," + " \"prompts\": [\"Question: why?\"]}");
        assertThat(a.status()).isEqualTo(200);
        // common prefix "Question: " -> " why? Because." stripped -> 13 characters
        assertThat(doubles(a.json().get("rewards"))).containsExactly(13.0);
        assertThat(h.get("/metrics").body()).contains("omni_reward_openrlhf_prompt_not_found_total 1.0");
    }

    @Test
    void health_is_open_and_ready_is_200_once_loaded() throws Exception {
        ServerHarness h = serve(new FakeModels.Scalar());
        assertThat(h.get("/health", null).status()).isEqualTo(200);
        ServerHarness.Answer r = h.get("/ready", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("model").asText()).isEqualTo("fake-scalar");
    }

    @Test
    void ready_is_503_while_the_model_loads_and_scoring_then_says_not_ready() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ServerHarness h = new ServerHarness(ServerSettings.builder(), () -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new FakeModels.Scalar();
        });
        toClose.add(h);
        ServerHarness.Answer loading = h.get("/ready", null);
        assertThat(loading.status()).isEqualTo(503);
        assertThat(loading.json().get("status").asText()).isEqualTo("loading");
        ServerHarness.Answer early = h.post("/v1/score", items("1"), null);
        assertThat(early.status()).isEqualTo(503);
        assertThat(early.errorCode()).isEqualTo("not_ready");
        assertThat(early.header("Retry-After")).isNotNull();
        release.countDown();
        assertThat(h.server.awaitReady(Duration.ofSeconds(10))).isTrue();
        assertThat(h.get("/ready", null).status()).isEqualTo(200);
    }

    @Test
    void a_model_that_cannot_load_leaves_ready_at_503_with_the_reason() throws Exception {
        ServerHarness h = new ServerHarness(ServerSettings.builder(), () -> {
            throw new InvalidInputException("no model files in /models/x");
        });
        toClose.add(h);
        assertThat(h.server.awaitReady(Duration.ofSeconds(10))).isFalse();
        ServerHarness.Answer r = h.get("/ready", null);
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.json().get("message").asText()).contains("no model files");
        assertThat(h.post("/v1/score", items("1"), null).errorCode()).isEqualTo("model_failed");
    }

    // ---- bad input ----

    @Test
    void malformed_json_is_400_with_where_it_broke() throws Exception {
        ServerHarness h = serve(new FakeModels.Scalar());
        for (String path : List.of("/v1/score", "/v1/compare", "/v1/rank", "/get_reward")) {
            ServerHarness.Answer a = h.post(path, "{\"items\": [");
            assertThat(a.status()).as(path).isEqualTo(400);
            assertThat(a.errorCode()).as(path).isEqualTo("malformed_json");
            assertThat(a.json().at("/error/message").asText()).as(path).contains("line 1");
        }
        assertThat(h.post("/v1/score", "").errorCode()).isEqualTo("malformed_json");
        assertThat(h.post("/v1/score", "{\"items\": []} trailing").errorCode()).isEqualTo("malformed_json");
    }

    @Test
    void wrong_types_are_400_naming_the_field() throws Exception {
        ServerHarness h = serve(new FakeModels.Scalar());
        Map<String, String[]> cases = Map.of(
                "[1, 2]",
                new String[] {"/v1/score", "must be a JSON object"},
                "{\"items\": {\"prompt\": \"p\"}}",
                new String[] {"/v1/score", "items: expected an array"},
                "{\"items\": [{\"prompt\": \"p\", \"response\": 3}]}",
                new String[] {"/v1/score", "items[0].response: task t2t has text responses"},
                "{\"items\": [{\"prompt\": 7, \"response\": \"a\"}]}",
                new String[] {"/v1/score", "items[0].prompt: expected a string"},
                "{\"items\": [{\"prompt\": \"p\", \"response\": \"a\", \"task\": \"t9\"}]}",
                new String[] {"/v1/score", "unknown task 't9'"},
                "{\"items\": [{\"prompt\": \"p\", \"respons\": \"a\"}]}",
                new String[] {"/v1/score", "items[0].respons: unknown field"},
                "{\"pairs\": [{\"prompt\": \"p\", \"response1\": \"a\", \"response2\": \"b\", \"allow_ties\": \"yes\"}]}",
                new String[] {"/v1/compare", "pairs[0].allow_ties: expected true or false"},
                "{\"prompt\": \"p\", \"candidates\": \"a\"}",
                new String[] {"/v1/rank", "candidates: expected an array"},
                "{\"query\": [1]}",
                new String[] {"/get_reward", "query[0]: expected a string"},
                "{\"query\": [\"a\", \"b\"], \"prompts\": [\"a\"]}",
                new String[] {"/get_reward", "prompts has 1 entries but query has 2"});
        for (Map.Entry<String, String[]> c : cases.entrySet()) {
            ServerHarness.Answer a = h.post(c.getValue()[0], c.getKey());
            assertThat(a.status()).as(c.getKey()).isEqualTo(400);
            assertThat(a.json().at("/error/message").asText()).as(c.getKey()).contains(c.getValue()[1]);
        }
    }

    @Test
    void an_item_the_model_rejects_is_400_naming_it() throws Exception {
        ServerHarness h = serve(new FakeModels.Scalar());
        ServerHarness.Answer a = h.post("/v1/score", items("1", "bad"));
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.errorCode()).isEqualTo("invalid_input");
        assertThat(a.json().at("/error/message").asText()).isEqualTo("items[1]: cannot score the text 'bad'");
    }

    @Test
    void an_unsupported_task_is_400_before_it_reaches_a_shared_batch() throws Exception {
        FakeModels.Scalar model = new FakeModels.Scalar() {
            @Override
            public java.util.Set<org.omnireward.core.Task> supportedTasks() {
                return org.omnireward.core.Task.textResponseTasks();
            }
        };
        ServerHarness h = serve(model);
        String png = Base64.getEncoder().encodeToString(new byte[] {1, 2, 3});
        ServerHarness.Answer a = h.post(
                "/v1/score",
                "{\"items\": [{\"task\": \"t2i\", \"prompt\": \"p\", \"response\":"
                        + " {\"type\": \"image\", \"data\": \"" + png + "\"}}]}");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.errorCode()).isEqualTo("unsupported_task");
        assertThat(model.calls).isEmpty();
    }

    @Test
    void oversized_bodies_items_texts_and_media_are_413() throws Exception {
        ServerHarness h = serve(
                ServerSettings.builder()
                        .token(BearerToken.of(ServerHarness.TOKEN, "test"))
                        .maxBodyBytes(10_000)
                        .maxItems(4)
                        .maxTextChars(100)
                        .maxMediaBytes(64),
                new FakeModels.Scalar());
        ServerHarness.Answer body = h.post("/v1/score", items("x".repeat(20_000)));
        assertThat(body.status()).isEqualTo(413);
        assertThat(body.errorCode()).isEqualTo("too_large");
        assertThat(body.json().at("/error/message").asText()).contains("--max-body-bytes");
        // a chunked body (no Content-Length) is cut off as it arrives
        HttpRequest chunked = HttpRequest.newBuilder(URI.create(h.base + "/v1/score"))
                .header("Authorization", "Bearer " + ServerHarness.TOKEN)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                        items("y".repeat(20_000)).getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                .build();
        assertThat(h.http.send(chunked, HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(413);
        assertThat(h.post("/v1/score", items("1", "2", "3", "4", "5"))
                        .json()
                        .at("/error/message")
                        .asText())
                .contains("items has 5 entries; the limit is 4");
        assertThat(h.post("/v1/score", items("z".repeat(101))).status()).isEqualTo(413);
        String big = Base64.getEncoder().encodeToString(new byte[65]);
        ServerHarness.Answer media = h.post(
                "/v1/score",
                "{\"items\": [{\"task\": \"t2a\", \"prompt\": \"p\", \"response\":"
                        + " {\"type\": \"audio\", \"data\": \"" + big + "\"}}]}");
        assertThat(media.status()).isEqualTo(413);
        assertThat(media.json().at("/error/message").asText()).contains("items[0].response", "65 bytes", "limit is 64");
    }

    @Test
    void media_arrive_as_base64_or_data_uris_and_urls_or_paths_are_refused() throws Exception {
        ServerHarness h = serve(new FakeModels.Scalar());
        byte[] img = new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3, 4, 5, 6};
        String b64 = Base64.getEncoder().encodeToString(img);
        ServerHarness.Answer a = h.post(
                "/v1/score",
                "{\"items\": ["
                        + "{\"task\": \"t2i\", \"prompt\": \"p\", \"response\": {\"type\": \"image\", \"data\": \""
                        + b64 + "\"}},"
                        + "{\"task\": \"t2i\", \"prompt\": \"p\", \"response\": {\"type\": \"image\", \"data\": \"data:image/png;base64,"
                        + b64 + "\"}},"
                        + "{\"task\": \"ti2t\", \"prompt\": \"p\", \"inputs\": [{\"type\": \"image\", \"data\": \""
                        + b64 + "\"}], \"response\": \"42\"}]}");
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(doubles(a.json().get("rewards"))).containsExactly(10.0, 10.0, 42.0);
        for (String data : List.of("https://example.org/cat.png", "file:///etc/passwd", "/etc/passwd")) {
            ServerHarness.Answer r = h.post(
                    "/v1/score",
                    "{\"items\": [{\"task\": \"t2i\", \"prompt\": \"p\", \"response\":"
                            + " {\"type\": \"image\", \"data\": \"" + data + "\"}}]}");
            assertThat(r.status()).as(data).isEqualTo(400);
            assertThat(r.json().at("/error/message").asText()).as(data).contains("never fetches URLs");
        }
        ServerHarness.Answer url = h.post(
                "/v1/score",
                "{\"items\": [{\"task\": \"t2i\", \"prompt\": \"p\", \"response\":"
                        + " {\"type\": \"image\", \"url\": \"https://example.org/cat.png\"}}]}");
        assertThat(url.json().at("/error/message").asText()).contains("items[0].response.url", "never fetches URLs");
        assertThat(h.post(
                                "/v1/score",
                                "{\"items\": [{\"task\": \"t2i\", \"prompt\": \"p\", \"response\":"
                                        + " {\"type\": \"video\", \"data\": \"" + b64 + "\"}}]}")
                        .json()
                        .at("/error/message")
                        .asText())
                .contains("expects image, got video");
        assertThat(h.post(
                                "/v1/score",
                                "{\"items\": [{\"task\": \"t2i\", \"prompt\": \"p\", \"response\":"
                                        + " {\"type\": \"image\", \"data\": \"not base64!\"}}]}")
                        .json()
                        .at("/error/message")
                        .asText())
                .contains("not valid base64");
        assertThat(h.post("/v1/score", "{\"items\": [{\"task\": \"ti2t\", \"prompt\": \"p\", \"response\": \"1\"}]}")
                        .json()
                        .at("/error/message")
                        .asText())
                .contains("inputs is missing: task ti2t needs its input image");
    }

    // ---- auth ----

    @Test
    void missing_and_wrong_tokens_are_401_and_health_ready_and_openapi_stay_open() throws Exception {
        ServerHarness h = serve(new FakeModels.Scalar());
        for (String path : List.of("/v1/score", "/v1/compare", "/v1/rank", "/get_reward")) {
            ServerHarness.Answer none = h.post(path, items("1"), null);
            assertThat(none.status()).as(path).isEqualTo(401);
            assertThat(none.errorCode()).isEqualTo("unauthorized");
            assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer");
            assertThat(h.post(path, items("1"), ServerHarness.TOKEN + "x").status())
                    .as(path)
                    .isEqualTo(401);
            assertThat(h.post(path, items("1"), "short").status()).as(path).isEqualTo(401);
        }
        assertThat(h.get("/metrics", null).status()).isEqualTo(401);
        assertThat(h.get("/metrics", "wrong-token-wrong-token").status()).isEqualTo(401);
        assertThat(h.get("/metrics").status()).isEqualTo(200);
        assertThat(h.post("/v1/score", items("1")).status()).isEqualTo(200);
        for (String open : List.of("/health", "/ready", "/openapi.json")) {
            assertThat(h.get(open, null).status()).as(open).isEqualTo(200);
        }
        // a wrong token must not show up in what the server answers
        assertThat(h.post("/v1/score", items("1"), "guess-guess-guess-1").body())
                .doesNotContain("guess");
    }

    @Test
    void without_a_token_no_auth_is_asked_and_only_loopback_may_be_bound_unless_insecure() throws Exception {
        ServerHarness h = serve(ServerSettings.builder(), new FakeModels.Scalar());
        assertThat(h.post("/v1/score", items("1"), null).status()).isEqualTo(200);
        assertThatThrownBy(() -> ServerSettings.builder().host("0.0.0.0").build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("without a token")
                .hasMessageContaining("--insecure");
        assertThat(ServerSettings.builder()
                        .host("0.0.0.0")
                        .insecure(true)
                        .build()
                        .host())
                .isEqualTo("0.0.0.0");
        assertThat(ServerSettings.builder()
                        .host("0.0.0.0")
                        .token(BearerToken.of(ServerHarness.TOKEN, "t"))
                        .build()
                        .token())
                .isPresent();
        assertThat(ServerSettings.builder().host("localhost").build().host()).isEqualTo("localhost");
        assertThat(ServerSettings.builder().host("127.0.0.2").build().host()).isEqualTo("127.0.0.2");
    }

    // ---- load and failure ----

    @Test
    void a_full_queue_answers_429_with_retry_after() throws Exception {
        FakeModels.Scalar model = new FakeModels.Scalar();
        model.gate = new CountDownLatch(1);
        ServerHarness h = serve(
                ServerSettings.builder()
                        .token(BearerToken.of(ServerHarness.TOKEN, "test"))
                        .maxBatch(1)
                        .maxWait(Duration.ZERO)
                        .queueCapacity(4)
                        .maxItems(4),
                model);
        // the first item blocks the model; then four more fill the queue
        Future<ServerHarness.Answer> first = clients.submit(() -> h.post("/v1/score", items("1")));
        assertThat(model.entered.await(10, TimeUnit.SECONDS)).isTrue();
        Future<ServerHarness.Answer> filling = clients.submit(() -> h.post("/v1/score", items("2", "3", "4", "5")));
        awaitMetric(h, "omni_reward_queue_depth 4.0");
        ServerHarness.Answer refused = h.post("/v1/score", items("6"));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.errorCode()).isEqualTo("queue_full");
        assertThat(refused.header("Retry-After")).isEqualTo("1");
        model.gate.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(doubles(filling.get(10, TimeUnit.SECONDS).json().get("rewards")))
                .containsExactly(2.0, 3.0, 4.0, 5.0);
        assertThat(h.post("/v1/score", items("6")).status()).isEqualTo(200);
        assertThat(h.get("/metrics").body()).contains("omni_reward_errors_total{code=\"queue_full\"} 1.0");
    }

    @Test
    void a_request_past_its_deadline_is_503_and_its_items_are_withdrawn() throws Exception {
        FakeModels.Scalar model = new FakeModels.Scalar();
        model.gate = new CountDownLatch(1);
        ServerHarness h = serve(
                ServerSettings.builder()
                        .token(BearerToken.of(ServerHarness.TOKEN, "test"))
                        .maxBatch(1)
                        .maxWait(Duration.ZERO)
                        .requestTimeout(Duration.ofMillis(300)),
                model);
        Future<ServerHarness.Answer> blocked = clients.submit(() -> h.post("/v1/score", items("1")));
        assertThat(model.entered.await(10, TimeUnit.SECONDS)).isTrue();
        ServerHarness.Answer late = h.post("/v1/score", items("2"));
        assertThat(late.status()).isEqualTo(503);
        assertThat(late.errorCode()).isEqualTo("deadline_exceeded");
        assertThat(late.header("Retry-After")).isNotNull();
        model.gate.countDown();
        assertThat(blocked.get(10, TimeUnit.SECONDS).status()).isEqualTo(503); // it waited past 300 ms too
        assertThat(h.post("/v1/score", items("3")).status()).isEqualTo(200);
        // the withdrawn item "2" never reached the model
        assertThat(model.calls.stream()
                        .flatMap(List::stream)
                        .map(r -> r.response().requireText()))
                .doesNotContain("2");
    }

    @Test
    void a_model_that_throws_is_500_without_a_stack_trace_and_the_server_keeps_serving() throws Exception {
        ServerHarness h = serve(new FakeModels.Scalar());
        ServerHarness.Answer a = h.post("/v1/score", items("1", "boom"));
        assertThat(a.status()).isEqualTo(500);
        assertThat(a.errorCode()).isEqualTo("model_error");
        assertThat(a.body()).doesNotContain("\tat ", "at org.", "at java.", "0x7f3a", "libmodel.so");
        assertThat(a.json().at("/error/message").asText()).contains("IllegalStateException", "server log");
        assertThat(h.post("/v1/score", items("1")).status()).isEqualTo(200);
    }

    @Test
    void unknown_paths_and_methods_are_json_errors() throws Exception {
        ServerHarness h = serve(new FakeModels.Scalar());
        ServerHarness.Answer nf = h.get("/v2/score");
        assertThat(nf.status()).isEqualTo(404);
        assertThat(nf.errorCode()).isEqualTo("not_found");
        ServerHarness.Answer m = h.get("/v1/score");
        assertThat(m.status()).isEqualTo(405);
        assertThat(m.errorCode()).isEqualTo("method_not_allowed");
    }

    @Test
    void concurrent_clients_get_exactly_their_own_results_and_share_batches() throws Exception {
        FakeModels.Scalar model = new FakeModels.Scalar();
        model.delayMillis = 2;
        ServerHarness h = serve(
                ServerSettings.builder()
                        .token(BearerToken.of(ServerHarness.TOKEN, "test"))
                        .maxBatch(16)
                        .maxWait(Duration.ofMillis(3)),
                model);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < 24; c++) {
            int client = c;
            done.add(clients.submit(() -> {
                start.await();
                for (int round = 0; round < 15; round++) {
                    int n = 1 + (client + round) % 4;
                    String[] values = new String[n];
                    List<Double> expected = new ArrayList<>();
                    for (int j = 0; j < n; j++) {
                        double v = client * 10_000 + round * 10 + j;
                        values[j] = Double.toString(v);
                        expected.add(v);
                    }
                    String path = round % 3 == 0 ? "/get_reward" : "/v1/score";
                    ServerHarness.Answer a = path.equals("/v1/score")
                            ? h.post(path, items(values))
                            : h.post(path, Json.write(Map.of("query", List.of(values))));
                    assertThat(a.status()).as(a.body()).isEqualTo(200);
                    assertThat(doubles(a.json().get("rewards")))
                            .as("client " + client + " round " + round)
                            .containsExactlyElementsOf(expected);
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(120, TimeUnit.SECONDS);
        }
        assertThat(model.calls.stream().mapToInt(List::size).max().orElse(0))
                .as("some batch mixed clients")
                .isGreaterThan(4);
        assertThat(model.calls.stream().mapToInt(List::size).max().orElse(0)).isLessThanOrEqualTo(16);
    }

    @Test
    void metrics_are_prometheus_text_with_requests_latency_batches_queue_and_errors() throws Exception {
        ServerHarness h = serve(new FakeModels.Scalar());
        h.post("/v1/score", items("1", "2"));
        h.post("/v1/score", "{");
        ServerHarness.Answer m = h.get("/metrics");
        assertThat(m.header("Content-Type")).startsWith("text/plain");
        assertThat(m.body())
                .contains(
                        "omni_reward_requests_total{endpoint=\"/v1/score\",status=\"200\"} 1.0",
                        "omni_reward_requests_total{endpoint=\"/v1/score\",status=\"400\"} 1.0",
                        "omni_reward_request_duration_seconds_bucket{endpoint=\"/v1/score\",le=\"0.1\"}",
                        "omni_reward_batch_size_bucket{le=\"2.0\"}",
                        "omni_reward_queue_depth 0.0",
                        "omni_reward_errors_total{code=\"malformed_json\"} 1.0",
                        "omni_reward_items_scored_total 2.0",
                        "omni_reward_model_ready 1.0",
                        "jvm_memory_used_bytes");
        assertThat(m.body()).doesNotContain(ServerHarness.TOKEN);
    }

    @Test
    void graceful_stop_answers_accepted_requests_then_refuses_new_work() throws Exception {
        FakeModels.Scalar model = new FakeModels.Scalar();
        model.gate = new CountDownLatch(1);
        ServerHarness h =
                ServerHarness.ready(ServerSettings.builder().maxBatch(1).maxWait(Duration.ZERO), model);
        Future<ServerHarness.Answer> accepted = clients.submit(() -> h.post("/v1/score", items("7"), null));
        Future<ServerHarness.Answer> queued = clients.submit(() -> h.post("/v1/score", items("8"), null));
        assertThat(model.entered.await(10, TimeUnit.SECONDS)).isTrue();
        awaitMetric(h, "omni_reward_queue_depth 1.0"); // the second request is queued behind the first
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(h.server::stop);
        long until = System.currentTimeMillis() + 10_000;
        while (h.get("/ready", null).status() == 200 && System.currentTimeMillis() < until) {
            Thread.sleep(10);
        }
        ServerHarness.Answer late = h.post("/v1/score", items("9"), null);
        assertThat(late.status()).isEqualTo(503);
        assertThat(late.errorCode()).isEqualTo("shutting_down");
        assertThat(h.get("/ready", null).status()).isEqualTo(503);
        model.gate.countDown();
        assertThat(doubles(accepted.get(10, TimeUnit.SECONDS).json().get("rewards")))
                .containsExactly(7.0);
        assertThat(doubles(queued.get(10, TimeUnit.SECONDS).json().get("rewards")))
                .containsExactly(8.0);
        stopping.get(20, TimeUnit.SECONDS);
        assertThat(model.closed).isTrue();
    }

    // ---- OpenAPI ----

    @Test
    void every_path_served_is_documented_in_openapi_json_and_nothing_else_is() throws Exception {
        ServerHarness h = serve(new FakeModels.Scalar());
        ServerHarness.Answer a = h.get("/openapi.json", null);
        assertThat(a.status()).isEqualTo(200);
        JsonNode doc = a.json();
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        List<String> documented = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.get("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            p.getValue()
                    .fieldNames()
                    .forEachRemaining(m -> documented.add(m.toUpperCase(java.util.Locale.ROOT) + " " + p.getKey()));
        }
        List<String> served = new ArrayList<>();
        for (RewardServer.Route r : h.server.routes()) {
            served.add(r.method().name() + " " + r.path());
            // documented as needing the token exactly when it does
            JsonNode op = doc.get("paths").get(r.path()).get(r.method().name().toLowerCase(java.util.Locale.ROOT));
            assertThat(op.has("security")).as(r.path()).isEqualTo(r.guarded());
            // and the server really answers there (not 404/405)
            ServerHarness.Answer probe = r.method().name().equals("GET") ? h.get(r.path()) : h.post(r.path(), "{}");
            assertThat(probe.status()).as(r.path()).isNotIn(404, 405);
        }
        assertThat(documented).containsExactlyInAnyOrderElementsOf(served);
        // every $ref points at a component that exists
        java.util.regex.Matcher refs = java.util.regex.Pattern.compile("\"#/components/(\\w+)/(\\w+)\"")
                .matcher(a.body());
        while (refs.find()) {
            assertThat(doc.at("/components/" + refs.group(1) + "/" + refs.group(2))
                            .isMissingNode())
                    .as(refs.group())
                    .isFalse();
        }
    }
}
