package org.omnireward.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.omnireward.core.util.Json;

/**
 * HTTP/1.1 over a plain socket, for what an HTTP client would not send: bad framing, partial and slow
 * bodies, oversized headers, declared lengths that never arrive.
 */
final class RawHttp implements AutoCloseable {

    /** A parsed answer: status, headers (lower-case names) and body. */
    record Reply(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            try {
                return Json.mapper().readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + text(), e);
            }
        }

        String errorCode() {
            return json().path("error").path("code").asText();
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    RawHttp(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(30_000);
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    RawHttp send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawHttp send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** The next answer; a HEAD answer has no body whatever its Content-Length says. */
    Reply read(boolean head) throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("the server closed the connection without answering");
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l; (l = line()) != null && !l.isEmpty(); ) {
            int c = l.indexOf(':');
            headers.put(
                    l.substring(0, c).trim().toLowerCase(Locale.ROOT),
                    l.substring(c + 1).trim());
        }
        byte[] body = new byte[0];
        if (!head) {
            String length = headers.get("content-length");
            if (length != null) {
                body = in.readNBytes(Integer.parseInt(length));
            } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                for (int n; (n = Integer.parseInt(line().trim(), 16)) > 0; ) {
                    b.write(in.readNBytes(n));
                    line();
                }
                line();
                body = b.toByteArray();
            } else if ("close".equalsIgnoreCase(headers.get("connection"))) {
                body = in.readAllBytes();
            }
        }
        return new Reply(status, headers, body);
    }

    Reply read() throws IOException {
        return read(false);
    }

    /** Whether the server closed the connection (reads until end of stream or {@code millis}). */
    boolean closedWithin(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            while (in.read() >= 0) {
                // drain
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c; (c = in.read()) >= 0; ) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    /** One request on a new connection, closed after the answer. */
    static Reply exchange(int port, String request) throws IOException {
        try (RawHttp c = new RawHttp(port)) {
            return c.send(request).read(request.startsWith("HEAD "));
        }
    }

    /** {@code GET /health} on a new connection; its latency in milliseconds, or a failure. */
    static long healthMillis(int port) throws IOException {
        long t0 = System.nanoTime();
        Reply r = exchange(port, "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        if (r.status() != 200) {
            throw new IOException("/health answered " + r.status());
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
