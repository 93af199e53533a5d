package org.omnireward.judge;

import com.fasterxml.jackson.core.JacksonException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.exception.UnsupportedFeatureException;
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
import java.util.Optional;
import org.omnireward.core.AuthenticationException;
import org.omnireward.core.NonRetriableException;
import org.omnireward.core.OmniRewardException;
import org.omnireward.core.RateLimitedException;
import org.omnireward.core.RetriableException;

/**
 * Maps what a LangChain4j chat call threw to the toolkit's exceptions. LangChain4j wraps an HTTP
 * error in its own exception types ({@code RateLimitException}, {@code AuthenticationException}, …)
 * whose root cause is an {@link HttpException} carrying only the status code and body, so the cause
 * chain is searched for the {@link Http11ClientBuilder.StatusException} our HTTP client throws, which
 * also keeps {@code Retry-After}:
 * <ul>
 *   <li>401/403 → {@link AuthenticationException}; 429 → {@link RateLimitedException} with the wait;</li>
 *   <li>408, 5xx, timeouts, connection failures and answers that are not chat-completions JSON →
 *       {@link RetriableException};</li>
 *   <li>other 4xx and anything the SDK refuses to send → {@link NonRetriableException}.</li>
 * </ul>
 * Messages name the service and the status, quote at most 300 characters of the server's text, and
 * have the API key masked wherever it appears.
 */
final class RemoteFailures {

    private static final int MAX_SERVER_TEXT = 300;

    private RemoteFailures() {
    }

    static OmniRewardException map(Throwable t, String service, Duration timeout, String apiKey, String keyHint,
            Clock clock) {
        if (t instanceof OmniRewardException o) {
            return o;
        }
        HttpException http = null;
        Http11ClientBuilder.StatusException status = null;
        boolean timedOut = false;
        IOException io = null;
        JacksonException json = null;
        UnsupportedFeatureException unsupported = null;
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof Http11ClientBuilder.StatusException s && status == null) {
                status = s;
            }
            if (c instanceof HttpException h && http == null) {
                http = h;
            }
            if (c instanceof TimeoutException || c instanceof HttpTimeoutException) {
                timedOut = true;
            }
            if (c instanceof JacksonException j && json == null) {
                json = j;
            }
            if (c instanceof IOException e && io == null && !(c instanceof JacksonException)) {
                io = e;
            }
            if (c instanceof UnsupportedFeatureException u) {
                unsupported = u;
            }
        }
        if (http != null) {
            int code = http.statusCode();
            String text = shorten(redact(http.getMessage(), apiKey));
            String head = service + " answered HTTP " + code;
            if (code == 401 || code == 403) {
                return new AuthenticationException(head + " (" + (code == 401 ? "unauthorized" : "forbidden") + "): "
                        + text + "; " + keyHint);
            }
            if (code == 429) {
                Duration wait = status == null ? null : status.retryAfter().flatMap(v -> parseRetryAfter(v, clock)).orElse(null);
                return new RateLimitedException(head + " (rate limited" + (wait == null ? "" : ", retry after "
                        + wait.toMillis() / 1000.0 + " s") + "): " + text, wait);
            }
            if (code == 408 || code >= 500) {
                return new RetriableException(head + ": " + text);
            }
            if (code == 404) {
                return new NonRetriableException(head + " (not found): " + text
                        + "; check the model name and model option base-url (requests go to <base-url>/chat/completions)");
            }
            return new NonRetriableException(head + ": " + text);
        }
        if (timedOut) {
            return new RetriableException(service + " timed out: no answer within " + timeout.toMillis() / 1000.0
                    + " s (model option timeout)", t);
        }
        if (unsupported != null) {
            return new NonRetriableException(service + ": " + redact(unsupported.getMessage(), apiKey), t);
        }
        if (json != null) {
            return new RetriableException(service + " sent an answer that is not chat-completions JSON: "
                    + shorten(redact(json.getOriginalMessage(), apiKey)), t);
        }
        if (io instanceof HttpConnectTimeoutException) {
            return new RetriableException(service + ": could not connect within " + timeout.toMillis() / 1000.0 + " s", t);
        }
        if (io instanceof ConnectException) {
            return new RetriableException(service + ": cannot connect (" + (io.getMessage() == null ? "connection refused"
                    : redact(io.getMessage(), apiKey)) + ")", t);
        }
        if (io != null) {
            return new RetriableException(service + ": connection failed (" + io.getClass().getSimpleName()
                    + (io.getMessage() == null ? "" : ": " + redact(io.getMessage(), apiKey)) + ")", t);
        }
        if (t instanceof NullPointerException || t instanceof IndexOutOfBoundsException) {
            return new RetriableException(service + " sent an answer without the expected fields (choices[0].message)", t);
        }
        return new RetriableException(service + ": call failed (" + t.getClass().getSimpleName()
                + (t.getMessage() == null ? "" : ": " + shorten(redact(t.getMessage(), apiKey))) + ")", t);
    }

    /** {@code text} with every occurrence of {@code secret} masked. */
    static String redact(String text, String secret) {
        if (text == null) {
            return "";
        }
        if (secret == null || secret.length() < 4) {
            return text;
        }
        return text.replace(secret, "***");
    }

    private static String shorten(String s) {
        String t = s.strip().replaceAll("\\s+", " ");
        return t.length() <= MAX_SERVER_TEXT ? t : t.substring(0, MAX_SERVER_TEXT) + "…";
    }

    /**
     * A {@code Retry-After} value: seconds ({@code 7}, also {@code 1.5}) or an HTTP date, as a wait from
     * now (zero when the date has passed); empty when unreadable.
     */
    static Optional<Duration> parseRetryAfter(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.trim();
        try {
            double secs = Double.parseDouble(v);
            return Double.isFinite(secs) && secs >= 0 ? Optional.of(Duration.ofMillis(Math.round(secs * 1000)))
                    : Optional.empty();
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
}
