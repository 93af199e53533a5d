package org.omnireward.judge;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The LangChain4j {@link HttpClientBuilder} the judge's chat models use: the JDK client forced to
 * HTTP/1.1 (the JDK speaks HTTP/2 by default, and vLLM's uvicorn then drops the request body), with
 * a connect timeout and a per-request timeout. Unlike LangChain4j's own JDK client, a non-2xx answer
 * becomes a {@link StatusException}, an {@link HttpException} that also keeps the response's {@code
 * Retry-After} header, which LangChain4j's exceptions do not expose. Streaming is not offered: the
 * judge never streams.
 */
final class Http11ClientBuilder implements HttpClientBuilder {

    private Duration connectTimeout;
    private Duration readTimeout;

    @Override
    public Duration connectTimeout() {
        return connectTimeout;
    }

    @Override
    public HttpClientBuilder connectTimeout(Duration timeout) {
        this.connectTimeout = timeout;
        return this;
    }

    @Override
    public Duration readTimeout() {
        return readTimeout;
    }

    @Override
    public HttpClientBuilder readTimeout(Duration timeout) {
        this.readTimeout = timeout;
        return this;
    }

    @Override
    public HttpClient build() {
        java.net.http.HttpClient.Builder b = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1);
        if (connectTimeout != null) {
            b.connectTimeout(connectTimeout);
        }
        return new Client(b.build(), readTimeout);
    }

    /** A non-2xx answer, with its status, body and {@code Retry-After} header. */
    static final class StatusException extends HttpException {
        private static final long serialVersionUID = 1L;
        private final String retryAfter;

        StatusException(int status, String body, String retryAfter) {
            super(status, body);
            this.retryAfter = retryAfter;
        }

        /** The {@code Retry-After} header as sent, if any. */
        Optional<String> retryAfter() {
            return Optional.ofNullable(retryAfter);
        }
    }

    private static final class Client implements HttpClient {
        private final java.net.http.HttpClient delegate;
        private final Duration readTimeout;

        Client(java.net.http.HttpClient delegate, Duration readTimeout) {
            this.delegate = delegate;
            this.readTimeout = readTimeout;
        }

        @Override
        public SuccessfulHttpResponse execute(HttpRequest request) {
            java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(URI.create(request.url()));
            for (Map.Entry<String, List<String>> h : request.headers().entrySet()) {
                if (h.getValue() != null) {
                    for (String v : h.getValue()) {
                        b.header(h.getKey(), v);
                    }
                }
            }
            b.method(request.method().name(), request.body() == null
                    ? java.net.http.HttpRequest.BodyPublishers.noBody()
                    : java.net.http.HttpRequest.BodyPublishers.ofString(request.body()));
            if (readTimeout != null) {
                b.timeout(readTimeout);
            }
            try {
                java.net.http.HttpResponse<String> r = delegate.send(b.build(), BodyHandlers.ofString());
                if (r.statusCode() < 200 || r.statusCode() >= 300) {
                    throw new StatusException(r.statusCode(), r.body(), r.headers().firstValue("Retry-After").orElse(null));
                }
                return SuccessfulHttpResponse.builder().statusCode(r.statusCode()).headers(r.headers().map())
                        .body(r.body()).build();
            } catch (HttpTimeoutException e) {
                throw new TimeoutException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + request.url(), e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
            listener.onError(new UnsupportedOperationException("the judge's HTTP client does not stream"));
        }
    }
}
