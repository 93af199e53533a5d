package org.omnireward.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.AuthenticationException;
import org.omnireward.core.NonRetriableException;
import org.omnireward.core.PairwiseRequest;
import org.omnireward.core.Preference;
import org.omnireward.core.RateLimitedException;
import org.omnireward.core.RefusedException;
import org.omnireward.core.RetriableException;
import org.omnireward.core.Task;
import org.omnireward.core.TruncatedOutputException;
import org.omnireward.core.UnparseableOutputException;
import org.omnireward.core.Verdict;
import org.omnireward.judge.FakeChatServer.Reply;
import org.omnireward.runtime.CallOutcome;
import org.omnireward.runtime.Retrier;
import org.omnireward.runtime.RetryPolicy;

/** HTTP failures, replies the judge cannot read, and retries, against a scripted chat server. */
class JudgeTransportIT {

    @TempDir
    Path dir;

    private FakeChatServer server;
    private PairwiseRequest request;

    @BeforeEach
    void start() throws Exception {
        server = new FakeChatServer();
        request = TestMedia.request(Task.T2T, dir, true);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ChatJudge judge(Map<String, String> options) {
        java.util.Map<String, String> m = new java.util.HashMap<>(options);
        m.putIfAbsent("cache", "false");
        return TestMedia.judge(server, dir.resolve("cache"), m, Map.of("OPENAI_API_KEY", "sk-secret-key-42"));
    }

    @Test
    void a_429_is_rate_limited_with_the_retry_after_wait() {
        server.then(Reply.status(429, "{\"error\":{\"message\":\"slow down\"}}", Map.of("Retry-After", "7")));
        try (ChatJudge j = judge(Map.of())) {
            assertThatThrownBy(() -> j.judge(request))
                    .isInstanceOf(RateLimitedException.class)
                    .hasMessageContaining("HTTP 429")
                    .hasMessageContaining("slow down")
                    .satisfies(e ->
                            assertThat(((RateLimitedException) e).retryAfter()).contains(Duration.ofSeconds(7)));
        }
    }

    @Test
    void a_429_without_retry_after_has_no_wait() {
        server.then(Reply.status(429, "{}", Map.of()));
        try (ChatJudge j = judge(Map.of())) {
            assertThatThrownBy(() -> j.judge(request))
                    .isInstanceOf(RateLimitedException.class)
                    .satisfies(e ->
                            assertThat(((RateLimitedException) e).retryAfter()).isEmpty());
        }
    }

    @Test
    void a_500_is_retriable_and_not_a_rate_limit() {
        server.then(Reply.status(500, "{\"error\":\"engine crashed\"}", Map.of()));
        try (ChatJudge j = judge(Map.of())) {
            assertThatThrownBy(() -> j.judge(request))
                    .isInstanceOf(RetriableException.class)
                    .isNotInstanceOf(RateLimitedException.class)
                    .hasMessageContaining("HTTP 500")
                    .hasMessageContaining("engine crashed");
        }
    }

    @Test
    void a_401_is_an_authentication_error_that_never_shows_the_key() {
        server.then(Reply.status(401, "{\"error\":\"bad key sk-secret-key-42\"}", Map.of()));
        try (ChatJudge j = judge(Map.of())) {
            assertThatThrownBy(() -> j.judge(request))
                    .isInstanceOf(AuthenticationException.class)
                    .hasMessageContaining("HTTP 401")
                    .hasMessageContaining("$OPENAI_API_KEY")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("sk-secret-key-42"));
        }
        assertThat(server.last().header("Authorization")).isEqualTo("Bearer sk-secret-key-42");
    }

    @Test
    void a_400_is_not_retriable() {
        server.then(Reply.status(400, "{\"error\":\"Field required\"}", Map.of()));
        try (ChatJudge j = judge(Map.of())) {
            assertThatThrownBy(() -> j.judge(request))
                    .isInstanceOf(NonRetriableException.class)
                    .hasMessageContaining("HTTP 400")
                    .hasMessageContaining("Field required");
        }
    }

