package org.omnireward.judge;

import com.fasterxml.jackson.core.JacksonException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.exception.UnsupportedFeatureException;
import java.io.IOException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import org.omnireward.core.NonRetriableException;
import org.omnireward.core.OmniRewardException;
import org.omnireward.core.RetriableException;
import org.omnireward.runtime.HttpFailures;

/**
 * Maps what a LangChain4j chat call threw to the toolkit's exceptions. LangChain4j wraps an HTTP
 * error in its own exception types ({@code RateLimitException}, {@code AuthenticationException}, …)
 * whose root cause is an {@link HttpException} carrying only the status code and body, so the cause
 * chain is searched for the {@link Http11ClientBuilder.StatusException} our HTTP client throws, which
 * also keeps {@code Retry-After}:
 * <ul>
 *   <li>HTTP statuses through the shared {@link HttpFailures}: 401/403 → authentication, 429 → rate
 *       limited with the wait;</li>
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
            Duration wait = status == null ? null
                    : status.retryAfter().flatMap(v -> HttpFailures.parseRetryAfter(v, clock)).orElse(null);
            return HttpFailures.forStatus(http.statusCode(), service, shorten(redact(http.getMessage(), apiKey)), wait, keyHint,
                    "check the model name and model option base-url (requests go to <base-url>/chat/completions)");
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
        if (io != null) {
            return HttpFailures.forConnectionFailure(io, service, apiKey);
        }
        if (t instanceof NullPointerException || t instanceof IndexOutOfBoundsException) {
            return new RetriableException(service + " sent an answer without the expected fields (choices[0].message)", t);
        }
        return new RetriableException(service + ": call failed (" + t.getClass().getSimpleName()
                + (t.getMessage() == null ? "" : ": " + shorten(redact(t.getMessage(), apiKey))) + ")", t);
    }

    private static String redact(String text, String secret) {
        return HttpFailures.redact(text, secret);
    }

    private static String shorten(String s) {
        String t = s.strip().replaceAll("\\s+", " ");
        return t.length() <= MAX_SERVER_TEXT ? t : t.substring(0, MAX_SERVER_TEXT) + "…";
    }
}
