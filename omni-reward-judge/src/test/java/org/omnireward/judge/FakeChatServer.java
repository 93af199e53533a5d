package org.omnireward.judge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.omnireward.core.util.Json;

/**
 * A chat-completions server for tests: JDK {@link HttpServer} on 127.0.0.1 (port chosen by the OS)
 * answering {@code POST /v1/chat/completions}. Each request's body, headers and protocol are
 * recorded; answers come from a queue of scripted replies, then from a default function of the
 * request (by default an analysis followed by {@code [[A]]}).
 */
final class FakeChatServer implements AutoCloseable {

    /** One recorded request. */
    record Recorded(String protocol, Map<String, List<String>> headers, JsonNode body) {
        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }

        /** The user message's content parts (a one-element text list when it was a plain string). */
        List<JsonNode> userParts() {
            JsonNode content = body.get("messages").get(1).get("content");
            List<JsonNode> out = new ArrayList<>();
            if (content.isTextual()) {
                out.add(Json.mapper().createObjectNode().put("type", "text").put("text", content.asText()));
            } else {
                content.forEach(out::add);
            }
            return out;
        }

        /** The user message's text parts joined. */
        String userText() {
            StringBuilder sb = new StringBuilder();
            for (JsonNode p : userParts()) {
                if (p.get("type").asText().equals("text")) {
                    sb.append(p.get("text").asText());
                }
            }
            return sb.toString();
        }

        String systemText() {
            return body.get("messages").get(0).get("content").asText();
        }
    }

    /** A scripted answer. */
    record Reply(int status, String body, Map<String, String> headers, long delayMillis) {
        static Reply ok(String content) {
            return new Reply(200, completion(content, 11, 7), Map.of(), 0);
        }

        static Reply status(int status, String body, Map<String, String> headers) {
            return new Reply(status, body, headers, 0);
        }

        static Reply raw(String body) {
            return new Reply(200, body, Map.of(), 0);
        }

        Reply delayed(long millis) {
            return new Reply(status, body, headers, millis);
        }
    }

    /**
     * When this system property names a folder, every request body is also written there ({@code
     * <openai|anthropic>-<n>.json}) so that {@code scripts/validate-judge-requests.py} can check them
     * against the providers' published schemas.
     */
    static final String CAPTURE_PROPERTY = "omnireward.capture.dir";

    private static final AtomicInteger CAPTURED = new AtomicInteger();

    private final HttpServer server;
    private final String path;
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final Deque<Reply> script = new ConcurrentLinkedDeque<>();
    private volatile Function<Recorded, Reply> fallback =
            r -> Reply.ok("Both are fine, but A follows the criterion.\n[[A]]");

    FakeChatServer() throws IOException {
        this("/v1/chat/completions");
    }

    /** A server answering POSTs to {@code path} (e.g. {@code /v1/messages} for Anthropic's API). */
    FakeChatServer(String path) throws IOException {
        this.path = path;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(path, this::handle);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.start();
    }

    /** The base URL to give the judge, {@code http://127.0.0.1:PORT/v1}. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Queues answers given in order before the fallback is used. */
    FakeChatServer then(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    /** Sets the answer used when the queue is empty. */
    FakeChatServer otherwise(Function<Recorded, Reply> f) {
        this.fallback = f;
        return this;
    }

    List<Recorded> requests() {
        return requests;
    }

    Recorded last() {
        return requests.get(requests.size() - 1);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] in = ex.getRequestBody().readAllBytes();
            JsonNode body;
            try {
                body = Json.mapper().readTree(in);
            } catch (IOException e) {
                body = Json.mapper().createObjectNode().put("unparseable_body", new String(in, StandardCharsets.UTF_8));
            }
            Recorded rec = new Recorded(ex.getProtocol(), Map.copyOf(ex.getRequestHeaders()), body);
            requests.add(rec);
            capture(in);
            Reply r = script.poll();
            if (r == null) {
                r = fallback.apply(rec);
            }
            if (r.delayMillis() > 0) {
                try {
                    Thread.sleep(r.delayMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            byte[] out = r.body().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            r.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            ex.sendResponseHeaders(r.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(out);
                }
            }
        } catch (IOException e) {
            // the client went away (a timeout test): nothing to answer
        }
    }

    /**
     * A chat-completions answer as a server sends it: {@code message} fields (content may be null;
     * vLLM's {@code reasoning} / {@code reasoning_content}, OpenAI's {@code refusal}) and {@code finish_reason}.
     */
    static String completion(Map<String, String> message, String finishReason) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("id", "chatcmpl-test")
                .put("object", "chat.completion")
                .put("created", 1)
                .put("model", "test-model");
        ObjectNode choice = n.putArray("choices").addObject();
        choice.put("index", 0).put("finish_reason", finishReason);
        choice.putNull("logprobs");
        ObjectNode m = choice.putObject("message").put("role", "assistant");
        m.putNull("content");
        message.forEach((k, v) -> {
            if (v == null) {
                m.putNull(k);
            } else {
                m.put(k, v);
            }
        });
        n.putObject("usage")
                .put("prompt_tokens", 20)
                .put("completion_tokens", 30)
                .put("total_tokens", 50);
        return Json.write(n);
    }

    private void capture(byte[] body) throws IOException {
        String dir = System.getProperty(CAPTURE_PROPERTY);
        if (dir == null || dir.isBlank()) {
            return;
        }
        java.nio.file.Path d = java.nio.file.Files.createDirectories(java.nio.file.Path.of(dir));
        String kind = path.endsWith("/messages") ? "anthropic" : "openai";
        java.nio.file.Files.write(
                d.resolve(kind + "-" + ProcessHandle.current().pid() + "-" + CAPTURED.incrementAndGet() + ".json"),
                body);
    }

    /** A chat-completions answer with {@code content} and the given token counts. */
    static String completion(String content, int promptTokens, int completionTokens) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("id", "chatcmpl-test")
                .put("object", "chat.completion")
                .put("created", 1)
                .put("model", "test-model");
        ObjectNode choice = n.putArray("choices").addObject();
        choice.put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", content);
        n.putObject("usage")
                .put("prompt_tokens", promptTokens)
                .put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens);
        return Json.write(n);
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
