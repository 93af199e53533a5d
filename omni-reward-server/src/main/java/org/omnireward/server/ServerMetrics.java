package org.omnireward.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The server's metrics, kept in a Micrometer {@link PrometheusMeterRegistry} and served by
 * {@code GET /metrics} in the Prometheus text format: requests by endpoint and status, a latency
 * histogram per endpoint, batch sizes and durations, queue depth, requests in flight, errors by
 * code, items scored, OpenRLHF queries whose prompt was not found, and JVM memory and threads.
 */
final class ServerMetrics {

    /** The content type of the Prometheus text exposition format. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
                Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofSeconds(60)
    };

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final DistributionSummary batchSize;
    private final Timer batchDuration;
    private final Counter itemsScored;
    private final Counter promptNotFound;
    private final java.util.List<Object> held = new java.util.concurrent.CopyOnWriteArrayList<>();

    ServerMetrics(Supplier<Number> queueDepth, Supplier<Number> inFlight, Supplier<Number> ready) {
        batchSize = DistributionSummary.builder("omni_reward.batch.size")
                .description("Items per call to the model (micro-batches merged across clients)")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256)
                .register(registry);
        batchDuration = Timer.builder("omni_reward.batch.duration")
                .description("Time the model took to score one batch")
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry);
        itemsScored = Counter.builder("omni_reward.items.scored")
                .description("Responses scored or pairs judged")
                .register(registry);
        promptNotFound = Counter.builder("omni_reward.openrlhf.prompt.not.found")
                .description("get_reward queries that did not contain their prompt (the longest common prefix was cut)")
                .register(registry);
        Gauge.builder("omni_reward.queue.depth", queueDepth)
                .description("Items waiting to be scored or judged")
                .register(registry);
        Gauge.builder("omni_reward.requests.in.flight", inFlight)
                .description("Requests being answered now")
                .register(registry);
        Gauge.builder("omni_reward.model.ready", ready)
                .description("1 once the model is loaded, else 0")
                .register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
    }

    /** A gauge read from {@code value} at each scrape ({@code name} in Micrometer's dotted form). */
    void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    /** A counter read from {@code total} at each scrape (a monotonic count kept elsewhere). */
    void counter(String name, String description, java.util.function.LongSupplier total) {
        held.add(total); // Micrometer keeps only a weak reference to what a function counter reads
        io.micrometer.core.instrument.FunctionCounter.builder(name, total, t -> t.getAsLong())
                .description(description)
                .register(registry);
    }

    /** One answered request. */
    void request(String endpoint, int status, long nanos) {
        Counter.builder("omni_reward.requests")
                .description("HTTP requests answered, by endpoint and status")
                .tag("endpoint", endpoint)
                .tag("status", Integer.toString(status))
                .register(registry)
                .increment();
        Timer.builder("omni_reward.request.duration")
                .description("Time to answer a request, by endpoint")
                .tag("endpoint", endpoint)
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One error answer, by its code ({@code malformed_json}, {@code queue_full}, ...). */
    void error(String code) {
        Counter.builder("omni_reward.errors")
                .description("Error answers by code")
                .tag("code", code)
                .register(registry)
                .increment();
    }

    /** One batch the model scored. */
    void batch(int size, long nanos) {
        batchSize.record(size);
        batchDuration.record(nanos, TimeUnit.NANOSECONDS);
    }

    void itemsScored(int n) {
        itemsScored.increment(n);
    }

    void promptNotFound() {
        promptNotFound.increment();
    }

    /** Everything, in the Prometheus text format. */
    String scrape() {
        return registry.scrape();
    }
}
