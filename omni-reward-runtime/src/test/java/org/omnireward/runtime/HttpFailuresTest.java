package org.omnireward.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.omnireward.core.AuthenticationException;
import org.omnireward.core.NonRetriableException;
import org.omnireward.core.RateLimitedException;
import org.omnireward.core.RetriableException;

class HttpFailuresTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-03T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void retry_after_is_read_as_seconds_or_as_an_http_date() {
        assertThat(HttpFailures.parseRetryAfter("7", CLOCK)).contains(Duration.ofSeconds(7));
        assertThat(HttpFailures.parseRetryAfter(" 1.5 ", CLOCK)).contains(Duration.ofMillis(1500));
        assertThat(HttpFailures.parseRetryAfter("Tue, 03 Nov 2026 10:00:30 GMT", CLOCK))
                .contains(Duration.ofSeconds(30));
        assertThat(HttpFailures.parseRetryAfter("Tue, 03 Nov 2026 09:00:00 GMT", CLOCK))
                .contains(Duration.ZERO);
        assertThat(HttpFailures.parseRetryAfter("-3", CLOCK)).isEmpty();
        assertThat(HttpFailures.parseRetryAfter("", CLOCK)).isEmpty();
        assertThat(HttpFailures.parseRetryAfter("tomorrow", CLOCK)).isEmpty();
    }

    @Test
    void statuses_map_to_the_exception_kinds_with_the_hints() {
        assertThat(HttpFailures.forStatus(401, "svc", "no", null, "key from $K", "nf"))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("unauthorized")
                .hasMessageContaining("$K");
        assertThat(HttpFailures.forStatus(429, "svc", "slow down", Duration.ofSeconds(2), "k", "nf"))
                .isInstanceOf(RateLimitedException.class)
                .hasMessageContaining("retry after 2.0 s");
        assertThat(HttpFailures.forStatus(503, "svc", "busy", null, "k", "nf")).isInstanceOf(RetriableException.class);
        assertThat(HttpFailures.forStatus(404, "svc", "?", null, "k", "check the URL"))
                .isInstanceOf(NonRetriableException.class)
                .hasMessageContaining("check the URL");
        assertThat(HttpFailures.forStatus(400, "svc", "bad", null, "k", "nf"))
                .isInstanceOf(NonRetriableException.class)
                .hasMessage("svc answered HTTP 400: bad");
    }

    @Test
    void connection_failures_are_retriable_and_never_show_the_key() {
        assertThat(HttpFailures.forConnectionFailure(new ConnectException(), "svc", "sk-123456")
                        .getMessage())
                .isEqualTo("svc: cannot connect (connection refused)");
        assertThat(HttpFailures.forConnectionFailure(new IOException("reset near sk-123456"), "svc", "sk-123456")
                        .getMessage())
                .isEqualTo("svc: connection failed (IOException: reset near ***)");
        assertThat(HttpFailures.redact("a sk-123456 b", "sk-123456")).isEqualTo("a *** b");
        assertThat(HttpFailures.redact("abc", "ab"))
                .as("too short to mask safely")
                .isEqualTo("abc");
    }
}
