package org.omnireward.core.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LruCacheTest {

    @Test
    void keeps_at_most_capacity_entries_evicting_the_least_recently_used() {
        LruCache<String, Integer> c = LruCache.ofEntries(2);
        c.put("a", 1);
        c.put("b", 2);
        assertThat(c.getIfPresent("a")).isEqualTo(1); // a is now the most recent
        c.put("c", 3);
        assertThat(c.size()).isEqualTo(2);
        assertThat(c.getIfPresent("b")).isNull();
        assertThat(c.getIfPresent("a")).isEqualTo(1);
        assertThat(c.getIfPresent("c")).isEqualTo(3);
        assertThat(c.hits()).isEqualTo(3);
        assertThat(c.misses()).isEqualTo(1);
    }

    @Test
    void bounds_the_total_weight_and_keeps_nothing_heavier_than_the_capacity() {
        LruCache<String, String> c = LruCache.ofWeight(10, String::length);
        c.put("a", "xxxx");
        c.put("b", "yyyy");
        c.put("c", "zzzz"); // 12 > 10: a goes
        assertThat(c.getIfPresent("a")).isNull();
        assertThat(c.weight()).isEqualTo(8);
        assertThat(c.get("big", k -> "0123456789A")).isEqualTo("0123456789A");
        assertThat(c.getIfPresent("big")).isNull();
        assertThat(c.size()).isEqualTo(2);
    }

    @Test
    void a_missing_value_is_computed_once_and_then_served() {
        LruCache<String, String> c = LruCache.ofEntries(4);
        AtomicInteger calls = new AtomicInteger();
        assertThat(c.get("k", k -> "v" + calls.incrementAndGet())).isEqualTo("v1");
        assertThat(c.get("k", k -> "v" + calls.incrementAndGet())).isEqualTo("v1");
        assertThat(calls).hasValue(1);
        assertThat(c.hits()).isEqualTo(1);
        assertThat(c.misses()).isEqualTo(1);
    }

    @Test
    void callers_asking_for_a_key_being_computed_wait_for_that_value() throws Exception {
        LruCache<String, String> c = LruCache.ofWeight(0, String::length); // keeps nothing: only the wait can share
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r);
            synchronized (threads) {
                threads.add(t);
            }
            return t;
        });
        try {
            List<Future<String>> all = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                all.add(pool.submit(() -> c.get("video", k -> {
                    calls.incrementAndGet();
                    await(release);
                    return "frames";
                })));
            }
            // one thread computes (waiting on the latch), the three others wait for its value
            waitUntilAllWaiting(threads, 4);
            release.countDown();
            for (Future<String> f : all) {
                assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("frames");
            }
            assertThat(calls).hasValue(1);
            assertThat(c.misses()).isEqualTo(1);
            assertThat(c.hits()).isEqualTo(3);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void waitUntilAllWaiting(List<Thread> threads, int count) throws InterruptedException {
        for (int i = 0; i < 10_000; i++) {
            synchronized (threads) {
                if (threads.size() == count
                        && threads.stream()
                                .allMatch(t -> t.getState() == Thread.State.WAITING
                                        || t.getState() == Thread.State.TIMED_WAITING)) {
                    return;
                }
            }
            Thread.sleep(1);
        }
        throw new AssertionError("the threads never all waited: "
                + threads.stream().map(Thread::getState).toList());
    }

    @Test
    void a_failed_computation_is_not_kept_and_reaches_every_waiting_caller() throws Exception {
        LruCache<String, String> c = LruCache.ofEntries(4);
        CountDownLatch inLoader = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<String> first = pool.submit(() -> c.get("bad", k -> {
                inLoader.countDown();
                await(release);
                throw new IllegalArgumentException("corrupt video");
            }));
            assertThat(inLoader.await(10, TimeUnit.SECONDS)).isTrue();
            Future<String> waiter = pool.submit(() -> c.get("bad", k -> "fresh"));
            release.countDown();
            assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("corrupt video");
            String w;
            try {
                w = waiter.get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                w = e.getCause().getMessage();
            }
            assertThat(w).isIn("corrupt video", "fresh");
            assertThat(c.get("bad", k -> "fresh")).isEqualTo("fresh");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void capacity_must_be_at_least_one_entry() {
        assertThatThrownBy(() -> LruCache.ofEntries(0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
