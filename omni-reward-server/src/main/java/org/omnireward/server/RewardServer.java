package org.omnireward.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.omnireward.core.PairwiseRequest;
import org.omnireward.core.Response;
import org.omnireward.core.RewardModel;
import org.omnireward.core.ScoringRequest;
import org.omnireward.core.Task;
import org.omnireward.core.util.Json;

/**
 * The reward server: any reward model over HTTP (Javalin on Jetty 12). It starts listening at once
 * and loads the model on a background thread; {@code GET /ready} answers 200 once the model is
 * loaded. See docs/server.md for the endpoints, limits and errors; {@code GET /openapi.json}
 * describes them.
 *
 * <p>{@link #stop()} is graceful: new work is refused with 503, requests already accepted are
 * answered (for up to {@link ServerSettings#shutdownGrace()}), the model finishes its queue and is
 * closed, then the HTTP server stops.
 */
public final class RewardServer implements AutoCloseable {

    /** One endpoint: method, path, whether it needs the token, and what it does. */
    record Route(HandlerType method, String path, boolean guarded, Endpoint handler) {
    }

    @FunctionalInterface
    interface Endpoint {
        /** Writes the answer to {@code ctx}, or returns the JSON value to write with status 200. */
        Object handle(Context ctx) throws Exception;
    }

    private static final String JSON = "application/json";

    private final ServerSettings settings;
    private final ServerLog log;
    private final RewardService service;
    private final ServerMetrics metrics;
    private final WireFormat wire;
    private final List<Route> routes;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch loaded = new CountDownLatch(1);
    private final long startNanos = System.nanoTime();
    private volatile boolean draining;
    private Javalin app;

