package org.omnireward.scalar.remote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.omnireward.core.AbstractTextScalarRewardModel;
import org.omnireward.core.AuthenticationException;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.MediaFormat;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Modality;
import org.omnireward.core.NonRetriableException;
import org.omnireward.core.OmniRewardException;
import org.omnireward.core.RateLimitedException;
import org.omnireward.core.RetriableException;
import org.omnireward.core.ScoringRequest;
import org.omnireward.core.Task;
import org.omnireward.runtime.HttpFailures;
import org.omnireward.runtime.endpoint.Credentials;
import org.omnireward.runtime.endpoint.EndpointList;
import org.omnireward.runtime.endpoint.EndpointUrl;
import org.omnireward.runtime.endpoint.ReplicaSet;
import org.omnireward.runtime.endpoint.ReplicaStats;
import org.omnireward.runtime.endpoint.ReportsReplicas;

/**
 * A scalar reward model served elsewhere behind vLLM's pooling API ({@code vllm serve MODEL --runner
 * pooling}, e.g. a GPU-served Omni-RewardModel-BT or any sequence-classification reward model), so
 * that it is benchmarked and served through the same SPI as the in-process models.
 *
 * <p>Each {@link ScoringRequest} becomes one {@code POST {endpoint}} with a chat conversation:
 * <pre>
 * {"model": "OmniRewardModel-BT",                      (left out when no model name was given)
 *  "messages": [{"role": "system",    "content": CRITERIA},   (left out when the criteria are blank)
 *               {"role": "user",      "content": PROMPT},
 *               {"role": "assistant", "content": RESPONSE}]}
 * </pre>
 * The pooling API takes one conversation per request, so a batch is sent as concurrent requests, at
 * most {@code parallel} in flight per model instance (across concurrent {@link #scoreBatch} calls).
 * The reward is read from the answer {@code {"data":[{"index":0,"data":OUTPUT}]}} as
 * {@link PoolingResponseParser} describes (a number; the last, or {@code score-index}-th, of a list;
 * for token-level rows, the last token's row).
 *
 * <p>Tasks: the text-response tasks (t2t, ti2t, tv2t, ta2t) by default. Input media are <em>not</em>
 * sent: ti2t/tv2t/ta2t are scored from the prompt text alone, unless {@link Builder#optSendImages}
 * is set, which sends ti2t input images as OpenAI-style {@code image_url} parts with {@code data:}
 * URIs in the user message. Media-response tasks are unsupported.
 *
 * <p>Replicas: several endpoints (a comma-separated list, or a file of URLs) are the replicas of one
 * server; each request goes to the least-loaded healthy one ({@link ReplicaSet}), a replica that
 * cannot be reached or answers 5xx is taken out for a while, and a request it could not take goes to
 * another; {@link #replicaStats()} says how each was used.
 *
 * <p>HTTP: {@link HttpClient} forced to HTTP/1.1 (vLLM's uvicorn drops bodies sent over an HTTP/2
 * upgrade), connect and request timeouts, an optional API key sent as {@code Authorization: Bearer}.
 * The key is never logged and never appears in messages: server text quoted in errors has it masked.
 * Failures map as {@link PoolingFailures} says. This class does not retry: a failed request fails its
 * batch (the first non-retriable failure wins, so callers fall back to scoring items one by one),
 * and retrying is left to the caller's policy (the benchmark runner's backoff honours
 * {@link RateLimitedException#retryAfter()}).
 */
public final class PoolingRewardModel extends AbstractTextScalarRewardModel implements ReportsReplicas {

    /** The tasks scored by default: those with text responses. */
    public static final Set<Task> TEXT_RESPONSE_TASKS = Task.textResponseTasks();

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(120);
    public static final int DEFAULT_PARALLEL = 8;

    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private final URI endpoint;
    private final ReplicaSet<URI> replicas;
    private final String modelName;
    private final String apiKey;
    private final String keyHint;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final int parallel;
    private final Set<Task> tasks;
    private final boolean sendImages;
    private final int scoreIndex;
    private final Semaphore inFlight;
    private final ExecutorService executor;
    private final HttpClient http;
    private final Clock clock;

