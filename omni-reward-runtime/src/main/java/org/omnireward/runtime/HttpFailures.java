package org.omnireward.runtime;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.omnireward.core.AuthenticationException;
import org.omnireward.core.NonRetriableException;
import org.omnireward.core.OmniRewardException;
import org.omnireward.core.RateLimitedException;
import org.omnireward.core.RetriableException;

/**
 * One mapping from what a remote model's HTTP endpoint answered to the toolkit's exceptions, for
 * every client (chat judges, pooling servers): 401/403 → {@link AuthenticationException} with a
 * hint of where the key came from; 429 → {@link RateLimitedException} with the {@code Retry-After}
 * wait; 408 and 5xx → {@link RetriableException}; 404 → {@link NonRetriableException} with the
 * caller's hint of what to check; any other status → {@link NonRetriableException}. Messages name
 * the service and status and never carry request headers; {@link #redact} masks a key in server text.
 */
public final class HttpFailures {

    private HttpFailures() {}

    /**
     * The exception for a non-2xx answer.
     *
     * @param service how messages name the endpoint, e.g. {@code chat endpoint http://… (model m)}
     * @param serverText the server's error text, already redacted and shortened
     * @param wait the {@code Retry-After} wait (429), or null
     * @param keyHint how the credentials were chosen, for 401/403 (never the key itself)
     * @param notFoundHint what to check on a 404
     */
    public static OmniRewardException forStatus(
            int status, String service, String serverText, Duration wait, String keyHint, String notFoundHint) {
        String head = service + " answered HTTP " + status;
        if (status == 401 || status == 403) {
            return new AuthenticationException(
                    head + " (" + (status == 401 ? "unauthorized" : "forbidden") + "): " + serverText + "; " + keyHint);
        }
        if (status == 429) {
            return new RateLimitedException(
                    head + " (rate limited" + (wait == null ? "" : ", retry after " + wait.toMillis() / 1000.0 + " s")
                            + "): " + serverText,
                    wait);
        }
        if (status == 408 || status >= 500) {
            return new RetriableException(head + ": " + serverText);
        }
        if (status == 404) {
            return new NonRetriableException(head + " (not found): " + serverText + "; " + notFoundHint);
        }
        return new NonRetriableException(head + ": " + serverText);
    }

    /**
     * The exception for a call that got no HTTP answer and did not time out: a refused connection
     * or one that broke. {@code secret} is masked in the message.
     */
    public static RetriableException forConnectionFailure(IOException e, String service, String secret) {
        if (e instanceof ConnectException) {
            return new RetriableException(
                    service + ": cannot connect ("
                            + (e.getMessage() == null ? "connection refused" : redact(e.getMessage(), secret)) + ")",
                    e);
        }
        return new RetriableException(
                service + ": connection failed (" + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + redact(e.getMessage(), secret)) + ")",
                e);
    }

    /**
     * A {@code Retry-After} value: delta-seconds ({@code 7}, also {@code 1.5} as some servers send) or an
     * HTTP date (RFC 1123), as a wait from now (zero when the date has passed). Empty when unreadable.
     */
    public static Optional<Duration> parseRetryAfter(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.trim();
        try {
            double secs = Double.parseDouble(v);
            return Double.isFinite(secs) && secs >= 0
                    ? Optional.of(Duration.ofMillis(Math.round(secs * 1000)))
                    : Optional.empty();
        } catch (NumberFormatException e) {
            // not a number: try a date
        }
        try {
            Instant at =
                    ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(clock.instant(), at);
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** {@code text} with every occurrence of {@code secret} (4 characters or more) masked as {@code ***}. */
    public static String redact(String text, String secret) {
        if (text == null) {
            return "";
        }
        if (secret == null || secret.length() < 4) {
            return text;
        }
        return text.replace(secret, "***");
    }
}
