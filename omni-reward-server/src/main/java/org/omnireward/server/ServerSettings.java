package org.omnireward.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.omnireward.core.InvalidInputException;

/**
 * How a {@link RewardServer} listens, authenticates, batches and limits. Built with {@link
 * #builder()}; {@link Builder#build()} checks every value and the bind rule: without a token the
 * server only listens on a loopback address, unless {@code insecure} is set.
 *
 * @param host the address to bind (default {@code 127.0.0.1})
 * @param port the port; 0 picks a free one
 * @param token the bearer token clients must send, if any
 * @param insecure allow a non-loopback bind without a token
 * @param defaultCriteria the criterion for items that do not give one
 * @param maxBatch most items the model scores in one call (micro-batching)
 * @param maxWait longest time the first item of a batch waits for others
 * @param queueCapacity most items waiting to be scored (scalar) or judged (pairwise); beyond it, 429
 * @param pairwiseConcurrency judge calls at once (pairwise models)
 * @param requestTimeout per-request deadline: a request not answered by then gets 503
 * @param maxBodyBytes largest request body; beyond it, 413
 * @param maxItems most items (or pairs, candidates, queries) in one request; beyond it, 413
 * @param maxTextChars longest text field; beyond it, 413
 * @param maxMediaBytes largest decoded media item; beyond it, 413
 * @param shutdownGrace how long a graceful stop waits for accepted requests
 * @param maxThreads the HTTP server's largest thread pool
 * @param minBodyRate bytes per second a request body must arrive at, on average, after its first two
 *     seconds; slower, 408 (0: no minimum; the request deadline still applies)
 * @param maxBodyReaders most request bodies read at once; beyond it the slowest is cut off or 503
 * @param maxInflightBodyBytes most bytes of request bodies held at once (being read, parsed or scored);
 *     beyond it, 503
 */