    private PoolingRewardModel(Builder b) {
        this.endpoint = b.endpoints.get(0);
        this.replicas = new ReplicaSet<>(b.endpoints, URI::toString);
        this.modelName = b.model;
        this.apiKey = b.apiKey;
        this.keyHint = b.apiKey == null
                ? "no API key was sent (set OMNI_REWARD_API_KEY, or name a variable with model option api-key-env)"
                : "the API key from " + b.apiKeySource + " was refused";
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.parallel = b.parallel;
        this.tasks = Collections.unmodifiableSet(EnumSet.copyOf(b.tasks));
        this.sendImages = b.sendImages;
        this.scoreIndex = b.scoreIndex;
        this.clock = b.clock;
        this.inFlight = new Semaphore(parallel, true);
        int clientNo = CLIENTS.incrementAndGet();
        AtomicInteger threadNo = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "pooling-http-" + clientNo + "-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
    }

    /** A builder; {@link Builder#setEndpoint} is required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "pooling:"
                + String.join(
                        ",", replicas.targets().stream().map(URI::toString).toList())
                + (modelName == null ? "" : "#" + modelName);
    }

    /** How the replicas were used (one entry per endpoint, in configured order). */
    @Override
    public List<ReplicaStats> replicaStats() {
        return replicas.stats();
    }

    /** Every endpoint requests go to, in configured order. */
    public List<URI> endpoints() {
        return replicas.targets();
    }

    @Override
    public Set<Task> supportedTasks() {
        return tasks;
    }

    /** Two requests per in-flight slot, so a batch keeps every slot busy. */
    @Override
    public int preferredBatchSize() {
        return Math.max(2, 2 * parallel);
    }

    /** The full URL requests go to, e.g. {@code http://gpu-box:8000/pooling} (the first, with several replicas). */
    public URI endpoint() {
        return endpoint;
    }

    /** The {@code model} field sent, if any. */
    public Optional<String> modelName() {
        return Optional.ofNullable(modelName);
    }

    /** The most requests in flight at once. */
    public int parallel() {
        return parallel;
    }

    /** How long one request may wait for its answer. */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /**
     * An item that cannot be sent fails alone and the rest of its batch is scored: a media response
     * (this is a text model), or, with images sent, an input image that cannot be read or is not of
     * a type the server accepts (only its first bytes are read here).
     */
    @Override
    protected void checkRequest(ScoringRequest request) {
        super.checkRequest(request);
        if (sendImages && request.task() == Task.TI2T) {
            for (MediaRef image : request.inputs()) {
                byte[] head;
                try (InputStream in = image.open()) {
                    head = in.readNBytes(MediaFormat.HEAD_BYTES);
                } catch (IOException e) {
                    throw new InvalidInputException(
                            "cannot read input image " + image.name() + ": " + e.getMessage(), e);
                }
                imageMimeType(image.extension(), head, image.name());
            }
        }
    }

    @Override
    protected double[] doScoreBatch(List<ScoringRequest> requests) {
        int n = requests.size();
        List<String> bodies = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            bodies.add(body(requests.get(i), i));
        }
        Batch batch = new Batch(n);
        List<CompletableFuture<Void>> launched = new ArrayList<>(n);
        try {
            for (int i = 0; i < n && batch.failures.get() == 0; i++) {
                inFlight.acquire();
                if (batch.failures.get() > 0) {
                    inFlight.release();
                    break;
                }
                int at = i;
                CompletableFuture<Void> f;
                try {
                    f = send(bodies.get(i), replicas.acquire(), new ArrayList<>(1))
                            .handle((score, err) -> {
                                batch.complete(at, score, err);
                                return null;
                            });
                } catch (RuntimeException e) {
                    inFlight.release();
                    throw e;
                }
                launched.add(f);
            }
            CompletableFuture.allOf(launched.toArray(new CompletableFuture<?>[0]))
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableException("interrupted while waiting for pooling server " + endpoint, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("pooling request handler failed", e.getCause());
        }
        if (batch.failures.get() > 0) {
            throw mostTelling(batch.errors);
        }
        return batch.scores;
    }

    /** The scores and errors of one batch, filled in as its requests complete (each frees its in-flight slot). */
    private final class Batch {
        final double[] scores;
        final OmniRewardException[] errors;
        final AtomicInteger failures = new AtomicInteger();

        Batch(int n) {
            scores = new double[n];
            errors = new OmniRewardException[n];
        }