    @Test
    void a_slow_server_times_out_as_a_retriable_failure() {
        server.then(Reply.ok("[[A]]").delayed(3000));
        try (ChatJudge j = judge(Map.of("timeout", "300ms"))) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> j.judge(request))
                    .isInstanceOf(RetriableException.class)
                    .hasMessageContaining("timed out")
                    .hasMessageContaining("model option timeout");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(2500));
        }
    }

    @Test
    void malformed_json_is_retriable() {
        server.then(Reply.raw("{\"choices\": [ this is not json"));
        try (ChatJudge j = judge(Map.of())) {
            assertThatThrownBy(() -> j.judge(request))
                    .isInstanceOf(RetriableException.class)
                    .isNotInstanceOf(UnparseableOutputException.class);
        }
    }

    @Test
    void json_without_choices_is_retriable() {
        server.then(Reply.raw("{\"id\":\"x\",\"object\":\"chat.completion\"}"));
        try (ChatJudge j = judge(Map.of())) {
            assertThatThrownBy(() -> j.judge(request)).isInstanceOf(RetriableException.class);
        }
    }

    @Test
    void a_reply_without_a_verdict_is_unparseable_and_keeps_the_output() {
        server.then(Reply.ok("I cannot decide."));
        try (ChatJudge j = judge(Map.of())) {
            assertThatThrownBy(() -> j.judge(request))
                    .isInstanceOf(UnparseableOutputException.class)
                    .satisfies(e -> assertThat(((UnparseableOutputException) e).rawOutput())
                            .isEqualTo("I cannot decide."));
        }
    }

    @Test
    void a_reply_with_both_verdicts_is_unparseable() {
        server.then(Reply.ok("[[A]] no wait [[B]]"));
        try (ChatJudge j = judge(Map.of())) {
            assertThatThrownBy(() -> j.judge(request))
                    .isInstanceOf(UnparseableOutputException.class)
                    .hasMessageContaining("more than one verdict");
        }
    }

    @Test
    void a_boxed_verdict_is_read() {
        server.then(Reply.ok("B is right.\n\\boxed{B}"));
        try (ChatJudge j = judge(Map.of())) {
            Verdict v = j.judge(request);
            assertThat(v.preference()).isEqualTo(Preference.RESPONSE2);
            assertThat(v.rationale()).isEqualTo("B is right.");
            assertThat(v.rawOutput()).isEqualTo("B is right.\n\\boxed{B}");
        }
    }

    @Test
    void the_runtime_retrier_gets_through_429_500_and_unparseable_replies_keeping_raw_outputs() throws Exception {
        server.then(
                Reply.status(429, "{}", Map.of("Retry-After", "0")),
                Reply.status(503, "{}", Map.of()),
                Reply.ok("no verdict here"),
                Reply.ok("fine [[B]]"));
        RetryPolicy fast = RetryPolicy.defaults().withDelays(Duration.ofMillis(1), Duration.ofMillis(5));
        try (ChatJudge j = judge(Map.of())) {
            CallOutcome<Verdict> o = new Retrier(fast).call(() -> j.judge(request));
            assertThat(o.ok()).isTrue();
            assertThat(o.attempts()).isEqualTo(4);
            assertThat(o.value().preference()).isEqualTo(Preference.RESPONSE2);
            assertThat(o.rawOutputs()).containsExactly("no verdict here");
        }
        assertThat(server.requests()).hasSize(4);
    }

    @Test
    void max_attempts_retries_inside_the_judge_and_keeps_every_output_when_all_fail() {
        server.then(Reply.ok("hmm"), Reply.ok("[[A]]"));
        try (ChatJudge j = judge(Map.of("max-attempts", "3"))) {
            assertThat(j.judge(request).preference()).isEqualTo(Preference.RESPONSE1);
        }
        server.then(Reply.ok("one"), Reply.ok("two"), Reply.ok("three"));
        try (ChatJudge j = judge(Map.of("max-attempts", "3"))) {
            assertThatThrownBy(() -> j.judge(request))
                    .isInstanceOf(UnparseableOutputException.class)
                    .hasMessageContaining("3 attempts")
                    .satisfies(e -> assertThat(((UnparseableOutputException) e).rawOutput())
                            .isEqualTo(String.join(ChatJudge.ATTEMPT_SEPARATOR, List.of("one", "two", "three"))));
        }
        assertThat(server.requests()).hasSize(5);
    }

    // ---- replies as real servers shape them -------------------------------------------------------------

    private static Reply shaped(String finish, String... fields) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < fields.length; i += 2) {
            m.put(fields[i], fields[i + 1]);
        }
        return Reply.raw(FakeChatServer.completion(m, finish));
    }

    @Test
    void a_reasoning_model_without_a_reasoning_parser_is_read_after_its_think_block() {
        server.then(shaped(
                "stop",
                "content",
                "<think>\nA says [[A]] but B... maybe [[B]]. Criterion favours A.\n</think>\n\n"
                        + "A meets the criterion.\n[[A]]"));
        try (ChatJudge j = judge(Map.of())) {
            Verdict v = j.judge(request);
            assertThat(v.preference()).isEqualTo(Preference.RESPONSE1);
            assertThat(v.rationale()).isEqualTo("A meets the criterion.");
            assertThat(v.rawOutput()).startsWith("<think>");
            assertThat(v.finishReason()).isEqualTo("stop");
        }
    }

    @Test
    void vllm_reasoning_fields_are_reasoning_and_kept_in_the_raw_output() {
        server.then(
                shaped("stop", "content", "[[B]]", "reasoning", "Maybe [[A]]... no: B is right."),
                shaped("stop", "content", "\n\n[[A]]", "reasoning_content", "B? [[B]]? A."));
        try (ChatJudge j = judge(Map.of())) {
            Verdict v = j.judge(request);
            assertThat(v.preference()).isEqualTo(Preference.RESPONSE2);
            assertThat(v.rationale()).isEqualTo("Maybe [[A]]... no: B is right.");
            assertThat(v.rawOutput()).isEqualTo("<think>\nMaybe [[A]]... no: B is right.\n</think>\n[[B]]");
            assertThat(j.judge(request).preference()).isEqualTo(Preference.RESPONSE1);
        }
    }

    @Test
    void content_null_with_reasoning_cut_off_is_truncated_and_keeps_the_reasoning() {
        server.then(shaped("length", "content", null, "reasoning", "Let me compare [[A]] with"));
        try (ChatJudge j = judge(Map.of())) {
            assertThatThrownBy(() -> j.judge(request))
                    .isInstanceOf(TruncatedOutputException.class)
                    .satisfies(e -> {
                        TruncatedOutputException t = (TruncatedOutputException) e;
                        assertThat(t.rawOutput()).contains("Let me compare [[A]] with");
                        assertThat(t.finishReason()).isEqualTo("length");
                    });
        }
    }

    @Test
    void an_openai_refusal_is_refused_not_retried_and_keeps_its_text() throws Exception {
        server.then(shaped("stop", "content", null, "refusal", "I'm sorry, but I can't assist with that."));
        RetryPolicy fast = RetryPolicy.defaults().withDelays(Duration.ofMillis(1), Duration.ofMillis(5));
        try (ChatJudge j = judge(Map.of())) {
            CallOutcome<Verdict> o = new Retrier(fast).call(() -> j.judge(request));
            assertThat(o.error()).isInstanceOf(RefusedException.class);
            assertThat(o.attempts()).isEqualTo(1);
            assertThat(o.rawOutputs()).containsExactly("I'm sorry, but I can't assist with that.");
        }
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void a_401_body_is_quoted_with_every_secret_masked() {
        server.then(Reply.status(
                401,
                "{\"error\":{\"message\":\"Incorrect credentials: "
                        + "query key qs-9876543, user pw hunter2000\",\"type\":\"invalid_request_error\"}}",
                Map.of()));
        String base = server.baseUrl().replace("http://", "http://bob:hunter2000@") + "?token=qs-9876543";
        try (ChatJudge j = TestMedia.judge(
                server, dir.resolve("c"), Map.of("cache", "false", "base-url", base, "api-key-env", "NO_SUCH_KEY"))) {
            assertThatThrownBy(() -> j.judge(request))
                    .isInstanceOf(AuthenticationException.class)
                    .hasMessageContaining("Incorrect credentials: query key ***")
                    .hasMessageContaining("user pw ***")
                    .satisfies(e -> assertThat(e.getMessage())
                            .doesNotContain("qs-9876543")
                            .doesNotContain("hunter2000"));
        }
        assertThat(server.last().header("Authorization")).startsWith("Basic ");
    }

    @Test
    void a_key_echoed_in_the_reply_never_reaches_the_verdict() {
        server.then(Reply.ok("Your key is sk-secret-key-42. [[A]]"));
        try (ChatJudge j = judge(Map.of())) {
            Verdict v = j.judge(request);
            assertThat(v.rawOutput()).isEqualTo("Your key is ***. [[A]]");
            assertThat(v.rationale()).doesNotContain("sk-secret-key-42");
        }
    }
}
