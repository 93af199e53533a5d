package org.omnireward.scalar.remote;

import java.io.IOException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.omnireward.core.OmniRewardException;
import org.omnireward.core.RetriableException;

/**
 * The pooling client's use of the shared mapping ({@link org.omnireward.runtime.HttpFailures}): the
 * service named {@code pooling server <endpoint>}, a 404 explained as a server without a pooling
 * model, and timeouts naming the model option to raise.
 */
final class HttpFailures {

    private static final String NOT_FOUND_HINT = "is it a vLLM server with a pooling model (vllm serve MODEL --runner "
            + "pooling)? The model spec is pooling:<base-url>#<model>, and requests go to <base-url>/pooling";

    private HttpFailures() {}

    /**
     * The exception for a non-2xx answer.
     *
     * @param serverText the server's error text, already redacted
     * @param retryAfter the {@code Retry-After} header, if any
     * @param keyHint how the credentials were chosen, for 401/403 (never the key itself)
     */
    static OmniRewardException forStatus(
            int status, String endpoint, String serverText, Optional<String> retryAfter, String keyHint, Clock clock) {
        Duration wait = retryAfter
                .flatMap(v -> org.omnireward.runtime.HttpFailures.parseRetryAfter(v, clock))
                .orElse(null);
        return org.omnireward.runtime.HttpFailures.forStatus(
                status, service(endpoint), serverText, wait, keyHint, NOT_FOUND_HINT);
    }

    /** The exception for a call that got no HTTP answer. */
    static RetriableException forIoFailure(
            IOException e, String endpoint, Duration connectTimeout, Duration requestTimeout) {
        if (e instanceof HttpConnectTimeoutException) {
            return new RetriableException(
                    service(endpoint) + ": could not connect within " + seconds(connectTimeout)
                            + " (model option connect-timeout)",
                    e);
        }
        if (e instanceof HttpTimeoutException) {
            return new RetriableException(
                    service(endpoint) + " timed out: no answer within " + seconds(requestTimeout)
                            + " (model option timeout)",
                    e);
        }
        return org.omnireward.runtime.HttpFailures.forConnectionFailure(e, service(endpoint), null);
    }

    private static String service(String endpoint) {
        return "pooling server " + endpoint;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0
                ? d.toSeconds() + " s"
                : String.format(Locale.ROOT, "%.3f s", d.toMillis() / 1000.0);
    }
}