        void complete(int at, Double score, Throwable err) {
            try {
                if (err == null) {
                    scores[at] = score;
                } else {
                    Throwable cause =
                            err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
                    errors[at] = cause instanceof OmniRewardException o
                            ? o
                            : new NonRetriableException(
                                    "pooling server " + endpoint + ": unexpected failure reading the answer: "
                                            + redact(String.valueOf(cause)),
                                    cause);
                    failures.incrementAndGet();
                }
            } finally {
                inFlight.release();
            }
        }
    }

    /**
     * Sends one request to the leased replica; a replica that cannot be reached or answers 502/503/504
     * is taken out of the rotation and the request goes to another healthy replica (each at most once).
     * A connection error or any 5xx counts against the replica; a timeout does not (the server is busy,
     * not gone, and sending it elsewhere would double the work).
     */
    private CompletableFuture<Double> send(String json, ReplicaSet.Lease<URI> lease, List<URI> tried) {
        URI target = lease.target();
        tried.add(target);
        return http.sendAsync(httpRequest(target, json), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .handle((resp, err) -> {
                    Throwable cause =
                            err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
                    boolean unhealthy;
                    boolean failOver;
                    if (cause != null) {
                        boolean busy = cause instanceof HttpTimeoutException
                                && !(cause instanceof HttpConnectTimeoutException);
                        unhealthy = !busy && cause instanceof IOException;
                        failOver = unhealthy;
                    } else {
                        unhealthy = resp.statusCode() >= 500;
                        failOver = resp.statusCode() == 502 || resp.statusCode() == 503 || resp.statusCode() == 504;
                    }
                    if (unhealthy) {
                        lease.failedUnhealthy();
                    } else if (cause != null) {
                        lease.finished();
                    } else {
                        lease.succeeded();
                    }
                    if (failOver) {
                        var next = replicas.acquireAnother(tried);
                        if (next.isPresent()) {
                            return send(json, next.get(), tried);
                        }
                    }
                    try {
                        return CompletableFuture.completedFuture(outcome(resp, cause, target));
                    } catch (RuntimeException e) {
                        return CompletableFuture.<Double>failedFuture(e);
                    }
                })
                .thenCompose(f -> f);
    }

    /**
     * The error that tells the caller most: authentication first (the run cannot go on), then a
     * non-retriable one (the caller can score the others one by one), then a rate limit with a wait,
     * then any retriable one.
     */
    private static OmniRewardException mostTelling(OmniRewardException[] errors) {
        OmniRewardException best = null;
        int bestRank = Integer.MAX_VALUE;
        for (OmniRewardException e : errors) {
            if (e == null) {
                continue;
            }
            int rank = e instanceof AuthenticationException
                    ? 0
                    : !e.isRetriable()
                            ? 1
                            : e instanceof RateLimitedException rl
                                            && rl.retryAfter().isPresent()
                                    ? 2
                                    : 3;
            if (rank < bestRank) {
                best = e;
                bestRank = rank;
            }
        }
        return best;
    }

    private double outcome(HttpResponse<String> resp, Throwable cause, URI target) {
        if (cause != null) {
            if (cause instanceof IOException io) {
                throw PoolingFailures.forIoFailure(io, target.toString(), connectTimeout, requestTimeout);
            }
            throw new RetriableException(
                    "pooling server " + target + ": request failed (" + redact(String.valueOf(cause)) + ")", cause);
        }
        String body = redact(resp.body());
        int status = resp.statusCode();
        if (status / 100 != 2) {
            throw PoolingFailures.forStatus(
                    status,
                    target.toString(),
                    PoolingResponseParser.serverMessage(body),
                    resp.headers().firstValue("Retry-After"),
                    keyHint,
                    clock);
        }
        return PoolingResponseParser.score(body, scoreIndex, target.toString());
    }

    private HttpRequest httpRequest(URI target, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(target)
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (apiKey != null) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        return b.build();
    }

    /** The JSON body for one request (package-private for tests). */
    String body(ScoringRequest r, int position) {
        ObjectNode root = PoolingResponseParser.JSON.createObjectNode();
        if (modelName != null) {
            root.put("model", modelName);
        }
        ArrayNode messages = root.putArray("messages");
        if (!r.criteria().isBlank()) {
            messages.addObject().put("role", "system").put("content", r.criteria());
        }
        ObjectNode user = messages.addObject().put("role", "user");
        List<MediaRef> images = sendImages && r.task() == Task.TI2T
                ? r.inputs().stream()
                        .filter(m -> m.modality() == Modality.IMAGE)
                        .toList()
                : List.of();
        if (images.isEmpty()) {
            user.put("content", r.prompt());
        } else {
            ArrayNode parts = user.putArray("content");
            for (MediaRef image : images) {
                parts.addObject()
                        .put("type", "image_url")
                        .putObject("image_url")
                        .put("url", dataUri(image, position));
            }
            parts.addObject().put("type", "text").put("text", r.prompt());
        }
        messages.addObject()
                .put("role", "assistant")
                .put("content", r.response().requireText());
        try {
            return PoolingResponseParser.JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a pooling request", e);
        }
    }

    private static String dataUri(MediaRef image, int position) {
        byte[] bytes;
        try {
            bytes = image.readAllBytes();
        } catch (IOException e) {
            throw new InvalidInputException(
                    "cannot read input image " + image.name() + " of request " + position + " of the batch: "
                            + e.getMessage(),
                    e);
        }
        return "data:" + imageMimeType(image.extension(), bytes, image.name()) + ";base64,"
                + Base64.getEncoder().encodeToString(bytes);
    }

    /** The image formats a pooling server is sent. */
    private static final Set<MediaFormat> SENT_IMAGES =
            EnumSet.of(MediaFormat.PNG, MediaFormat.JPEG, MediaFormat.GIF, MediaFormat.WEBP, MediaFormat.BMP);

    /** The MIME type of an image, by extension, else by its first bytes ({@link MediaFormat}). */
    static String imageMimeType(String extension, byte[] bytes, String name) {
        return MediaFormat.byExtension(extension)
                .filter(SENT_IMAGES::contains)
                .or(() -> MediaFormat.sniff(bytes, bytes.length).filter(SENT_IMAGES::contains))
                .map(MediaFormat::mimeType)
                .orElseThrow(
                        () -> new InvalidInputException("input image " + name + " is not PNG, JPEG, GIF, WebP or BMP;"
                                + " only those are sent to a pooling server (model option media=image)"));
    }

    /** {@code text} with the API key masked, for anything that may end up in a message or file. */
    private String redact(String text) {
        return text == null ? null : HttpFailures.redact(text, apiKey);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return name();
    }

    /** Settings of a {@link PoolingRewardModel}; {@code set*} is required, {@code opt*} optional. */
    public static final class Builder {
        private List<URI> endpoints;
        private String model;
        private String apiKey;
        private String apiKeySource = "the builder";
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private int parallel = DEFAULT_PARALLEL;
        private Set<Task> tasks = TEXT_RESPONSE_TASKS;
        private boolean sendImages;
        private int scoreIndex = -1;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /**
         * The server: a base URL such as {@code http://gpu-box:8000} (requests go to {@code
         * /pooling} under it) or the full URL ending in {@code /pooling}; several replicas as a
         * comma-separated list, or the path of a file with one URL per line.
         *
         * @throws InvalidInputException when one is not an http(s) URL with a host, or carries credentials,
         *     a query or a fragment (the message never repeats credentials)
         */
        public Builder setEndpoint(String baseUrl) {
            if (baseUrl == null || baseUrl.isBlank()) {
                throw new InvalidInputException(
                        "a pooling model needs the server URL, e.g. pooling:http://gpu-box:8000#MODEL");
            }
            List<URI> out = new ArrayList<>();
            for (EndpointUrl u : EndpointList.parse(baseUrl, "pooling server URL")) {
                if (u.hasUserInfo()) {
                    throw new InvalidInputException("pooling server URL " + u.display() + " must not carry credentials "
                            + "(they would end up in result files); put the API key in an environment variable "
                            + "(OMNI_REWARD_API_KEY or model option api-key-env)");
                }
                if (u.hasQuery()) {
                    throw new InvalidInputException("pooling server URL " + u.display() + " must not have a query or "
                            + "fragment (an API key belongs in an environment variable: OMNI_REWARD_API_KEY or model option "
                            + "api-key-env)");
                }
                out.add(poolingEndpoint(u.requestUrl("")));
            }
            this.endpoints = List.copyOf(out);
            return this;
        }

        /** The {@code model} field of each request (the served model name); none by default. */
        public Builder optModel(String model) {
            this.model = model == null || model.isBlank() ? null : model.trim();
            return this;
        }

        /**
         * The API key, sent as {@code Authorization: Bearer KEY}; null for none.
         *
         * @param source where it came from, for messages (e.g. {@code $OMNI_REWARD_API_KEY}); never the key
         */
        public Builder optApiKey(String key, String source) {
            if (key != null && !key.isBlank()) {
                String k = key.strip();
                if (k.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
                    throw new InvalidInputException("the API key from " + source + " contains control characters");
                }
                this.apiKey = k;
                this.apiKeySource = source == null ? "the builder" : source;
            } else {
                this.apiKey = null;
            }
            return this;
        }

        /** How long to wait for a TCP connection (default 10 s). */
        public Builder optConnectTimeout(Duration d) {
            this.connectTimeout = positive(d, "connect-timeout");
            return this;
        }

        /** How long to wait for the answer to one request (default 120 s). */
        public Builder optRequestTimeout(Duration d) {
            this.requestTimeout = positive(d, "timeout");
            return this;
        }

        /** The most requests in flight at once (default 8). */
        public Builder optParallel(int n) {
            if (n < 1) {
                throw new InvalidInputException("model option parallel must be at least 1, got " + n);
            }
            this.parallel = n;
            return this;
        }

        /** The tasks to accept; a subset of {@link #TEXT_RESPONSE_TASKS} (the default). */
        public Builder optTasks(Set<Task> t) {
            if (t == null || t.isEmpty()) {
                throw new InvalidInputException("model option tasks must name at least one task");
            }
            for (Task task : t) {
                if (!TEXT_RESPONSE_TASKS.contains(task)) {
                    throw new InvalidInputException(
                            "a pooling model scores text responses only; task " + task.id() + " (" + task.longName()
                                    + ") has " + task.responseModality().wireName() + " responses");
                }
            }
            this.tasks = EnumSet.copyOf(t);
            return this;
        }

        /** Send ti2t input images as {@code image_url} data URIs (default: media are not sent). */
        public Builder optSendImages(boolean send) {
            this.sendImages = send;
            return this;
        }

        /** Which value of a multi-value output is the reward; negative counts from the end (default −1: the last). */
        public Builder optScoreIndex(int index) {
            this.scoreIndex = index;
            return this;
        }

        /** The clock for HTTP-date {@code Retry-After} values (tests). */
        public Builder optClock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        public PoolingRewardModel build() {
            if (endpoints == null) {
                throw new InvalidInputException(
                        "a pooling model needs the server URL, e.g. pooling:http://gpu-box:8000#MODEL");
            }
            return new PoolingRewardModel(this);
        }

        private static Duration positive(Duration d, String option) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new InvalidInputException("model option " + option + " must be a positive duration, got " + d);
            }
            return d;
        }
    }

    /** {@code base} (server root, or the full {@code …/pooling} URL) as the URL requests go to. */
    static URI poolingEndpoint(String base) {
        if (base == null || base.isBlank()) {
            throw new InvalidInputException(
                    "a pooling model needs the server URL, e.g. pooling:http://gpu-box:8000#MODEL");
        }
        String s = base.trim();
        URI u;
        try {
            u = new URI(s);
        } catch (URISyntaxException e) {
            throw new InvalidInputException(
                    "pooling server URL '" + Credentials.maskUrls(s) + "' is not a valid URL: " + e.getReason());
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidInputException(
                    "pooling server URL '" + Credentials.maskUrls(s) + "' must start with http:// or https://");
        }
        if (u.getHost() == null || u.getHost().isBlank()) {
            throw new InvalidInputException("pooling server URL '" + Credentials.maskUrls(s) + "' has no host");
        }
        if (u.getRawUserInfo() != null) {
            throw new InvalidInputException(
                    "pooling server URL must not carry credentials (they would end up in "
                            + "result files); put the API key in an environment variable (OMNI_REWARD_API_KEY or model option api-key-env)");
        }
        if (u.getRawQuery() != null || u.getRawFragment() != null) {
            throw new InvalidInputException(
                    "pooling server URL '" + Credentials.maskUrls(s) + "' must not have a query or fragment"
                            + " (an API key belongs in an environment variable: OMNI_REWARD_API_KEY or model option api-key-env)");
        }
        String path = u.getRawPath() == null ? "" : u.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (!path.endsWith("/pooling")) {
            path = path + "/pooling";
        }
        return URI.create(scheme + "://" + u.getRawAuthority() + path);
    }
}
