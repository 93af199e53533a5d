package org.omnireward.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.omnireward.core.util.Json;

/**
 * Goodput under overload: many more clients than the model can serve within a short deadline. What
 * the model scores must reach clients (at least 80 %): work that cannot finish in time is refused at
 * once (429) or dropped before scoring, not scored and then thrown away at the deadline.
 */
class OverloadIT {

    @Test
    void under_overload_most_items_the_model_scores_reach_a_client() throws Exception {
        FakeModels.Scalar model = new FakeModels.Scalar();
        model.delayMillis = 5;
        model.perItemMillis = 2.5; // a batch of 16 takes 45 ms: about 350 items per second
        ServerHarness h = ServerHarness.ready(
                ServerSettings.builder()
                        .maxBatch(16)
                        .maxWait(Duration.ofMillis(2))
                        .queueCapacity(4096)
                        .requestTimeout(Duration.ofMillis(500)),
                model);
        ExecutorService pool = Executors.newFixedThreadPool(64);
        AtomicLong delivered = new AtomicLong();
        AtomicLong ok = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicLong late = new AtomicLong();
        AtomicLong slowestRefusalMs = new AtomicLong();
        String body = Json.write(Map.of("query", List.of("1", "2", "3", "4")));
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
        try {
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < 64; c++) {
                clients.add(pool.submit(() -> {
                    while (System.nanoTime() < until) {
                        long t0 = System.nanoTime();
                        ServerHarness.Answer a = h.post("/get_reward", body, null);
                        if (a.status() == 200) {
                            ok.incrementAndGet();
                            delivered.addAndGet(a.json().get("rewards").size());
                        } else if (a.status() == 429) {
                            refused.incrementAndGet();
                            assertThat(a.errorCode()).isEqualTo("overloaded");
                            assertThat(a.header("Retry-After")).isNotNull();
                            slowestRefusalMs.accumulateAndGet((System.nanoTime() - t0) / 1_000_000, Math::max);
                            Thread.sleep(20);
                        } else {
                            assertThat(a.status()).as(a.body()).isEqualTo(503);
                            assertThat(a.errorCode()).isEqualTo("deadline_exceeded");
                            late.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : clients) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        String metrics = h.get("/metrics", null).body();
        h.close();
        double scored = metric(metrics, "omni_reward_items_model_scored_total");
        assertThat(scored).as("items the model scored").isPositive();
        double goodput = delivered.get() / scored;
        System.out.printf(
                "overload: delivered %d, scored %.0f, goodput %.3f, 200 %d, 429 %d, 503 %d%n",
                delivered.get(), scored, goodput, ok.get(), refused.get(), late.get());
        assertThat(refused.get()).as("requests refused with 429").isPositive();
        assertThat(ok.get()).isPositive();
        assertThat(goodput)
                .as(
                        "rewards delivered %d / items scored %.0f (200: %d, 429: %d, 503: %d)",
                        delivered.get(), scored, ok.get(), refused.get(), late.get())
                .isGreaterThanOrEqualTo(0.8);
        // a refusal comes at once, not at the deadline
        assertThat(slowestRefusalMs.get()).isLessThan(500);
    }

    @Test
    void a_judge_refuses_at_once_the_pairs_it_cannot_judge_before_their_deadline() throws Exception {
        FakeModels.Judge judge = new FakeModels.Judge();
        judge.delayMillis = 200;
        ServerHarness h = ServerHarness.ready(
                ServerSettings.builder().pairwiseConcurrency(2).requestTimeout(Duration.ofMillis(700)), judge);
        String pair = "{\"pairs\": [{\"prompt\": \"p\", \"response1\": \"a\", \"response2\": \"bb\"}]}";
        try {
            assertThat(h.post("/v1/compare", pair, null).status()).isEqualTo(200); // learns: about 200 ms a call
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<Future<long[]>> answers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                answers.add(pool.submit(() -> {
                    long t0 = System.nanoTime();
                    ServerHarness.Answer a = h.post("/v1/compare", pair, null);
                    if (a.status() == 429) {
                        assertThat(a.errorCode()).isEqualTo("overloaded");
                    }
                    return new long[] {a.status(), (System.nanoTime() - t0) / 1_000_000};
                }));
            }
            int ok = 0;
            int refused = 0;
            for (Future<long[]> f : answers) {
                long[] r = f.get(30, TimeUnit.SECONDS);
                if (r[0] == 200) {
                    ok++;
                } else if (r[0] == 429) {
                    refused++;
                    assertThat(r[1]).as("a refusal comes before the deadline").isLessThan(700);
                } else {
                    assertThat(r[0]).isEqualTo(503);
                }
            }
            pool.shutdownNow();
            // 2 calls at once, 200 ms each, 700 ms deadline: about 6 of 16 can be judged in time
            assertThat(ok).isPositive();
            assertThat(refused).isPositive();
        } finally {
            h.close();
        }
    }

    private static double metric(String text, String name) {
        for (String line : text.split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        }
        throw new AssertionError(name + " is not in /metrics");
    }
}