public record ServerSettings(
        String host,
        int port,
        Optional<BearerToken> token,
        boolean insecure,
        String defaultCriteria,
        int maxBatch,
        Duration maxWait,
        int queueCapacity,
        int pairwiseConcurrency,
        Duration requestTimeout,
        long maxBodyBytes,
        int maxItems,
        int maxTextChars,
        long maxMediaBytes,
        Duration shutdownGrace,
        int maxThreads,
        long minBodyRate,
        int maxBodyReaders,
        long maxInflightBodyBytes) {

    public static final String DEFAULT_HOST = "127.0.0.1";

    public ServerSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(defaultCriteria, "defaultCriteria");
        Objects.requireNonNull(maxWait, "maxWait");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether {@code host} is a loopback address (127.0.0.0/8, ::1, localhost). */
    public static boolean isLoopback(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            throw new InvalidInputException("--host " + host + ": unknown host");
        }
    }

    /** Builder of {@link ServerSettings}; every setter has a default. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = 8080;
        private BearerToken token;
        private boolean insecure;
        private String defaultCriteria =
                "Prefer the response that is more helpful, honest and harmless, and that follows the instruction.";
        private int maxBatch = 32;
        private Duration maxWait = Duration.ofMillis(5);
        private int queueCapacity = 1024;
        private int pairwiseConcurrency = 8;
        private Duration requestTimeout = Duration.ofSeconds(60);
        private long maxBodyBytes = 32L << 20;
        private int maxItems = 256;
        private int maxTextChars = 200_000;
        private long maxMediaBytes = 16L << 20;
        private Duration shutdownGrace = Duration.ofSeconds(30);
        private int maxThreads = 256;
        private long minBodyRate = 1024;
        private int maxBodyReaders = 256;
        private long maxInflightBodyBytes;

        private Builder() {}

        public Builder host(String v) {
            host = v;
            return this;
        }

        public Builder port(int v) {
            port = v;
            return this;
        }

        public Builder token(BearerToken v) {
            token = v;
            return this;
        }

        public Builder insecure(boolean v) {
            insecure = v;
            return this;
        }

        public Builder defaultCriteria(String v) {
            defaultCriteria = v;
            return this;
        }

        public Builder maxBatch(int v) {
            maxBatch = v;
            return this;
        }

        public Builder maxWait(Duration v) {
            maxWait = v;
            return this;
        }

        public Builder queueCapacity(int v) {
            queueCapacity = v;
            return this;
        }

        public Builder pairwiseConcurrency(int v) {
            pairwiseConcurrency = v;
            return this;
        }

        public Builder requestTimeout(Duration v) {
            requestTimeout = v;
            return this;
        }

        public Builder maxBodyBytes(long v) {
            maxBodyBytes = v;
            return this;
        }

        public Builder maxItems(int v) {
            maxItems = v;
            return this;
        }

        public Builder maxTextChars(int v) {
            maxTextChars = v;
            return this;
        }

        public Builder maxMediaBytes(long v) {
            maxMediaBytes = v;
            return this;
        }

        public Builder shutdownGrace(Duration v) {
            shutdownGrace = v;
            return this;
        }

        public Builder maxThreads(int v) {
            maxThreads = v;
            return this;
        }

        public Builder minBodyRate(long v) {
            minBodyRate = v;
            return this;
        }

        public Builder maxBodyReaders(int v) {
            maxBodyReaders = v;
            return this;
        }

        /** 0 (the default) for {@link #defaultInflightBodyBytes}. */
        public Builder maxInflightBodyBytes(long v) {
            maxInflightBodyBytes = v;
            return this;
        }

        /**
         * The settings, checked.
         *
         * @throws InvalidInputException for a value out of range, a blank default criterion, or a
         *     non-loopback host without a token and without {@code insecure}
         */
        /** --host, --port and --criteria. */
        private void checkAddress() {
            if (host == null || host.isBlank()) {
                throw new InvalidInputException("--host is empty");
            }
            if (port < 0 || port > 65535) {
                throw new InvalidInputException("--port must be between 0 and 65535, got " + port);
            }
            if (defaultCriteria == null || defaultCriteria.isBlank()) {
                throw new InvalidInputException("--criteria is empty; say what makes a response better");
            }
        }

        /** The counts and sizes that must be positive, and --min-body-rate. */
        private void checkSizes() {
            positive("--max-batch", maxBatch);
            positive("--queue-capacity", queueCapacity);
            positive("--concurrency", pairwiseConcurrency);
            positive("--max-items", maxItems);
            positive("--max-text-chars", maxTextChars);
            positive("--max-body-bytes", maxBodyBytes);
            positive("--max-media-bytes", maxMediaBytes);
            if (minBodyRate < 0) {
                throw new InvalidInputException("--min-body-rate must not be negative, got " + minBodyRate);
            }
            positive("--max-body-readers", maxBodyReaders);
        }

        /** --max-inflight-body-bytes, or its default for --max-body-bytes; never below one largest body. */
        private long inflightBodyBytes() {
            long inflight = maxInflightBodyBytes == 0 ? defaultInflightBodyBytes(maxBodyBytes) : maxInflightBodyBytes;
            if (inflight < maxBodyBytes) {
                throw new InvalidInputException("--max-inflight-body-bytes (" + inflight + ") is smaller than"
                        + " --max-body-bytes (" + maxBodyBytes + "): a body of the largest size could never be read");
            }
            return inflight;
        }

        /** --threads and the durations. */
        private void checkThreadsAndTimes() {
            if (maxThreads < 8) {
                throw new InvalidInputException("--threads must be at least 8, got " + maxThreads);
            }
            if (maxWait.isNegative()) {
                throw new InvalidInputException("--max-wait must not be negative");
            }
            if (requestTimeout.isNegative() || requestTimeout.isZero()) {
                throw new InvalidInputException("--request-timeout must be positive");
            }
            if (shutdownGrace.isNegative()) {
                throw new InvalidInputException("--shutdown-grace must not be negative");
            }
        }

        public ServerSettings build() {
            checkAddress();
            checkSizes();
            long inflight = inflightBodyBytes();
            checkThreadsAndTimes();
            if (maxItems > queueCapacity) {
                throw new InvalidInputException("--max-items (" + maxItems + ") is larger than --queue-capacity ("
                        + queueCapacity + "): such a request could never be queued");
            }
            if (token == null && !insecure && !isLoopback(host)) {
                throw new InvalidInputException("refusing to serve on " + host
                        + " without a token: give --token-file FILE"
                        + " (or the " + BearerToken.ENV + " environment variable), bind a loopback address, or pass"
                        + " --insecure if the network is trusted");
            }
            return new ServerSettings(
                    host,
                    port,
                    Optional.ofNullable(token),
                    insecure,
                    defaultCriteria.strip(),
                    maxBatch,
                    maxWait,
                    queueCapacity,
                    pairwiseConcurrency,
                    requestTimeout,
                    maxBodyBytes,
                    maxItems,
                    maxTextChars,
                    maxMediaBytes,
                    shutdownGrace,
                    maxThreads,
                    minBodyRate,
                    maxBodyReaders,
                    inflight);
        }

        /**
         * An eighth of the JVM's maximum heap, at most 256 MiB and at least {@code maxBodyBytes}: a
         * parsed body takes a few times its size on the heap (the JSON tree, decoded media).
         */
        static long defaultInflightBodyBytes(long maxBodyBytes) {
            return Math.max(
                    maxBodyBytes, Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 8));
        }

        private static void positive(String name, long v) {
            if (v < 1) {
                throw new InvalidInputException(name + " must be at least 1, got " + v);
            }
        }
    }
}
