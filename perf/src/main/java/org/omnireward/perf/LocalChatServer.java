package org.omnireward.perf;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal keep-alive HTTP/1.1 server for throughput benchmarks: one thread per connection, each
 * request answered with the same body after a fixed delay, headers and body in one write with
 * TCP_NODELAY. It costs a fraction of the JDK's {@code com.sun.net.httpserver} per request, so the
 * benchmark measures the client under test rather than the server sharing its two cores. Requests
 * need a {@code Content-Length} (chunked bodies are refused with 411).
 */
final class LocalChatServer implements AutoCloseable {

    private final ServerSocket socket;
    private final byte[] response;
    private final long delayMs;
    private final AtomicInteger served = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread acceptor;

    LocalChatServer(String jsonBody, long delayMs) throws IOException {
        this.socket = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
        byte[] body = jsonBody.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\nConnection: keep-alive\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        this.response = new byte[head.length + body.length];
        System.arraycopy(head, 0, response, 0, head.length);
        System.arraycopy(body, 0, response, head.length, body.length);
        this.delayMs = delayMs;
        this.acceptor = new Thread(this::acceptLoop, "local-chat-server-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    /** Requests answered so far. */
    int served() {
        return served.get();
    }

    /** Connections accepted so far (a client that keeps its connections alive opens one per request in flight). */
    int connections() {
        return connections.get();
    }

    void resetServed() {
        served.set(0);
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                connections.incrementAndGet();
                s.setTcpNoDelay(true);
                Thread t = new Thread(() -> serve(s), "local-chat-server-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s;
                InputStream in = new BufferedInputStream(s.getInputStream(), 65_536);
                OutputStream out = s.getOutputStream()) {
            while (true) {
                int length = readHeaders(in);
                if (length == -2) {
                    return;
                }
                if (length < 0) {
                    out.write("HTTP/1.1 411 Length Required\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    return;
                }
                in.skipNBytes(length);
                Thread.sleep(delayMs);
                out.write(response);
                out.flush();
                served.incrementAndGet();
            }
        } catch (IOException | InterruptedException e) {
            // client went away or the server closed
        }
    }

    /** Reads one request's headers; returns its Content-Length, -1 when it has none, -2 at end of stream. */
    private static int readHeaders(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int length = -1;
        boolean first = true;
        while (true) {
            line.reset();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                if (c != '\r') {
                    line.write(c);
                }
            }
            if (c == -1) {
                return -2;
            }
            String l = line.toString(StandardCharsets.US_ASCII);
            if (l.isEmpty()) {
                if (first) {
                    continue;
                }
                return length;
            }
            first = false;
            int colon = l.indexOf(':');
            if (colon > 0
                    && l.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
                length = Integer.parseInt(l.substring(colon + 1).trim());
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
