package org.omnireward.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.omnireward.core.RateLimitedException;
import org.omnireward.core.RetriableException;

class RetryPolicyTest {

    private final RetriableException timeout = new RetriableException("timeout");

    @Test
    void defaults_are_five_attempts_500_ms_base_and_30_s_cap() {
        RetryPolicy p = RetryPolicy.defaults();
        assertThat(p.maxAttempts()).isEqualTo(5);
        assertThat(p.baseDelay()).isEqualTo(Duration.ofMillis(500));
        assertThat(p.maxDelay()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void the_backoff_ceiling_doubles_per_failure_up_to_the_cap() {
        RetryPolicy p = RetryPolicy.defaults();
        assertThat(p.ceiling(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(p.ceiling(2)).isEqualTo(Duration.ofMillis(1000));
        assertThat(p.ceiling(3)).isEqualTo(Duration.ofMillis(2000));
        assertThat(p.ceiling(7)).isEqualTo(Duration.ofMillis(30_000)); // 32 s capped
        assertThat(p.ceiling(200)).isEqualTo(Duration.ofMillis(30_000)); // no overflow
    }

    @Test
    void full_jitter_scales_the_ceiling_by_a_uniform_draw() {
        RetryPolicy low = RetryPolicy.defaults().withJitter(() -> 0.0);
        RetryPolicy high = RetryPolicy.defaults().withJitter(() -> 0.999);
        RetryPolicy mid = RetryPolicy.defaults().withJitter(() -> 0.25);
        assertThat(low.delayAfter(3, timeout)).isEqualTo(Duration.ZERO);
        assertThat(high.delayAfter(3, timeout)).isEqualTo(Duration.ofMillis(1998));
        assertThat(mid.delayAfter(3, timeout)).isEqualTo(Duration.ofMillis(500));
        // real jitter stays within [0, ceiling]
        RetryPolicy real = RetryPolicy.defaults();
        for (int i = 0; i < 200; i++) {
            assertThat(real.delayAfter(2, timeout)).isBetween(Duration.ZERO, Duration.ofMillis(1000));
        }
    }

    @Test
    void a_server_asked_wait_is_honoured_even_beyond_the_cap() {
        RetryPolicy p = RetryPolicy.defaults().withJitter(() -> 0.5);
        assertThat(p.delayAfter(1, new RateLimitedException("429", Duration.ofSeconds(45))))
                .isEqualTo(Duration.ofSeconds(45));
        // a shorter asked wait does not shorten the backoff
        assertThat(p.delayAfter(4, new RateLimitedException("429", Duration.ofMillis(10))))
                .isEqualTo(Duration.ofMillis(2000));
        assertThat(p.delayAfter(1, new RateLimitedException("429", null))).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void rejects_fewer_than_one_attempt() {
        assertThatThrownBy(() -> RetryPolicy.defaults().withMaxAttempts(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }
}
