package org.omnireward.judge;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.time.Duration;
import java.util.List;

/**
 * The judge's HTTP client: one blocking HTTP/1.1 POST of a JSON body through the JDK's {@link
 * HttpURLConnection} (HTTP/1.1 only: with an HTTP/2 upgrade, which the JDK's newer client attempts
 * over {@code http://}, vLLM's uvicorn drops the request body), with a connect timeout and a timeout
 * on every wait for the server. Connections are kept alive and reused; the JDK keeps at most {@code
 * http.maxConnections} idle ones per server (5 unless set), so this class raises that to {@value
 * #DEFAULT_MAX_IDLE_CONNECTIONS} when the user has not set it, or concurrent judges would reconnect for
 * most requests. It costs about half the CPU per request of {@code java.net.http}'s client on the judge
 * benchmark ({@code perf/run judge}). The body is handed over whole rather than streamed, so that the
 * JDK keeps the body of a 401 answer (in streaming mode it drops it) and the server's reason reaches
 * the message. Redirects are not followed (a credential must not travel to
 * another host). Proxies follow the JDK's {@code http(s).proxyHost} properties. Thread-safe.
 */
final class HttpTransport {

    /** The JDK property that bounds the idle connections kept per server. */
    static final String MAX_CONNECTIONS_PROPERTY = "http.maxConnections";
    /** Idle connections kept per server unless {@value #MAX_CONNECTIONS_PROPERTY} is set. */
    static final int DEFAULT_MAX_IDLE_CONNECTIONS = 256;

    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;

    /** A non-exceptional answer: any status, its body and {@code Retry-After} header. */
    record Response(int status, byte[] body, String retryAfter) {
        String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    HttpTransport(Duration connectTimeout, Duration readTimeout) {
        if (System.getProperty(MAX_CONNECTIONS_PROPERTY) == null) {
            System.setProperty(MAX_CONNECTIONS_PROPERTY, Integer.toString(DEFAULT_MAX_IDLE_CONNECTIONS));
        }
        this.connectTimeoutMillis = millis(connectTimeout);
        this.readTimeoutMillis = millis(readTimeout);
    }

    /**
     * POSTs {@code body} (JSON) to {@code url} with {@code headers} (name, value pairs).
     *
     * @throws java.net.SocketTimeoutException when connecting or a wait for data takes too long (the
     *     message says {@code connect} for the former)
     * @throws IOException when the connection is refused or breaks
     */
    Response post(URL url, List<String[]> headers, byte[] body) throws IOException {
        HttpURLConnection c = (HttpURLConnection) url.openConnection();
        try {
            c.setRequestMethod("POST");
            c.setInstanceFollowRedirects(false);
            c.setUseCaches(false);
            c.setConnectTimeout(connectTimeoutMillis);
            c.setReadTimeout(readTimeoutMillis);
            c.setRequestProperty("Content-Type", "application/json");
            c.setRequestProperty("Accept", "application/json");
            for (String[] h : headers) {
                c.setRequestProperty(h[0], h[1]);
            }
            c.setDoOutput(true);
            // not setFixedLengthStreamingMode: in streaming mode the JDK drops the body of a 401 (it would
            // need to resend for authentication and cannot), and the server's reason is lost with it
            try (OutputStream out = c.getOutputStream()) {
                out.write(body);
            }
            int status = c.getResponseCode();
            byte[] bytes;
            try (InputStream in = status >= 200 && status < 300 ? c.getInputStream() : c.getErrorStream()) {
                bytes = in == null ? new byte[0] : in.readAllBytes();
            }
            return new Response(status, bytes, status == 429 || status == 503 ? c.getHeaderField("Retry-After") : null);
        } catch (IOException e) {
            c.disconnect();
            throw e;
        }
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
    }
}