    private RewardServer(ServerSettings settings, ServerLog log) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.log = Objects.requireNonNull(log, "log");
        this.service = new RewardService(settings, log);
        this.metrics = new ServerMetrics(service::queueDepth, inFlight::get,
                () -> service.state() == RewardService.State.READY ? 1 : 0);
        this.service.metrics(metrics);
        this.wire = new WireFormat(settings);
        this.routes = List.of(
                new Route(HandlerType.POST, "/v1/score", true, this::score),
                new Route(HandlerType.POST, "/v1/compare", true, this::compare),
                new Route(HandlerType.POST, "/v1/rank", true, this::rank),
                new Route(HandlerType.POST, "/get_reward", true, this::getReward),
                new Route(HandlerType.GET, "/health", false, this::health),
                new Route(HandlerType.GET, "/ready", false, this::ready),
                new Route(HandlerType.GET, "/metrics", true, this::metricsText),
                new Route(HandlerType.GET, "/openapi.json", false, ctx -> {
                    ctx.contentType(JSON).result(OPENAPI);
                    return null;
                }));
    }

    private static final byte[] OPENAPI = readOpenApi();

    private static byte[] readOpenApi() {
        try (InputStream in = RewardServer.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the server jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts listening, then creates the model with {@code modelFactory} on a background thread.
     *
     * @throws org.omnireward.core.InvalidInputException never for settings (they are checked when
     *     built); an {@link IllegalStateException} when the port cannot be bound
     */
    public static RewardServer start(ServerSettings settings, Supplier<? extends RewardModel> modelFactory, ServerLog log) {
        RewardServer s = new RewardServer(settings, log);
        s.listen();
        Thread loader = new Thread(() -> {
            long t0 = System.nanoTime();
            s.service.load(modelFactory);
            if (s.service.state() == RewardService.State.READY) {
                log.info("model " + s.service.modelName() + " loaded in " + millisSince(t0) + " ms; ready ("
                        + millisSince(s.startNanos) + " ms after start)");
            }
            s.loaded.countDown();
        }, "model-loader");
        loader.setDaemon(true);
        loader.start();
        return s;
    }

    private void listen() {
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.startup.startupWatcherEnabled = false;
            config.http.maxRequestSize = settings.maxBodyBytes();
            config.http.prefer405over404 = true;
            QueuedThreadPool pool = new QueuedThreadPool(settings.maxThreads(), 8, 60_000);
            pool.setName("reward-http");
            config.jetty.threadPool = pool;
            for (Route r : routes) {
                config.routes.addHttpHandler(r.method(), r.path(), ctx -> handle(ctx, r));
            }
            config.routes.error(404, ctx -> writeError(ctx, new ApiException(404, "not_found", "no endpoint "
                    + ctx.method() + " " + ctx.path() + "; see GET /openapi.json")));
            config.routes.error(405, ctx -> writeError(ctx, new ApiException(405, "method_not_allowed", ctx.method()
                    + " is not allowed on " + ctx.path() + "; see GET /openapi.json")));
            config.routes.exception(Exception.class, (e, ctx) -> {
                log.error("unhandled error on " + ctx.path(), e);
                writeError(ctx, new ApiException(500, "internal_error", "internal server error; details are in the server log"));
            });
        });
        try {
            app.start(settings.host(), settings.port());
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot listen on " + settings.host() + ":" + settings.port() + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        }
        log.info("omni-reward server listening on http://" + hostForUrl(settings.host()) + ":" + port() + " ("
                + (settings.token().isPresent() ? "bearer token required" : "no token: no authentication")
                + "); loading the model");
    }

    private static String hostForUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** The port listened on (the chosen one when the settings asked for 0). */
    public int port() {
        return app.port();
    }

    /** Waits until the model is loaded or has failed; true when it is ready. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return service.state() == RewardService.State.READY;
    }

    /** Why the model could not be loaded, if it could not. */
    public java.util.Optional<String> loadFailure() {
        return service.state() == RewardService.State.FAILED ? java.util.Optional.of(service.failure())
                : java.util.Optional.empty();
    }

    /** The routes served, in registration order (the OpenAPI test checks each is documented). */
    List<Route> routes() {
        return routes;
    }

    private void handle(Context ctx, Route route) {
        long t0 = System.nanoTime();
        inFlight.incrementAndGet();
        String endpoint = route.path();
        try {
            if (route.guarded()) {
                authenticate(ctx);
                if (draining && route.method() == HandlerType.POST) {
                    throw RewardService.shuttingDown();
                }
            }
            Object body = route.handler().handle(ctx);
            if (body != null) {
                ctx.status(200).contentType(JSON).result(Json.mapper().writeValueAsBytes(body));
            }
        } catch (ApiException e) {
            writeError(ctx, e);
        } catch (Exception | Error e) {
            log.error("internal error on " + route.method() + " " + endpoint, e);
            writeError(ctx, new ApiException(500, "internal_error", "internal server error; details are in the server log"));
        } finally {
            inFlight.decrementAndGet();
            metrics.request(endpoint, ctx.statusCode(), System.nanoTime() - t0);
        }
    }

    private void authenticate(Context ctx) {
        if (settings.token().isEmpty()) {
            return;
        }
        String header = ctx.header("Authorization");
        if (header == null) {
            throw new ApiException(401, "unauthorized", "missing Authorization header; send Authorization: Bearer <token>");
        }
        if (!settings.token().get().matchesHeader(header)) {
            throw new ApiException(401, "unauthorized", "wrong token; send Authorization: Bearer <token>");
        }
    }

    private void writeError(Context ctx, ApiException e) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.putObject("error").put("code", e.code()).put("message", e.getMessage());
        ctx.status(e.status()).contentType(JSON);
        if (e.status() == 401) {
            ctx.header("WWW-Authenticate", "Bearer");
        }
        if (e.retryAfterSeconds() > 0) {
            ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
        }
        ctx.result(Json.write(root).getBytes(StandardCharsets.UTF_8));
        metrics.error(e.code());
    }

    /** The body, read up to the size limit (Content-Length is checked first, chunked bodies as they arrive). */
    private JsonNode body(Context ctx) throws IOException {
        long declared = ctx.req().getContentLengthLong();
        if (declared > settings.maxBodyBytes()) {
            throw ApiException.tooLarge("the request body is " + declared + " bytes; the limit is "
                    + settings.maxBodyBytes() + " bytes (--max-body-bytes)");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 8192);
        byte[] buf = new byte[16384];
        long total = 0;
        try (InputStream in = ctx.req().getInputStream()) {
            for (int n; (n = in.read(buf)) > 0; ) {
                total += n;
                if (total > settings.maxBodyBytes()) {
                    throw ApiException.tooLarge("the request body is larger than the limit of " + settings.maxBodyBytes()
                            + " bytes (--max-body-bytes)");
                }
                out.write(buf, 0, n);
            }
        }
        return WireFormat.parseObject(out.toByteArray());
    }

    private long deadline() {
        return System.nanoTime() + settings.requestTimeout().toNanos();
    }

    private Object score(Context ctx) throws IOException {
        long deadline = deadline();
        List<ScoringRequest> items = wire.scoreItems(body(ctx));
        double[] scores = service.score(items, "items", deadline);
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("model", service.modelName());
        ArrayNode rewards = root.putArray("rewards");
        for (double s : scores) {
            rewards.add(s);
        }
        return root;
    }

    private Object compare(Context ctx) throws IOException {
        long deadline = deadline();
        List<PairwiseRequest> pairs = wire.pairs(body(ctx));
        List<RewardService.Comparison> results = service.compare(pairs, deadline);
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("model", service.modelName());
        ArrayNode arr = root.putArray("results");
        for (RewardService.Comparison c : results) {
            ObjectNode o = arr.addObject();
            o.put("preference", c.preference().wireName());
            if (c.scores() != null) {
                o.put("margin", c.scores()[0] - c.scores()[1]);
                o.putArray("scores").add(c.scores()[0]).add(c.scores()[1]);
            }
            if (c.rationale() != null) {
                o.put("rationale", c.rationale());
            }
        }
        return root;
    }

    private Object rank(Context ctx) throws IOException {
        long deadline = deadline();
        List<ScoringRequest> candidates = wire.rank(body(ctx));
        double[] scores = service.score(candidates, "candidates", deadline);
        List<Integer> order = new ArrayList<>(scores.length);
        for (int i = 0; i < scores.length; i++) {
            order.add(i);
        }
        // best first; equal scores keep the order they were given in
        order.sort(Comparator.comparingDouble((Integer i) -> -scores[i]));
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("model", service.modelName());
        ArrayNode s = root.putArray("scores");
        for (double v : scores) {
            s.add(v);
        }
        ArrayNode o = root.putArray("order");
        order.forEach(o::add);
        return root;
    }

    private Object getReward(Context ctx) throws IOException {
        long deadline = deadline();
        WireFormat.RewardQueries q = wire.rewardQueries(body(ctx));
        List<ScoringRequest> requests = new ArrayList<>(q.queries().size());
        for (int i = 0; i < q.queries().size(); i++) {
            String prompt = q.prompts() == null ? "" : q.prompts().get(i);
            OpenRlhfQueries.Split split = OpenRlhfQueries.split(q.queries().get(i), prompt);
            if (!split.promptFound()) {
                metrics.promptNotFound();
            }
            requests.add(new ScoringRequest(Task.T2T, q.criteria().get(i), prompt, List.of(),
                    Response.text(split.response())));
        }
        double[] scores = service.score(requests, "query", deadline);
        ObjectNode root = Json.mapper().createObjectNode();
        ArrayNode rewards = root.putArray("rewards");
        ArrayNode sc = root.putArray("scores");
        for (double v : scores) {
            rewards.add(v);
            sc.add(v);
        }
        root.putObject("extra_logs");
        return root;
    }

    private Object health(Context ctx) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("status", "ok");
        return root;
    }

    private Object ready(Context ctx) {
        ObjectNode root = Json.mapper().createObjectNode();
        RewardService.State st = draining ? RewardService.State.CLOSED : service.state();
        root.put("status", switch (st) {
            case READY -> "ready";
            case LOADING -> "loading";
            case FAILED -> "failed";
            case CLOSED -> "shutting_down";
        });
        if (st == RewardService.State.READY) {
            root.put("model", service.modelName());
            root.put("kind", service.isScalar() ? "scalar" : "pairwise");
        }
        if (st == RewardService.State.FAILED) {
            root.put("message", service.failure());
        }
        ctx.status(st == RewardService.State.READY ? 200 : 503).contentType(JSON).result(Json.write(root));
        return null;
    }

    private Object metricsText(Context ctx) {
        ctx.contentType(ServerMetrics.CONTENT_TYPE).result(metrics.scrape());
        return null;
    }

    /**
     * Stops gracefully: refuses new work (503), waits up to the shutdown grace for the requests
     * already accepted, lets the model finish its queue and closes it, then stops listening. Safe to
     * call more than once and from several threads.
     */
    public void stop() {
        if (!stopping.compareAndSet(false, true)) {
            awaitStopped();
            return;
        }
        draining = true;
        log.info("shutting down: refusing new work, finishing " + inFlight.get() + " request(s) in progress");
        long until = System.nanoTime() + settings.shutdownGrace().toNanos();
        try {
            while (inFlight.get() > 0 && System.nanoTime() < until) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        service.close();
        app.stop();
        log.info("stopped");
        stopped.countDown();
    }

    /** Waits until {@link #stop()} has finished. */
    public void awaitStopped() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static long millisSince(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }
}
