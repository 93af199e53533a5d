package org.omnireward.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkPoolTest {

    @Test
    void runs_every_unit_and_await_all_waits_for_them() throws Exception {
        AtomicInteger done = new AtomicInteger();
        try (WorkPool pool = new WorkPool(2, "test")) {
            for (int i = 0; i < 50; i++) {
                pool.submit(() -> {
                    Thread.sleep(1);
                    done.incrementAndGet();
                });
            }
            assertThat(pool.awaitAll(5)).isTrue();
            assertThat(pool.aborted()).isFalse();
            assertThat(pool.fatal()).isNull();
        }
        assertThat(done).hasValue(50);
    }

    @Test
    void no_more_than_twice_the_threads_are_in_flight_and_the_producer_waits() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        try (WorkPool pool = new WorkPool(2, "test")) {
            Thread producer = new Thread(() -> {
                try {
                    for (int i = 0; i < 10; i++) {
                        pool.submit(() -> {
                            started.incrementAndGet();
                            release.await();
                        });
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            producer.start();
            // the fifth submission blocks: 2 running + 2 queued fill the window of 4
            awaitBlocked(producer);
            // the second worker thread may still be starting when the producer blocks: wait for it
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (started.get() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            Thread.sleep(20); // room for a wrongly started third unit to show
            assertThat(started.get()).isEqualTo(2);
            assertThat(producer.getState()).isEqualTo(Thread.State.WAITING);
            release.countDown();
            producer.join(5000);
            assertThat(producer.isAlive()).isFalse();
            assertThat(pool.awaitAll(5)).isTrue();
            assertThat(started).hasValue(10);
        }
    }

    @Test
    void the_first_failure_aborts_the_pool_and_is_kept_as_fatal() throws Exception {
        IllegalStateException first = new IllegalStateException("first");
        CountDownLatch firstFailed = new CountDownLatch(1);
        try (WorkPool pool = new WorkPool(1, "test")) {
            pool.submit(() -> {
                try {
                    throw first;
                } finally {
                    firstFailed.countDown();
                }
            });
            assertThat(firstFailed.await(5, TimeUnit.SECONDS)).isTrue();
            // the window slot is released after the unit: wait until the pool noticed
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!pool.aborted() && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertThat(pool.aborted()).isTrue();
            assertThat(pool.fatal()).isSameAs(first);
            pool.abort(new RuntimeException("second")); // the first one wins
            assertThat(pool.fatal()).isSameAs(first);
            assertThatThrownBy(() -> pool.submit(() -> {}))
                    .isInstanceOf(CancellationException.class)
                    .hasMessageContaining("aborted");
            assertThat(pool.awaitAll(5)).isTrue(); // every unit stopped within the grace period
            assertThat(pool.fatal()).isSameAs(first);
        }
    }

    @Test
    void await_all_after_an_abort_interrupts_running_units() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        AtomicInteger interrupted = new AtomicInteger();
        try (WorkPool pool = new WorkPool(2, "test")) {
            pool.submit(() -> {
                running.countDown();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    interrupted.incrementAndGet();
                }
            });
            assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
            pool.abort(new RuntimeException("user pressed ctrl-c"));
            // true: the unit that would sleep a minute ended within the grace, so it was interrupted
            assertThat(pool.awaitAll(5)).isTrue();
            assertThat(interrupted).hasValue(1);
        }
    }

    @Test
    void await_all_on_an_already_aborted_pool_interrupts_the_running_unit() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        try (WorkPool pool = new WorkPool(1, "test")) {
            pool.submit(() -> {
                running.countDown();
                Thread.sleep(60_000);
            });
            assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
            pool.abort(new IllegalStateException("stop"));
            assertThat(pool.awaitAll(5)).isTrue();
            // the unit's InterruptedException escaped it, but the first cause stays the fatal one
            assertThat(pool.fatal()).isInstanceOf(IllegalStateException.class).hasMessage("stop");
        }
    }

    @Test
    void a_producer_waiting_for_room_when_a_unit_fails_gets_a_cancellation_and_its_unit_never_runs() throws Exception {
        CountDownLatch fail = new CountDownLatch(1);
        AtomicInteger lateRuns = new AtomicInteger();
        try (WorkPool pool = new WorkPool(1, "test")) {
            pool.submit(() -> {
                fail.await();
                throw new IllegalStateException("unit failed");
            });
            pool.submit(() -> fail.await()); // fills the window of 2
            java.util.concurrent.atomic.AtomicReference<Throwable> thrown =
                    new java.util.concurrent.atomic.AtomicReference<>();
            Thread producer = new Thread(() -> {
                try {
                    pool.submit(lateRuns::incrementAndGet);
                } catch (Throwable t) {
                    thrown.set(t);
                }
            });
            producer.start();
            awaitBlocked(producer); // waiting for room in the window
            fail.countDown();
            producer.join(TimeUnit.SECONDS.toMillis(5));
            assertThat(producer.isAlive()).isFalse();
            assertThat(thrown.get()).isInstanceOf(CancellationException.class);
            assertThat(pool.awaitAll(5)).isTrue();
            assertThat(lateRuns).hasValue(0);
            assertThat(pool.fatal()).hasMessage("unit failed");
        }
    }

    /** Waits (polling, bounded) until {@code t} is blocked waiting, then asserts it is. */
    private static void awaitBlocked(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (t.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(t.getState()).isEqualTo(Thread.State.WAITING);
    }

    @Test
    void await_all_returns_as_soon_as_the_last_unit_ends() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (WorkPool pool = new WorkPool(1, "test")) {
            pool.submit(release::await);
            Thread waiter = new Thread(() -> {
                try {
                    pool.awaitAll(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            waiter.start();
            awaitBlocked(waiter); // waits for the unit, not on a timer
            release.countDown();
            waiter.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(waiter.isAlive()).isFalse();
            assertThat(pool.aborted()).isFalse();
        }
    }

    @Test
    void threads_are_daemons_named_after_the_pool() throws Exception {
        String[] name = new String[1];
        boolean[] daemon = new boolean[1];
        try (WorkPool pool = new WorkPool(1, "scorer")) {
            pool.submit(() -> {
                name[0] = Thread.currentThread().getName();
                daemon[0] = Thread.currentThread().isDaemon();
            });
            pool.awaitAll(5);
        }
        assertThat(name[0]).isEqualTo("scorer-1");
        assertThat(daemon[0]).isTrue();
        assertThatThrownBy(() -> new WorkPool(0, "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
