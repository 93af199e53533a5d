package org.omnireward.runtime;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs units of work on a fixed number of threads with a bounded number in flight (twice the
 * threads), so a producer reading millions of samples never holds more than a few in memory. The
 * first exception that escapes a unit is kept as fatal: later submissions stop, {@link
 * #awaitAll(long)} interrupts the units still running, and the caller rethrows {@link #fatal()}.
 * Threads are daemons named after the pool.
 */
public final class WorkPool implements AutoCloseable {

    /** A unit of work; what escapes it aborts the pool. */
    @FunctionalInterface
    public interface Unit {
        void run() throws Exception;
    }

    private final ExecutorService pool;
    private final Semaphore window;
    private final AtomicReference<Throwable> fatal = new AtomicReference<>();
    /** Units submitted and not yet ended; guarded by itself, notified when it drops or the pool aborts. */
    private final int[] inFlight = {0};

    /**
     * @param threads parallel units, at least 1
     * @param name thread-name prefix
     */
    public WorkPool(int threads, String name) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.window = new Semaphore(2 * threads);
    }

    /** Whether a unit failed (or {@link #abort} was called); producers stop submitting then. */
    public boolean aborted() {
        return fatal.get() != null;
    }

    /** Records {@code cause} as fatal (the first one wins) so that the pool stops. */
    public void abort(Throwable cause) {
        fatal.compareAndSet(null, cause);
        synchronized (inFlight) {
            inFlight.notifyAll(); // wakes awaitAll at once
        }
    }

    /** The fatal error, if any. */
    public Throwable fatal() {
        return fatal.get();
    }

    /**
     * Runs {@code unit} on the pool, waiting while the in-flight window is full.
     *
     * @throws CancellationException when the pool was aborted (the caller stops producing)
     */
    public void submit(Unit unit) throws InterruptedException {
        if (aborted()) {
            throw new CancellationException("work pool aborted");
        }
        window.acquire();
        if (aborted()) {
            // a unit failed while this producer waited for room: the unit must not start after the abort
            window.release();
            throw new CancellationException("work pool aborted");
        }
        synchronized (inFlight) {
            inFlight[0]++;
        }
        try {
            pool.execute(() -> {
                try {
                    unit.run();
                } catch (Throwable t) {
                    abort(t);
                } finally {
                    window.release();
                    ended();
                }
            });
        } catch (RejectedExecutionException e) {
            window.release();
            ended();
            throw e;
        }
    }

    /**
     * Waits for every submitted unit. When the pool is (or becomes) aborted, stops the running units
     * instead: interrupts them and waits up to {@code graceSeconds}.
     *
     * @return true when every unit has ended; false when some did not stop within the grace period
     *     after an abort (whether the pool was aborted is {@link #aborted()})
     */
    public boolean awaitAll(long graceSeconds) throws InterruptedException {
        pool.shutdown();
        synchronized (inFlight) {
            while (!aborted() && inFlight[0] > 0) {
                inFlight.wait(); // woken by the last unit's end or by an abort, never by a timer
            }
        }
        if (aborted()) {
            pool.shutdownNow();
            return pool.awaitTermination(graceSeconds, TimeUnit.SECONDS);
        }
        pool.awaitTermination(graceSeconds, TimeUnit.SECONDS); // every unit has ended: the threads are ending
        return true;
    }

    private void ended() {
        synchronized (inFlight) {
            inFlight[0]--;
            inFlight.notifyAll();
        }
    }

    /** Stops the threads at once. */
    @Override
    public void close() {
        pool.shutdownNow();
    }
}
