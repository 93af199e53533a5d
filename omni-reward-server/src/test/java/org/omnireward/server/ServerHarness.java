package org.omnireward.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;
import org.omnireward.core.RewardModel;
import org.omnireward.core.util.Json;

/** A server on a free loopback port and a plain HTTP/1.1 client for it. */
final class ServerHarness implements AutoCloseable {

    /** A token of the accepted length. */
    static final String TOKEN = "test-token-0123456789abcdef";

    final RewardServer server;
    final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    final String base;

    ServerHarness(ServerSettings.Builder settings, Supplier<? extends RewardModel> model) {
        this(settings, model, ServerLog.NONE);
    }

    ServerHarness(ServerSettings.Builder settings, Supplier<? extends RewardModel> model, ServerLog log) {
        this.server = RewardServer.start(settings.host("127.0.0.1").port(0).build(), model, log);
        this.base = "http://127.0.0.1:" + server.port();
    }

    static ServerHarness ready(ServerSettings.Builder settings, RewardModel model) throws InterruptedException {
        return ready(settings, model, ServerLog.NONE);
    }

    static ServerHarness ready(ServerSettings.Builder settings, RewardModel model, ServerLog log)
            throws InterruptedException {
        ServerHarness h = new ServerHarness(settings, () -> model, log);
        if (!h.server.awaitReady(Duration.ofSeconds(60))) {
            throw new IllegalStateException("the model did not load: " + h.server.loadFailure());
        }
        return h;
    }

    /** An answer: status, headers and body. */
    record Answer(int status, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return Json.mapper().readTree(raw.body());
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + raw.body(), e);
            }
        }

        String body() {
            return raw.body();
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        String errorCode() {
            return json().path("error").path("code").asText();
        }
    }

    Answer post(String path, String body) throws IOException, InterruptedException {
        return post(path, body, TOKEN);
    }

    Answer post(String path, String body, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r);
    }

    Answer get(String path) throws IOException, InterruptedException {
        return get(path, TOKEN);
    }

    Answer get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r);
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
    }
}
