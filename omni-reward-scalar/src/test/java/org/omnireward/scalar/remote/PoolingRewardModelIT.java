package org.omnireward.scalar.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.omnireward.core.AuthenticationException;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Modality;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.NonRetriableException;
import org.omnireward.core.RateLimitedException;
import org.omnireward.core.Response;
import org.omnireward.core.RetriableException;
import org.omnireward.core.RewardModel;
import org.omnireward.core.RewardModels;
import org.omnireward.core.ScoringRequest;
import org.omnireward.core.Task;
import org.omnireward.core.UnsupportedTaskException;
import org.omnireward.scalar.remote.FakePoolingServer.Reply;

/** {@link PoolingRewardModel} against a real HTTP server that answers like vLLM's {@code /pooling}. */
class PoolingRewardModelIT {

    private static final String KEY = "sk-test-SECRET-0123456789";

    private FakePoolingServer server;
    private final List<PoolingRewardModel> models = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = new FakePoolingServer();
    }

    @AfterEach
    void stop() {
        models.forEach(PoolingRewardModel::close);
        server.close();
    }

    private PoolingRewardModel.Builder builder() {
        return PoolingRewardModel.builder().setEndpoint(server.baseUrl()).optModel("OmniRewardModel-BT");
    }

    private PoolingRewardModel model(PoolingRewardModel.Builder b) {
        PoolingRewardModel m = b.build();
        models.add(m);
        return m;
    }

    private static ScoringRequest text(String criteria, String prompt, String response) {
        return new ScoringRequest(Task.T2T, criteria, prompt, List.of(), Response.text(response));
    }

    @Test
    void sends_one_chat_conversation_with_the_criterion_as_system_message() {
        PoolingRewardModel m = model(builder());
        double score =
                m.score(text("Prefer answers a child understands", "Explain superposition", "Like a spinning coin."));

        assertThat(score).isEqualTo("Like a spinning coin.".length());
        assertThat(server.requests()).hasSize(1);
        FakePoolingServer.Seen s = server.requests().get(0);
        assertThat(s.method()).isEqualTo("POST");
        assertThat(s.path()).isEqualTo("/pooling");
        assertThat(s.header("Content-Type")).startsWith("application/json");
        JsonNode json = s.json();
        assertThat(json.path("model").asText()).isEqualTo("OmniRewardModel-BT");
        JsonNode messages = json.path("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.get(0).path("role").asText()).isEqualTo("system");
        assertThat(messages.get(0).path("content").asText()).isEqualTo("Prefer answers a child understands");
        assertThat(messages.get(1).path("role").asText()).isEqualTo("user");
        assertThat(messages.get(1).path("content").asText()).isEqualTo("Explain superposition");
        assertThat(messages.get(2).path("role").asText()).isEqualTo("assistant");
        assertThat(messages.get(2).path("content").asText()).isEqualTo("Like a spinning coin.");
        assertThat(json.has("input")).isFalse();
        assertThat(s.header("Authorization")).as("no key configured").isNull();
    }

    @Test
    void speaks_http_1_1_without_an_http2_upgrade() {
        PoolingRewardModel m = model(builder());
        m.score(text("c", "p", "r"));
        FakePoolingServer.Seen s = server.requests().get(0);
        assertThat(s.protocol()).isEqualTo("HTTP/1.1");
        // an HTTP/2 client on http:// asks to upgrade to h2c, which uvicorn answers by dropping the body
        assertThat(s.header("Upgrade")).isNull();
        assertThat(s.header("HTTP2-Settings")).isNull();
        assertThat(s.raw()).isNotEmpty();
    }

    @Test
    void leaves_out_model_and_blank_criterion() {
        PoolingRewardModel m = model(PoolingRewardModel.builder().setEndpoint(server.baseUrl() + "/"));
        m.score(text("  ", "p", "resp"));
        JsonNode json = server.requests().get(0).json();
        assertThat(json.has("model")).isFalse();
        assertThat(json.path("messages")).hasSize(2);
        assertThat(json.path("messages").get(0).path("role").asText()).isEqualTo("user");
    }

    @Test
    void batch_results_come_back_in_request_order_even_when_answers_arrive_out_of_order() {
        // later requests are answered sooner, so completion order is roughly reversed
        server.respond(s -> FakePoolingServer.lengthScore(s)
                .after(Math.max(
                        0,
                        120
                                - 10L
                                        * s.message("assistant")
                                                .path("content")
                                                .asText()
                                                .length())));
        PoolingRewardModel m = model(builder().optParallel(6));
        List<ScoringRequest> batch = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            batch.add(text("c", "p" + i, "x".repeat(i)));
        }
        double[] scores = m.scores(batch);
        assertThat(scores).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        assertThat(server.requests()).hasSize(12);
    }

    @Test
    void keeps_at_most_parallel_requests_in_flight() {
        server.respond(s -> FakePoolingServer.lengthScore(s).after(80));
        PoolingRewardModel m = model(builder().optParallel(3));
        List<ScoringRequest> batch = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            batch.add(text("c", "p", "r" + i));
        }
        m.scores(batch);
        assertThat(server.requests()).hasSize(15);
        assertThat(server.maxInFlight()).isLessThanOrEqualTo(3).isGreaterThanOrEqualTo(2);
    }

    @Test
    void the_bound_holds_across_concurrent_batches() throws Exception {
        server.respond(s -> FakePoolingServer.lengthScore(s).after(60));
        PoolingRewardModel m = model(builder().optParallel(2));
        List<Thread> threads = new ArrayList<>();
        AtomicInteger done = new AtomicInteger();
        for (int t = 0; t < 3; t++) {
            Thread th = new Thread(() -> {
                m.scores(List.of(text("c", "p", "a"), text("c", "p", "bb"), text("c", "p", "ccc")));
                done.incrementAndGet();
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join(10_000);
        }
        assertThat(done.get()).isEqualTo(3);
        assertThat(server.requests()).hasSize(9);
        assertThat(server.maxInFlight()).isLessThanOrEqualTo(2);
    }

    @Test
    void sends_the_api_key_as_bearer_and_keeps_it_out_of_an_authentication_error() {
        // a careless server that echoes the credentials it refused
        server.respond(s -> new Reply(
                401,
                "{\"error\":{\"message\":\"invalid key " + s.header("Authorization")
                        + "\",\"type\":\"Unauthorized\",\"code\":401}}",
                Map.of(),
                0));
        PoolingRewardModel m = model(builder().optApiKey(KEY, "$OMNI_REWARD_API_KEY"));

        AuthenticationException e =
                catchThrowableOfType(AuthenticationException.class, () -> m.score(text("c", "p", "r")));

        assertThat(server.requests().get(0).header("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(e.isRetriable()).isFalse();
        assertThat(e.getMessage())
                .contains("401")
                .contains("invalid key")
                .contains("$OMNI_REWARD_API_KEY")
                .doesNotContain(KEY)
                .doesNotContain("SECRET");
        assertThat(String.valueOf(e.getCause())).doesNotContain(KEY);
    }

    @Test
    void forbidden_is_an_authentication_error_too() {
        server.respond(s -> new Reply(403, "{\"detail\":\"Forbidden\"}", Map.of(), 0));
        PoolingRewardModel m = model(builder());
        assertThatThrownBy(() -> m.score(text("c", "p", "r")))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("403")
                .hasMessageContaining("Forbidden")
                .hasMessageContaining("no API key was sent");
    }

    @Test
    void other_client_errors_are_not_retriable_and_quote_the_server_with_the_key_masked() {
        server.respond(s -> new Reply(
                400,
                "{\"object\":\"error\",\"message\":\"This model's maximum context length is " + "4096 tokens (key "
                        + s.header("Authorization") + ")\",\"type\":\"BadRequestError\",\"code\":400}",
                Map.of(),
                0));
        PoolingRewardModel m = model(builder().optApiKey(KEY, "$K"));
        NonRetriableException e = catchThrowableOfType(NonRetriableException.class, () -> m.score(text("c", "p", "r")));
        assertThat(e.getMessage())
                .contains("HTTP 400")
                .contains("maximum context length is 4096 tokens")
                .contains("Bearer ***")
                .doesNotContain(KEY);
    }

    @Test
    void a_long_error_body_is_shortened() {
        server.respond(s -> new Reply(422, "detail " + "x".repeat(5000), Map.of(), 0));
        PoolingRewardModel m = model(builder());
        NonRetriableException e = catchThrowableOfType(NonRetriableException.class, () -> m.score(text("c", "p", "r")));
        assertThat(e.getMessage()).contains("HTTP 422").contains("(5007 chars)");
        assertThat(e.getMessage().length()).isLessThan(400);
    }

    @Test
    void rate_limiting_carries_the_retry_after_wait() {
        server.respond(s -> new Reply(429, "{\"error\":{\"message\":\"slow down\"}}", Map.of("Retry-After", "7"), 0));
        PoolingRewardModel m = model(builder());
        RateLimitedException e = catchThrowableOfType(RateLimitedException.class, () -> m.score(text("c", "p", "r")));
        assertThat(e.isRetriable()).isTrue();
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(e.getMessage()).contains("429").contains("slow down");
    }

    @Test
    void server_errors_are_retriable() {
        server.respond(s -> new Reply(500, "{\"error\":{\"message\":\"CUDA out of memory\"}}", Map.of(), 0));
        PoolingRewardModel m = model(builder());
        assertThatThrownBy(() -> m.score(text("c", "p", "r")))
                .isInstanceOf(RetriableException.class)
                .isNotInstanceOf(RateLimitedException.class)
                .hasMessageContaining("HTTP 500")
                .hasMessageContaining("CUDA out of memory");
    }

    @Test
    void a_missing_endpoint_says_how_to_serve_one() {
        PoolingRewardModel m = model(PoolingRewardModel.builder().setEndpoint(server.baseUrl() + "/v1/pooling"));
        assertThatThrownBy(() -> m.score(text("c", "p", "r")))
                .isInstanceOf(NonRetriableException.class)
                .hasMessageContaining("HTTP 404")
                .hasMessageContaining("--runner pooling");
    }

    @Test
    void an_unparseable_200_body_is_retriable() {
        server.respond(s -> Reply.ok("{\"data\":[{\"index\":0,\"data\":[1.5"));
        PoolingRewardModel m = model(builder());
        assertThatThrownBy(() -> m.score(text("c", "p", "r")))
                .isInstanceOf(RetriableException.class)
                .hasMessageContaining("not JSON");
    }

    @Test
    void a_200_body_of_another_shape_is_not_retriable() {
        server.respond(s -> Reply.ok("{\"rewards\":[0.3]}"));
        PoolingRewardModel m = model(builder());
        assertThatThrownBy(() -> m.score(text("c", "p", "r")))
                .isInstanceOf(NonRetriableException.class)
                .hasMessageContaining("\"data\"")
                .hasMessageContaining("rewards");
    }

    @Test
    void a_nan_reward_is_reported_as_a_non_finite_score() {
        server.respond(s -> Reply.ok(FakePoolingServer.poolingResponse("[NaN]")));
        PoolingRewardModel m = model(builder());
        assertThatThrownBy(() -> m.score(text("c", "p", "r")))
                .isInstanceOf(NonRetriableException.class)
                .hasMessageContaining("non-finite");
    }

    @Test
    void token_level_rewards_give_the_last_tokens_value() {
        server.respond(s -> Reply.ok(FakePoolingServer.poolingResponse("[[0.1],[0.2],[-3.25]]")));
        PoolingRewardModel m = model(builder());
        assertThat(m.score(text("c", "p", "r"))).isEqualTo(-3.25);
    }

    @Test
    void a_request_that_outlives_the_timeout_is_retriable() {
        server.respond(s -> FakePoolingServer.lengthScore(s).after(3_000));
        PoolingRewardModel m = model(builder().optRequestTimeout(Duration.ofMillis(300)));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> m.score(text("c", "p", "r")))
                .isInstanceOf(RetriableException.class)
                .hasMessageContaining("timed out")
                .hasMessageContaining("0.300 s");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(2_500));
    }

    @Test
    void a_refused_connection_is_retriable() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        PoolingRewardModel m = model(PoolingRewardModel.builder().setEndpoint("http://127.0.0.1:" + port));
        assertThatThrownBy(() -> m.score(text("c", "p", "r")))
                .isInstanceOf(RetriableException.class)
                .hasMessageContaining("127.0.0.1:" + port);
    }

    @Test
    void one_bad_request_fails_the_batch_with_the_non_retriable_error_first() {
        server.respond(s -> {
            String r = s.message("assistant").path("content").asText();
            if (r.equals("busy")) {
                return new Reply(503, "{\"error\":{\"message\":\"overloaded\"}}", Map.of(), 0);
            }
            if (r.equals("too long")) {
                return new Reply(400, "{\"error\":{\"message\":\"too many tokens\"}}", Map.of(), 40);
            }
            return FakePoolingServer.lengthScore(s);
        });
        PoolingRewardModel m = model(builder().optParallel(4));
        assertThatThrownBy(() ->
                        m.scores(List.of(text("c", "p", "busy"), text("c", "p", "too long"), text("c", "p", "fine"))))
                .isInstanceOf(NonRetriableException.class)
                .hasMessageContaining("too many tokens");
    }

    @Test
    void refuses_tasks_without_text_responses_before_sending_anything() {
        PoolingRewardModel m = model(builder());
        assertThat(m.supportedTasks()).containsExactlyInAnyOrder(Task.T2T, Task.TI2T, Task.TV2T, Task.TA2T);
        ScoringRequest t2i = new ScoringRequest(
                Task.T2I,
                "c",
                "a cat",
                List.of(),
                Response.media(MediaRef.ofBytes(new byte[] {1, 2}, "cat.png", Modality.IMAGE)));
        assertThatThrownBy(() -> m.scores(List.of(text("c", "p", "r"), t2i)))
                .isInstanceOf(UnsupportedTaskException.class)
                .hasMessageContaining("t2i");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void input_images_are_not_sent_by_default() {
        PoolingRewardModel m = model(builder());
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 1};
        m.score(new ScoringRequest(
                Task.TI2T,
                "c",
                "What is in the picture?",
                List.of(MediaRef.ofBytes(png, "in.png", Modality.IMAGE)),
                Response.text("a cat")));
        JsonNode user = server.requests().get(0).message("user");
        assertThat(user.path("content").isTextual()).isTrue();
        assertThat(user.path("content").asText()).isEqualTo("What is in the picture?");
    }

    @Test
    void media_image_sends_ti2t_images_as_data_uris() {
        PoolingRewardModel m = model(builder().optSendImages(true));
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 1};
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 7};
        double score = m.score(new ScoringRequest(
                Task.TI2T,
                "c",
                "What is in the picture?",
                List.of(MediaRef.ofBytes(png, "in.png", Modality.IMAGE), MediaRef.ofBytes(jpeg, "raw", Modality.IMAGE)),
                Response.text("a cat")));
        assertThat(score).isEqualTo(5);
        JsonNode content = server.requests().get(0).message("user").path("content");
        assertThat(content).hasSize(3);
        assertThat(content.get(0).path("type").asText()).isEqualTo("image_url");
        assertThat(content.get(0).path("image_url").path("url").asText())
                .isEqualTo("data:image/png;base64," + Base64.getEncoder().encodeToString(png));
        assertThat(content.get(1).path("image_url").path("url").asText())
                .isEqualTo("data:image/jpeg;base64," + Base64.getEncoder().encodeToString(jpeg));
        assertThat(content.get(2).path("type").asText()).isEqualTo("text");
        assertThat(content.get(2).path("text").asText()).isEqualTo("What is in the picture?");
    }

    @Test
    void an_input_image_of_an_unknown_type_fails_only_its_item_and_the_others_are_sent() {
        PoolingRewardModel m = model(builder().optSendImages(true));
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 1};
        ScoringRequest good = new ScoringRequest(
                Task.TI2T,
                "c",
                "What is it?",
                List.of(MediaRef.ofBytes(png, "in.png", Modality.IMAGE)),
                Response.text("a cat"));
        ScoringRequest bad = new ScoringRequest(
                Task.TI2T,
                "c",
                "What is it?",
                List.of(MediaRef.ofBytes(new byte[] {1, 2, 3}, "in.tiff", Modality.IMAGE)),
                Response.text("a dog"));
        List<org.omnireward.core.ScoreResult> results = m.scoreBatch(List.of(good, bad, good));
        assertThat(results).extracting(org.omnireward.core.ScoreResult::ok).containsExactly(true, false, true);
        assertThat(results.get(1).error())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("in.tiff")
                .hasMessageContaining("not PNG, JPEG, GIF, WebP or BMP");
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void the_provider_builds_the_model_from_a_spec_through_the_service_loader() {
        // api-key-env=none: the test must not send whatever key this machine's environment holds
        try (RewardModel rm = RewardModels.create(ModelSpec.parse(
                "pooling:" + server.baseUrl() + "#OmniRewardModel-BT",
                Map.of("api-key-env", "none", "parallel", "2")))) {
            assertThat(rm).isInstanceOf(PoolingRewardModel.class);
            assertThat(rm.name()).isEqualTo("pooling:" + server.baseUrl() + "/pooling#OmniRewardModel-BT");
            double s = ((PoolingRewardModel) rm).score("c", "p", "four");
            assertThat(s).isEqualTo(4);
            assertThat(server.requests().get(0).json().path("model").asText()).isEqualTo("OmniRewardModel-BT");
        }
    }
}
