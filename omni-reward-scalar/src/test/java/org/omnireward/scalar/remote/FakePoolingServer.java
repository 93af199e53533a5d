package org.omnireward.scalar.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 (ephemeral port) that answers {@code POST /pooling} in vLLM's
 * response shape. By default the reward is the length of the assistant message, so tests can tell
 * which request each score belongs to. It records every request and the most requests it saw in
 * flight at once.
 */
final class FakePoolingServer implements AutoCloseable {

    /** What the server sends back. */
    record Reply(int status, String body, Map<String, String> headers, long delayMillis) {
        static Reply ok(String body) {
            return new Reply(200, body, Map.of(), 0);
        }

        Reply after(long millis) {
            return new Reply(status, body, headers, millis);
        }
    }

    /** One request as the server saw it. */
    record Seen(String method, String path, String protocol, Headers headers, JsonNode json, String raw) {
        String header(String name) {
            return headers.getFirst(name);
        }

        JsonNode message(String role) {
            for (JsonNode m : json.path("messages")) {
                if (role.equals(m.path("role").asText())) {
                    return m;
                }
            }
            return null;
        }
    }

    interface Responder {
        Reply reply(Seen request) throws Exception;
    }

    static final ObjectMapper JSON = new ObjectMapper();

    static {
        // The JDK server leaves Nagle's algorithm on, which with the client's delayed ACKs costs about
        // 40 ms per keep-alive request (vLLM's uvicorn sets TCP_NODELAY). Read once, when the first
        // HttpServer of the JVM starts; FakePoolingServer is the only one in this module's tests.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile Responder responder = FakePoolingServer::lengthScore;

    FakePoolingServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(pool);
        server.start();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:41234}. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    FakePoolingServer respond(Responder r) {
        this.responder = r;
        return this;
    }

    List<Seen> requests() {
        return seen;
    }

    int maxInFlight() {
        return maxInFlight.get();
    }

    /** vLLM's pooling response for one conversation whose output is {@code output} (a JSON value). */
    static String poolingResponse(String output) {
        return "{\"id\":\"pool-1\",\"object\":\"list\",\"created\":1,\"model\":\"m\",\"data\":[{\"index\":0,"
                + "\"object\":\"pooling\",\"data\":" + output + "}],\"usage\":{\"prompt_tokens\":5,\"total_tokens\":5,"
                + "\"completion_tokens\":0}}";
    }

    /** The default answer: a one-label reward head whose value is the assistant message's length. */
    static Reply lengthScore(Seen s) {
        JsonNode assistant = s.message("assistant");
        double score =
                assistant == null ? -1 : assistant.path("content").asText().length();
        return Reply.ok(poolingResponse("[" + score + "]"));
    }

    private void handle(HttpExchange ex) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            String raw = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            JsonNode json;
            try {
                json = JSON.readTree(raw);
            } catch (IOException e) {
                json = null;
            }
            Seen s = new Seen(
                    ex.getRequestMethod(),
                    ex.getRequestURI().getPath(),
                    ex.getProtocol(),
                    ex.getRequestHeaders(),
                    json,
                    raw);
            seen.add(s);
            Reply r;
            if (!"POST".equals(s.method()) || !s.path().equals("/pooling")) {
                r = new Reply(404, "{\"detail\":\"Not Found\"}", Map.of(), 0);
            } else if (json == null) {
                r = new Reply(400, "{\"error\":{\"message\":\"body is not JSON\",\"code\":400}}", Map.of(), 0);
            } else {
                try {
                    r = responder.reply(s);
                } catch (Exception e) {
                    r = new Reply(500, "{\"error\":{\"message\":\"" + e + "\"}}", Map.of(), 0);
                }
            }
            if (r.delayMillis() > 0) {
                try {
                    Thread.sleep(r.delayMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            r.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            ex.sendResponseHeaders(r.status(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException e) {
            // the client went away (e.g. after its timeout)
        } finally {
            inFlight.decrementAndGet();
            ex.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
