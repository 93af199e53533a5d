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
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The LangChain4j {@link HttpClientBuilder} the judge's chat models use: blocking HTTP/1.1 through
 * the JDK's {@link HttpURLConnection} (HTTP/1.1 only: with HTTP/2, which the JDK's newer client speaks
 * by default, vLLM's uvicorn drops the request body), with a connect timeout and a timeout on every
 * wait for the server. Connections are kept alive and reused; the JDK keeps at most {@code
 * http.maxConnections} idle ones per server (5 unless set), so the judge raises that to {@value
 * #DEFAULT_MAX_IDLE_CONNECTIONS} when the user has not set it, or concurrent judges would reconnect
 * for most requests. This client costs about half the CPU per request of {@code java.net.http}'s on
 * the judge benchmark ({@code perf/run judge}). Unlike LangChain4j's own client, a non-2xx answer
 * becomes a {@link StatusException}, an {@link HttpException} that also keeps the response's {@code
 * Retry-After} header, which LangChain4j's exceptions do not expose. Proxies follow the JDK's
 * {@code http(s).proxyHost} properties. Streaming is not offered: the judge never streams.
 */
final class Http11ClientBuilder implements HttpClientBuilder {

    /** The JDK property that bounds the idle connections kept per server. */
    static final String MAX_CONNECTIONS_PROPERTY = "http.maxConnections";
    /** Idle connections kept per server unless {@value #MAX_CONNECTIONS_PROPERTY} is set. */
    static final int DEFAULT_MAX_IDLE_CONNECTIONS = 256;

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
        if (System.getProperty(MAX_CONNECTIONS_PROPERTY) == null) {
            System.setProperty(MAX_CONNECTIONS_PROPERTY, Integer.toString(DEFAULT_MAX_IDLE_CONNECTIONS));
        }
        return new Client(connectTimeout, readTimeout);
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
        private final Duration connectTimeout;
        private final Duration readTimeout;

        Client(Duration connectTimeout, Duration readTimeout) {
            this.connectTimeout = connectTimeout;
            this.readTimeout = readTimeout;
        }

        @Override
        public SuccessfulHttpResponse execute(HttpRequest request) {
            HttpURLConnection c;
            try {
                c = (HttpURLConnection) URI.create(request.url()).toURL().openConnection();
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalArgumentException("cannot call " + request.url() + ": " + e.getMessage(), e);
            }
            try {
                c.setRequestMethod(request.method().name());
                c.setInstanceFollowRedirects(false);
                c.setUseCaches(false);
                if (connectTimeout != null) {
                    c.setConnectTimeout(millis(connectTimeout));
                }
                if (readTimeout != null) {
                    c.setReadTimeout(millis(readTimeout));
                }
                for (Map.Entry<String, List<String>> h : request.headers().entrySet()) {
                    if (h.getValue() != null) {
                        for (String v : h.getValue()) {
                            c.addRequestProperty(h.getKey(), v);
                        }
                    }
                }
                if (request.body() != null) {
                    byte[] body = request.body().getBytes(StandardCharsets.UTF_8);
                    c.setDoOutput(true);
                    c.setFixedLengthStreamingMode(body.length);
                    try (OutputStream out = c.getOutputStream()) {
                        out.write(body);
                    }
                }
                int status = c.getResponseCode();
                boolean ok = status >= 200 && status < 300;
                String text;
                try (InputStream in = ok ? c.getInputStream() : c.getErrorStream()) {
                    text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                if (!ok) {
                    throw new StatusException(status, text, c.getHeaderField("Retry-After"));
                }
                Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                c.getHeaderFields().forEach((k, v) -> {
                    if (k != null) {
                        headers.put(k, v);
                    }
                });
                return SuccessfulHttpResponse.builder().statusCode(status).headers(headers).body(text).build();
            } catch (SocketTimeoutException e) {
                c.disconnect();
                if (String.valueOf(e.getMessage()).contains("connect")) {
                    HttpConnectTimeoutException t = new HttpConnectTimeoutException("could not connect to " + request.url()
                            + " within " + connectTimeout);
                    t.initCause(e);
                    throw new UncheckedIOException(t);
                }
                throw new TimeoutException(e);
            } catch (IOException e) {
                c.disconnect();
                throw new UncheckedIOException(e);
            }
        }

        private static int millis(Duration d) {
            return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
        }

        @Override
        public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
            listener.onError(new UnsupportedOperationException("the judge's HTTP client does not stream"));
        }
    }
}
