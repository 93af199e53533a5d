package org.omnireward.scalar.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.omnireward.core.AuthenticationException;
import org.omnireward.core.NonRetriableException;
import org.omnireward.core.OmniRewardException;
import org.omnireward.core.RateLimitedException;
import org.omnireward.core.RetriableException;

class HttpFailuresTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-03T10:00:00Z"), ZoneOffset.UTC);
    private static final String EP = "http://h:1/pooling";

    private static OmniRewardException status(int code, String retryAfter) {
        return HttpFailures.forStatus(code, EP, "text", Optional.ofNullable(retryAfter), "hint", CLOCK);
    }

    @Test
    void maps_statuses_to_the_exception_kinds() {
        assertThat(status(401, null)).isInstanceOf(AuthenticationException.class);
        assertThat(status(403, null)).isInstanceOf(AuthenticationException.class);
        assertThat(status(429, null)).isInstanceOf(RateLimitedException.class);
        assertThat(status(408, null)).isInstanceOf(RetriableException.class);
        assertThat(status(500, null)).isInstanceOf(RetriableException.class);
        assertThat(status(503, null)).isInstanceOf(RetriableException.class);
        assertThat(status(400, null)).isInstanceOf(NonRetriableException.class);
        assertThat(status(413, null)).isInstanceOf(NonRetriableException.class);
        assertThat(status(302, null)).isInstanceOf(NonRetriableException.class);
        assertThat(status(400, null).getMessage())
                .contains(EP)
                .contains("HTTP 400")
                .contains("text");
        assertThat(status(401, null).getMessage()).contains("hint");
    }

    @Test
    void a_429_without_retry_after_has_no_wait() {
        assertThat(((RateLimitedException) status(429, null)).retryAfter()).isEmpty();
        assertThat(((RateLimitedException) status(429, "soon")).retryAfter()).isEmpty();
        assertThat(((RateLimitedException) status(429, "12")).retryAfter()).contains(Duration.ofSeconds(12));
    }

    @Test
    void io_failures_are_retriable_and_say_which_timeout_to_raise() {
        Duration connect = Duration.ofSeconds(10);
        Duration request = Duration.ofMillis(2500);
        assertThat(HttpFailures.forIoFailure(new HttpConnectTimeoutException("x"), EP, connect, request)
                        .getMessage())
                .contains("could not connect within 10 s")
                .contains("connect-timeout");
        assertThat(HttpFailures.forIoFailure(new HttpTimeoutException("x"), EP, connect, request)
                        .getMessage())
                .contains("no answer within 2.500 s")
                .contains("option timeout");
        assertThat(HttpFailures.forIoFailure(new ConnectException(), EP, connect, request)
                        .getMessage())
                .contains("cannot connect")
                .contains("connection refused");
        RetriableException other = HttpFailures.forIoFailure(new IOException("reset"), EP, connect, request);
        assertThat(other.isRetriable()).isTrue();
        assertThat(other.getMessage()).contains("reset").contains(EP);
    }
}
