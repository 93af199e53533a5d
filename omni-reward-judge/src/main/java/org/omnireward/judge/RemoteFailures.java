package org.omnireward.judge;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import org.omnireward.core.OmniRewardException;
import org.omnireward.core.RetriableException;
import org.omnireward.core.util.Json;
import org.omnireward.runtime.HttpFailures;
import org.omnireward.runtime.endpoint.Credentials;

/**
 * Maps what a chat endpoint answered, or how the call failed, to the toolkit's exceptions:
 * <ul>
 *   <li>HTTP statuses through the shared {@link HttpFailures}: 401/403 → authentication (the server's
 *       text quoted, secrets masked), 429 → rate limited with the {@code Retry-After} wait, 408 and 5xx
 *       → retriable, other 4xx → not retriable with the server's text;</li>
 *   <li>timeouts, refused and broken connections → {@link RetriableException}.</li>
 * </ul>
 * Messages name the service and the status, quote at most {@value #MAX_SERVER_TEXT} characters of the
 * server's text ({@code error.message} when the body is the usual error JSON), and pass through the
 * endpoint's {@link Credentials} so that no key, password or query secret appears in them.
 */
final class RemoteFailures {

    static final int MAX_SERVER_TEXT = 300;

    private RemoteFailures() {}

    /** The exception for a non-2xx answer. */
    static OmniRewardException forStatus(
            HttpTransport.Response r,
            String service,
            String keyHint,
            String notFoundHint,
            Credentials credentials,
            Clock clock) {
        Duration wait = r.retryAfter() == null
                ? null
                : HttpFailures.parseRetryAfter(r.retryAfter(), clock).orElse(null);
        return HttpFailures.forStatus(
                r.status(), service, serverText(r.text(), credentials), wait, keyHint, notFoundHint);
    }

    /** Whether an I/O failure says the replica is unreachable (not merely slow): refused, unroutable, no such host, connect timeout. */
    static boolean unreachable(IOException e) {
        return e instanceof ConnectException
                || e instanceof NoRouteToHostException
                || e instanceof UnknownHostException
                || (e instanceof SocketTimeoutException && isConnectTimeout(e));
    }

    /** The exception for a call that got no HTTP answer. */
    static RetriableException forIo(IOException e, String service, Duration timeout, Credentials credentials) {
        if (e instanceof SocketTimeoutException) {
            return isConnectTimeout(e)
                    ? new RetriableException(
                            service + ": could not connect within " + seconds(timeout) + " (model option timeout)", e)
                    : new RetriableException(
                            service + " timed out: no answer within " + seconds(timeout) + " (model option timeout)",
                            e);
        }
        String m = e.getMessage() == null ? "" : ": " + credentials.mask(e.getMessage());
        if (e instanceof ConnectException) {
            return new RetriableException(
                    service + ": cannot connect (" + (m.isEmpty() ? "connection refused" : m.substring(2)) + ")", e);
        }
        return new RetriableException(
                service + ": connection failed (" + e.getClass().getSimpleName() + m + ")", e);
    }

    private static boolean isConnectTimeout(IOException e) {
        return String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("connect");
    }

    private static String seconds(Duration d) {
        return d.toMillis() / 1000.0 + " s";
    }

    /**
     * The server's error text: {@code error.message} (OpenAI, vLLM, Anthropic), else {@code message} or
     * {@code detail}, else the body; whitespace collapsed, shortened, secrets masked.
     */
    static String serverText(String body, Credentials credentials) {
        String text = body == null ? "" : body;
        String t = text.strip();
        if (t.startsWith("{")) {
            try {
                JsonNode n = Json.mapper().readTree(t);
                JsonNode err = n.path("error");
                String msg = err.isTextual()
                        ? err.asText()
                        : err.path("message").isTextual()
                                ? err.path("message").asText()
                                : n.path("message").isTextual()
                                        ? n.path("message").asText()
                                        : n.path("detail").isTextual()
                                                ? n.path("detail").asText()
                                                : null;
                if (msg != null && !msg.isBlank()) {
                    text = msg;
                }
            } catch (IOException | RuntimeException e) {
                // not JSON after all: quote it as it is
            }
        }
        return shorten(credentials.mask(text));
    }

    static String shorten(String s) {
        String t = s.strip().replaceAll("\\s+", " ");
        if (t.isEmpty()) {
            return "(no text)";
        }
        return t.length() <= MAX_SERVER_TEXT ? t : t.substring(0, MAX_SERVER_TEXT) + "…";
    }
}
