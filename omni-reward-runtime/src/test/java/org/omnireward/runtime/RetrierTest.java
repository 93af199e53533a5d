package org.omnireward.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.omnireward.core.AuthenticationException;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.RateLimitedException;
import org.omnireward.core.RefusedException;
import org.omnireward.core.RetriableException;
import org.omnireward.core.TruncatedOutputException;
import org.omnireward.core.UnparseableOutputException;

class RetrierTest {

    private final List<Duration> waits = new ArrayList<>();
    /** base 100 ms, cap 1 s, jitter 1.0: waits are exactly the ceilings 100, 200, 400, ... */
    private final RetryPolicy policy =
            new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(1), waits::add, () -> 1.0);

    @Test
    void a_retriable_failure_is_retried_up_to_max_attempts_with_the_policy_waits() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CallOutcome<String> out = new Retrier(policy).call(() -> {
            calls.incrementAndGet();
            throw new RetriableException("timeout");
        });
        assertThat(calls).hasValue(4);
        assertThat(out.ok()).isFalse();
        assertThat(out.exhausted()).isTrue();
        assertThat(out.attempts()).isEqualTo(4);
        assertThat(out.error()).isInstanceOf(RetriableException.class).hasMessage("timeout");
        assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
        assertThat(out.errorMessage()).isEqualTo("timeout (after 4 attempts)");
    }

    @Test
    void a_call_that_recovers_returns_the_value_and_the_attempt_count() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CallOutcome<String> out = new Retrier(policy).call(() -> {
            if (calls.incrementAndGet() < 3) {
                throw new RetriableException("503");
            }
            return "verdict";
        });
        assertThat(out.ok()).isTrue();
        assertThat(out.value()).isEqualTo("verdict");
        assertThat(out.attempts()).isEqualTo(3);
        assertThat(out.errorMessage()).isNull();
        assertThat(waits).hasSize(2);
    }

    @Test
    void a_rate_limit_retry_after_is_honoured_when_longer_than_the_backoff() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        new Retrier(policy).call(() -> {
            int n = calls.incrementAndGet();
            if (n == 1) {
                throw new RateLimitedException("429", Duration.ofSeconds(7));
            }
            if (n == 2) {
                throw new RateLimitedException("429", Duration.ofMillis(10)); // shorter than the backoff
            }
            if (n == 3) {
                throw new RateLimitedException("429", null);
            }
            return 1;
        });
        assertThat(waits).containsExactly(Duration.ofSeconds(7), Duration.ofMillis(200), Duration.ofMillis(400));
    }

    @Test
    void a_non_retriable_failure_ends_the_call_at_once() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CallOutcome<String> out = new Retrier(policy).call(() -> {
            calls.incrementAndGet();
            throw new InvalidInputException("image too large");
        });
        assertThat(calls).hasValue(1);
        assertThat(waits).isEmpty();
        assertThat(out.exhausted()).isFalse();
        assertThat(out.attempts()).isEqualTo(1);
        assertThat(out.errorMessage()).isEqualTo("image too large");
    }

    @Test
    void a_foreign_exception_ends_the_call_at_once_and_is_described_with_its_type() throws Exception {
        CallOutcome<String> out = new Retrier(policy).call(() -> {
            throw new IllegalStateException("bug");
        });
        assertThat(out.attempts()).isEqualTo(1);
        assertThat(waits).isEmpty();
        assertThat(out.errorMessage()).isEqualTo("IllegalStateException: bug");
    }

    @Test
    void an_authentication_failure_is_thrown_not_recorded() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> new Retrier(policy).call(() -> {
                    calls.incrementAndGet();
                    throw new AuthenticationException("401 from the API");
                }))
                .isInstanceOf(AuthenticationException.class)
                .hasMessage("401 from the API");
        assertThat(calls).hasValue(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void raw_outputs_of_unparseable_attempts_are_collected_in_order() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CallOutcome<String> out = new Retrier(policy).call(() -> {
            int n = calls.incrementAndGet();
            if (n == 2) {
                throw new RetriableException("timeout"); // no raw output
            }
            if (n == 3) {
                throw new UnparseableOutputException("no verdict", null);
            }
            throw new UnparseableOutputException("no verdict", "attempt " + n);
        });
        assertThat(out.rawOutputs()).containsExactly("attempt 1", "attempt 4");
        assertThat(out.exhausted()).isTrue();
    }

    @Test
    void raw_outputs_are_kept_when_a_later_attempt_succeeds() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CallOutcome<String> out = new Retrier(policy).call(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new UnparseableOutputException("no verdict", "I think both");
            }
            return "ok";
        });
        assertThat(out.ok()).isTrue();
        assertThat(out.rawOutputs()).containsExactly("I think both");
    }

    @Test
    void an_aborted_retrier_stops_before_waiting_with_an_interrupted_exception() {
        AtomicBoolean aborted = new AtomicBoolean();
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> new Retrier(policy, aborted::get).call(() -> {
                    calls.incrementAndGet();
                    aborted.set(true);
                    throw new RetriableException("timeout");
                }))
                .isInstanceOf(InterruptedException.class);
        assertThat(calls).hasValue(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void an_interrupted_thread_stops_before_waiting() {
        try {
            Thread.currentThread().interrupt();
            assertThatThrownBy(() -> new Retrier(policy).call(() -> {
                        throw new RetriableException("timeout");
                    }))
                    .isInstanceOf(InterruptedException.class);
            assertThat(waits).isEmpty();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void one_attempt_means_no_retry_and_the_message_says_after_1_attempt() throws Exception {
        CallOutcome<String> out = new Retrier(policy.withMaxAttempts(1)).call(() -> {
            throw new RetriableException("timeout");
        });
        assertThat(out.errorMessage()).isEqualTo("timeout (after 1 attempt)");
        assertThat(waits).isEmpty();
    }

    @Test
    void a_truncated_answer_is_not_retried_by_default_and_keeps_its_output() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CallOutcome<String> out = new Retrier(policy).call(() -> {
            calls.incrementAndGet();
            throw new TruncatedOutputException("cut off", "<think>A looks [[B]]", "length");
        });
        assertThat(calls).hasValue(1);
        assertThat(out.exhausted()).isFalse();
        assertThat(out.error()).isInstanceOf(TruncatedOutputException.class);
        assertThat(out.rawOutputs()).containsExactly("<think>A looks [[B]]");
    }

    @Test
    void with_retry_truncated_a_truncated_answer_is_retried_like_a_transient_failure() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CallOutcome<String> out = new Retrier(policy.withRetryTruncated(true)).call(() -> {
            if (calls.incrementAndGet() < 3) {
                throw new TruncatedOutputException("cut off", "attempt " + calls.get(), "length");
            }
            return "verdict";
        });
        assertThat(out.ok()).isTrue();
        assertThat(out.attempts()).isEqualTo(3);
        assertThat(out.rawOutputs()).containsExactly("attempt 1", "attempt 2");
        assertThat(policy.withRetryTruncated(true).withMaxAttempts(2).retryTruncated())
                .isTrue();
    }

    @Test
    void a_refusal_is_never_retried_and_its_text_is_kept() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CallOutcome<String> out = new Retrier(policy.withRetryTruncated(true)).call(() -> {
            calls.incrementAndGet();
            throw new RefusedException("refused", "I can't help with that.", "stop");
        });
        assertThat(calls).hasValue(1);
        assertThat(out.rawOutputs()).containsExactly("I can't help with that.");
    }
}
