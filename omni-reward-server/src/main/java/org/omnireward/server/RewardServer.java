package org.omnireward.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
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
    record Route(HandlerType method, String path, boolean guarded, Endpoint handler) {}

    @FunctionalInterface
    interface Endpoint {
        /**
         * Writes the answer to {@code ctx} and returns null, or returns the JSON value to write with
         * status 200, or a {@link CompletableFuture} of it (no thread waits while the model works).
         */
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
    private BodyGate gate;
    private Executor executor;

    private RewardServer(ServerSettings settings, ServerLog log) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.log = Objects.requireNonNull(log, "log");
        this.service = new RewardService(settings, log);
        this.metrics = new ServerMetrics(
                service::queueDepth, inFlight::get, () -> service.state() == RewardService.State.READY ? 1 : 0);
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
    public static RewardServer start(
            ServerSettings settings, Supplier<? extends RewardModel> modelFactory, ServerLog log) {
        RewardServer s = new RewardServer(settings, log);
        s.listen();
        Thread loader = new Thread(
                () -> {
                    long t0 = System.nanoTime();
                    s.service.load(modelFactory);
                    if (s.service.state() == RewardService.State.READY) {
                        log.info("model " + s.service.modelName() + " loaded in " + millisSince(t0) + " ms; ready ("
                                + millisSince(s.startNanos) + " ms after start)");
                    }
                    s.loaded.countDown();
                },
                "model-loader");
        loader.setDaemon(true);
        loader.start();
        return s;
    }

    /** Jetty: a bounded thread pool, the {@link BodyGate} before every route, JSON error pages, no version header. */
    private void configureJetty(JavalinConfig config) {
        QueuedThreadPool pool = new QueuedThreadPool(settings.maxThreads(), 8, 60_000);
        pool.setName("reward-http");
        config.jetty.threadPool = pool;
        executor = pool;
        JsonErrorHandler errors = new JsonErrorHandler((status, code) -> metrics.error(code));
        config.jetty.modifyServer(server -> {
            // bodies are read without holding a thread, within limits, before a route sees them
            gate = new BodyGate(settings, log, (status, code) -> metrics.error(code));
            server.insertHandler(gate);
            server.setErrorHandler(errors);
        });
        config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(errors));
        config.jetty.modifyHttpConfiguration(http -> http.setSendServerVersion(false));
    }

    /** The API's routes (HEAD too, for each GET) and the JSON answers to 404, 405 and unhandled errors. */
    private void addRoutes(JavalinConfig config) {
        for (Route r : routes) {
            config.routes.addHttpHandler(r.method(), r.path(), ctx -> handle(ctx, r));
            if (r.method() == HandlerType.GET) { // HEAD answers as GET does (status, headers, auth), without the body
                config.routes.addHttpHandler(HandlerType.HEAD, r.path(), ctx -> handle(ctx, r));
            }
        }
        config.routes.error(
                404,
                ctx -> writeError(
                        ctx,
                        new ApiException(
                                404,
                                "not_found",
                                "no endpoint " + ctx.method() + " " + ApiException.echo(ctx.path())
                                        + "; see GET /openapi.json")));
        config.routes.error(
                405,
                ctx -> writeError(
                        ctx,
                        new ApiException(
                                405,
                                "method_not_allowed",
                                ctx.method() + " is not allowed on " + ApiException.echo(ctx.path())
                                        + "; see GET /openapi.json")));
        config.routes.exception(Exception.class, (e, ctx) -> {
            log.error("unhandled error on " + ApiException.echo(ctx.path()), e);
            writeError(
                    ctx,
                    new ApiException(500, "internal_error", "internal server error; details are in the server log"));
        });
    }

    /** The gauges and counters of the body gate and the model's queue. */
    private void registerGauges() {
        metrics.gauge(
                "omni_reward.body.bytes.held",
                "Bytes of request bodies held now (read, parsed or scored)",
                () -> gate.bytesHeld());
        metrics.gauge("omni_reward.body.readers", "Request bodies being read now", () -> gate.readers());
        metrics.counter(
                "omni_reward.items.dropped",
                "Items dropped before scoring: their deadline would have passed first",
                service::itemsDropped);
        metrics.counter(
                "omni_reward.items.model.scored",
                "Items the model scored, whether or not their answer reached a" + " client",
                service::itemsModelScored);
    }

    private void listen() {
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.startup.startupWatcherEnabled = false;
            config.http.maxRequestSize = settings.maxBodyBytes();
            config.http.prefer405over404 = true;
            configureJetty(config);
            addRoutes(config);
        });
        registerGauges();
        try {
            app.start(settings.host(), settings.port());
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "cannot listen on " + settings.host() + ":" + settings.port() + ": "
                            + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()),
                    e);
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
    public Optional<String> loadFailure() {
        return service.state() == RewardService.State.FAILED ? Optional.of(service.failure()) : Optional.empty();
    }

    /** The routes served, in registration order (the OpenAPI test checks each is documented). */
    List<Route> routes() {
        return routes;
    }

    private void handle(Context ctx, Route route) {
        long t0 = System.nanoTime();
        inFlight.incrementAndGet();
        boolean async = false;
        try {
            if (route.guarded()) {
                authenticate(ctx);
                if (draining && route.method() == HandlerType.POST) {
                    throw RewardService.shuttingDown();
                }
            }
            Object body = route.handler().handle(ctx);
            if (body instanceof CompletableFuture<?> answer) {
                async = true;
                // the model's answer arrives on its own thread: the reply is written on an HTTP worker
                ctx.future(() -> answer.handleAsync(
                        (value, failure) -> {
                            try {
                                if (failure == null) {
                                    writeJson(ctx, value);
                                } else {
                                    writeFailure(
                                            ctx,
                                            route,
                                            failure instanceof CompletionException && failure.getCause() != null
                                                    ? failure.getCause()
                                                    : failure);
                                }
                            } finally {
                                finished(ctx, route, t0);
                            }
                            return null;
                        },
                        executor));
                return;
            }
            if (body != null) {
                writeJson(ctx, body);
            }
        } catch (Exception | Error e) {
            writeFailure(ctx, route, e);
        } finally {
            if (!async) {
                finished(ctx, route, t0);
            }
        }
    }

    private void writeJson(Context ctx, Object body) {
        try {
            ctx.status(200).contentType(JSON).result(Json.mapper().writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeFailure(Context ctx, Route route, Throwable e) {
        if (e instanceof ApiException a) {
            writeError(ctx, a);
            return;
        }
        log.error("internal error on " + route.method() + " " + route.path(), e);
        writeError(
                ctx, new ApiException(500, "internal_error", "internal server error; details are in the server log"));
    }

    private void finished(Context ctx, Route route, long t0) {
        inFlight.decrementAndGet();
        metrics.request(route.path(), ctx.statusCode(), System.nanoTime() - t0);
    }

    private void authenticate(Context ctx) {
        if (settings.token().isEmpty()) {
            return;
        }
        String header = ctx.header("Authorization");
        if (header == null) {
            throw new ApiException(
                    401, "unauthorized", "missing Authorization header; send Authorization: Bearer <token>");
        }
        if (!settings.token().get().matchesHeader(header)) {
            throw new ApiException(401, "unauthorized", "wrong token; send Authorization: Bearer <token>");
        }
    }

    private void writeError(Context ctx, ApiException e) {
        ctx.status(e.status()).contentType(JSON);
        if (e.status() == 401) {
            ctx.header("WWW-Authenticate", "Bearer");
        }
        if (e.retryAfterSeconds() > 0) {
            ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
        }
        ctx.result(e.json());
        metrics.error(e.code());
    }

    /** The body {@link BodyGate} read, parsed; the deadline is checked after parsing. */
    private JsonNode body(Context ctx, long deadline) {
        BodyGate.RequestBody body = ctx.attribute(BodyGate.BODY);
        JsonNode node = wire.parseObject(body);
        service.checkDeadline(deadline);
        return node;
    }

    /** The request's deadline: {@code --request-timeout} after its headers arrived (the body's time counts). */
    private long deadline(Context ctx) {
        Long headers = ctx.attribute(BodyGate.HEADERS_NANOS);
        return (headers != null ? headers : System.nanoTime())
                + settings.requestTimeout().toNanos();
    }

    private Object score(Context ctx) {
        long deadline = deadline(ctx);
        List<ScoringRequest> items = wire.scoreItems(body(ctx, deadline));
        service.checkDeadline(deadline);
        return service.score(items, "items", deadline).thenApply(scores -> {
            ObjectNode root = Json.mapper().createObjectNode();
            root.put("model", service.modelName());
            ArrayNode rewards = root.putArray("rewards");
            for (double s : scores) {
                rewards.add(s);
            }
            return root;
        });
    }

    private Object compare(Context ctx) {
        long deadline = deadline(ctx);
        List<PairwiseRequest> pairs = wire.pairs(body(ctx, deadline));
        service.checkDeadline(deadline);
        return service.compare(pairs, deadline).thenApply(this::comparisons);
    }

    private ObjectNode comparisons(List<RewardService.Comparison> results) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("model", service.modelName());
        ArrayNode arr = root.putArray("results");
        for (RewardService.Comparison c : results) {
            ObjectNode o = arr.addObject();
            o.put("preference", c.preference());
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

    private Object rank(Context ctx) {
        long deadline = deadline(ctx);
        List<ScoringRequest> candidates = wire.rank(body(ctx, deadline));
        service.checkDeadline(deadline);
        return service.score(candidates, "candidates", deadline).thenApply(this::ranking);
    }

    private ObjectNode ranking(double[] scores) {
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

    private Object getReward(Context ctx) {
        long deadline = deadline(ctx);
        WireFormat.RewardQueries q = wire.rewardQueries(body(ctx, deadline));
        List<ScoringRequest> requests = new ArrayList<>(q.queries().size());
        for (int i = 0; i < q.queries().size(); i++) {
            String prompt = q.prompts() == null ? "" : q.prompts().get(i);
            OpenRlhfQueries.Split split = OpenRlhfQueries.split(q.queries().get(i), prompt);
            if (!split.promptFound()) {
                metrics.promptNotFound();
            }
            requests.add(new ScoringRequest(
                    Task.T2T, q.criteria().get(i), prompt, List.of(), Response.text(split.response())));
        }
        service.checkDeadline(deadline); // splitting counts against the deadline too
        return service.score(requests, "query", deadline).thenApply(this::rewards);
    }

    private ObjectNode rewards(double[] scores) {
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
        root.put(
                "status",
                switch (st) {
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
        ctx.status(st == RewardService.State.READY ? 200 : 503)
                .contentType(JSON)
                .result(Json.write(root));
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
