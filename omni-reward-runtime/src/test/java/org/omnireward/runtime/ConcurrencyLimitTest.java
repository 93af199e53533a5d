package org.omnireward.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConcurrencyLimitTest {

    @Test
    void never_more_than_the_limit_hold_a_permit_across_8_threads() throws Exception {
        ConcurrencyLimit limit = new ConcurrencyLimit(3);
        AtomicInteger holding = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 50; i++) {
                        try (ConcurrencyLimit.Permit p = limit.acquire()) {
                            int now = holding.incrementAndGet();
                            most.accumulateAndGet(now, Math::max);
                            assertThat(limit.inUse()).isBetween(1, 3);
                            Thread.yield();
                            holding.decrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(20, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(most.get()).isBetween(1, 3);
        assertThat(limit.inUse()).isZero();
    }

    @Test
    void closing_a_permit_twice_releases_it_once() throws Exception {
        ConcurrencyLimit limit = new ConcurrencyLimit(2);
        ConcurrencyLimit.Permit p = limit.acquire();
        ConcurrencyLimit.Permit q = limit.acquire();
        assertThat(limit.inUse()).isEqualTo(2);
        p.close();
        p.close();
        assertThat(limit.inUse()).isEqualTo(1);
        q.close();
        assertThat(limit.inUse()).isZero();
        assertThat(limit.limit()).isEqualTo(2);
    }

    @Test
    void a_limit_must_be_at_least_one() {
        assertThatThrownBy(() -> new ConcurrencyLimit(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }

    @Test
    void a_waiting_acquire_can_be_interrupted() throws Exception {
        ConcurrencyLimit limit = new ConcurrencyLimit(1);
        ConcurrencyLimit.Permit held = limit.acquire();
        AtomicInteger outcome = new AtomicInteger();
        Thread waiter = new Thread(() -> {
            try {
                limit.acquire();
                outcome.set(1);
            } catch (InterruptedException e) {
                outcome.set(2);
            }
        });
        waiter.start();
        Thread.sleep(50);
        waiter.interrupt();
        waiter.join(5000);
        assertThat(outcome).hasValue(2);
        held.close();
        assertThat(limit.inUse()).isZero();
    }
}
