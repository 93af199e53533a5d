package org.omnireward.scalar.remote;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import org.omnireward.core.AuthenticationException;
import org.omnireward.core.NonRetriableException;
import org.omnireward.core.OmniRewardException;
import org.omnireward.core.RateLimitedException;
import org.omnireward.core.RetriableException;

/**
 * Maps HTTP outcomes of a remote model call to the toolkit's exceptions: 401/403 →
 * {@link AuthenticationException}; 429 → {@link RateLimitedException} with the {@code Retry-After}
 * wait; 408 and 5xx, timeouts and connection failures → {@link RetriableException}; any other status
 * → {@link NonRetriableException} with the server's error text, shortened. Messages carry the
 * endpoint and status but never request headers; callers redact the API key from server text.
 */
final class HttpFailures {

    private HttpFailures() {
    }

    /**
     * The exception for a non-2xx answer.
     *
     * @param serverText the server's error text, already redacted
     * @param retryAfter the {@code Retry-After} header, if any
     * @param keyHint how the credentials were chosen, for 401/403 (never the key itself)
     */
    static OmniRewardException forStatus(int status, String endpoint, String serverText, Optional<String> retryAfter,
                                         String keyHint, Clock clock) {
        String head = "pooling server " + endpoint + " answered HTTP " + status;
        if (status == 401 || status == 403) {
            return new AuthenticationException(head + " (" + (status == 401 ? "unauthorized" : "forbidden")
                    + "): " + serverText + "; " + keyHint);
        }
        if (status == 429) {
            Duration wait = retryAfter.flatMap(v -> parseRetryAfter(v, clock)).orElse(null);
            return new RateLimitedException(head + " (rate limited" + (wait == null ? ""
                    : ", retry after " + wait.toMillis() / 1000.0 + " s") + "): " + serverText, wait);
        }
        if (status == 408 || status >= 500) {
            return new RetriableException(head + ": " + serverText);
        }
        if (status == 404) {
            return new NonRetriableException(head + " (not found): " + serverText
                    + "; is it a vLLM server with a pooling model (vllm serve MODEL --runner pooling)? "
                    + "The model spec is pooling:<base-url>#<model>, and requests go to <base-url>/pooling");
        }
        return new NonRetriableException(head + ": " + serverText);
    }

    /** The exception for a call that got no HTTP answer. */
    static RetriableException forIoFailure(IOException e, String endpoint, Duration connectTimeout, Duration requestTimeout) {
        if (e instanceof HttpConnectTimeoutException) {
            return new RetriableException("pooling server " + endpoint + ": could not connect within "
                    + seconds(connectTimeout) + " (model option connect-timeout)", e);
        }
        if (e instanceof HttpTimeoutException) {
            return new RetriableException("pooling server " + endpoint + " timed out: no answer within "
                    + seconds(requestTimeout) + " (model option timeout)", e);
        }
        if (e instanceof ConnectException) {
            return new RetriableException("pooling server " + endpoint + ": cannot connect ("
                    + (e.getMessage() == null ? "connection refused" : e.getMessage()) + ")", e);
        }
        return new RetriableException("pooling server " + endpoint + ": connection failed ("
                + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
    }

    /**
     * A {@code Retry-After} value: delta-seconds ({@code 7}, also {@code 1.5} as some servers send) or an
     * HTTP date (RFC 1123), as a wait from now (zero when the date has passed). Empty when unreadable.
     */
    static Optional<Duration> parseRetryAfter(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.trim();
        try {
            double secs = Double.parseDouble(v);
            if (!Double.isFinite(secs) || secs < 0) {
                return Optional.empty();
            }
            return Optional.of(Duration.ofMillis(Math.round(secs * 1000)));
        } catch (NumberFormatException e) {
            // not a number: try a date
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(clock.instant(), at);
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : String.format(Locale.ROOT, "%.3f s", d.toMillis() / 1000.0);
    }
}
