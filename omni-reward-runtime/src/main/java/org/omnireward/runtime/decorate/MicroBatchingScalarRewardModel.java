package org.omnireward.runtime.decorate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.omnireward.core.NonRetriableException;
import org.omnireward.core.OmniRewardException;
import org.omnireward.core.RateLimitedException;
import org.omnireward.core.ScalarRewardModel;
import org.omnireward.core.ScoreResult;
import org.omnireward.core.ScoringRequest;

/**
 * Merges the requests of many concurrent callers into batches for a model that scores faster in
 * batches (a reward server's clients, a trainer's rollouts). Items wait in a bounded queue; a
 * dispatcher takes the first waiting item, then whatever arrives until the batch holds {@code
 * maxBatch} items or {@code maxWait} has passed since the first, and scores them in one call. Each
 * caller gets exactly its own results, in its own order. A full queue refuses new work at once with
 * a {@link RateLimitedException} (a server answers 429 with its retry-after). A caller that stops
 * waiting ({@link #submit} and cancel the future, e.g. at a request deadline) leaves its items
 * behind unscored: a dispatcher skips them. A request whose task the model does not support is
 * refused before it is queued, so it never sinks a batch shared with other callers. {@link #close()}
 * stops taking work, finishes what was accepted, then closes the wrapped model.
 */
public final class MicroBatchingScalarRewardModel extends ForwardingScalarRewardModel {

    private record Item(ScoringRequest request, CompletableFuture<ScoreResult> result) {
    }

    /** Told about every batch the wrapped model scored (for metrics); called on a dispatcher thread. */
    @FunctionalInterface
    public interface BatchObserver {
        /**
         * @param size items in the batch
         * @param nanos time the wrapped model took to score it
         */
        void batchScored(int size, long nanos);

        /** Observes nothing. */
        BatchObserver NONE = (size, nanos) -> { };
    }

    private final int maxBatch;
    private final long maxWaitNanos;
    private final BlockingQueue<Item> queue;
    private final int capacity;
    private final List<Thread> dispatchers = new ArrayList<>();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong items = new AtomicLong();
    private final BatchObserver observer;
    private volatile boolean closed;

    /**
     * @param delegate the model that scores the batches
     * @param maxBatch most items in one call, at least 1
     * @param maxWait longest time the first item of a batch waits for company
     * @param queueCapacity most items waiting at once
     * @param dispatcherThreads batches scored at the same time (1 keeps the model's own threads busy)
     */
    public MicroBatchingScalarRewardModel(ScalarRewardModel delegate, int maxBatch, Duration maxWait, int queueCapacity,
            int dispatcherThreads) {
        this(delegate, maxBatch, maxWait, queueCapacity, dispatcherThreads, BatchObserver.NONE);
    }

    /**
     * @param delegate the model that scores the batches
     * @param maxBatch most items in one call, at least 1
     * @param maxWait longest time the first item of a batch waits for company
     * @param queueCapacity most items waiting at once
     * @param dispatcherThreads batches scored at the same time (1 keeps the model's own threads busy)
     * @param observer told the size and duration of every batch scored
     */
    public MicroBatchingScalarRewardModel(ScalarRewardModel delegate, int maxBatch, Duration maxWait, int queueCapacity,
            int dispatcherThreads, BatchObserver observer) {
        super(delegate);
        this.observer = java.util.Objects.requireNonNull(observer, "observer");
        if (maxBatch < 1 || queueCapacity < 1 || dispatcherThreads < 1) {
            throw new IllegalArgumentException("maxBatch, queueCapacity and dispatcherThreads must be at least 1");
        }
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait must not be negative");
        }
        this.maxBatch = maxBatch;
        this.maxWaitNanos = maxWait.toNanos();
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.capacity = queueCapacity;
        for (int i = 0; i < dispatcherThreads; i++) {
            Thread t = new Thread(this::dispatch, "micro-batcher-" + (i + 1));
            t.setDaemon(true);
            dispatchers.add(t);
            t.start();
        }
    }

    /** Most items waiting at once. */
    public int queueCapacity() {
        return capacity;
    }

    /** Items waiting to be scored now. */
    public int queueDepth() {
        return queue.size();
    }

    /** Batches scored so far. */
    public long batches() {
        return batches.get();
    }

    /** Items scored so far (their mean per batch is the achieved batch size). */
    public long itemsScored() {
        return items.get();
    }

    @Override
    public int preferredBatchSize() {
        return Math.min(maxBatch, capacity);
    }

    /**
     * Queues the requests and waits for their results.
     *
     * @throws RateLimitedException when the queue cannot take them all (nothing of them is queued)
     * @throws NonRetriableException after {@link #close()}
     * @throws org.omnireward.core.UnsupportedTaskException when a request's task is not supported
     *     (nothing is queued)
     */
    @Override
    public List<ScoreResult> scoreBatch(List<ScoringRequest> requests) {
        List<CompletableFuture<ScoreResult>> mine = enqueue(requests);
        List<ScoreResult> out = new ArrayList<>(mine.size());
        for (CompletableFuture<ScoreResult> f : mine) {
            out.add(await(f));
        }
        return out;
    }

    /**
     * Queues the requests and returns at once: the future completes with one result per request, in
     * order, when all are scored. Cancelling it before then withdraws the items not yet taken into a
     * batch, so a caller that gives up (a request deadline) costs the model nothing more.
     *
     * @throws RateLimitedException when the queue cannot take them all (nothing of them is queued)
     * @throws NonRetriableException after {@link #close()}
     * @throws org.omnireward.core.UnsupportedTaskException when a request's task is not supported
     *     (nothing is queued)
     */
    public CompletableFuture<List<ScoreResult>> submit(List<ScoringRequest> requests) {
        List<CompletableFuture<ScoreResult>> mine = enqueue(requests);
        CompletableFuture<List<ScoreResult>> all = CompletableFuture.allOf(mine.toArray(CompletableFuture[]::new))
                .thenApply(v -> {
                    List<ScoreResult> out = new ArrayList<>(mine.size());
                    for (CompletableFuture<ScoreResult> f : mine) {
                        out.add(f.join());
                    }
                    return out;
                });
        // withdrawing the whole reaches each item: a dispatcher skips items already completed
        all.whenComplete((v, e) -> {
            if (e instanceof java.util.concurrent.CancellationException) {
                mine.forEach(f -> f.cancel(false));
            }
        });
        return all;
    }

    private List<CompletableFuture<ScoreResult>> enqueue(List<ScoringRequest> requests) {
        if (requests.size() > capacity) {
            throw new org.omnireward.core.InvalidInputException("a call of " + requests.size()
                    + " requests can never fit the scoring queue of " + capacity + "; send at most " + capacity);
        }
        if (closed) {
            throw new NonRetriableException("the model " + name() + " is shutting down");
        }
        for (ScoringRequest r : requests) {
            if (!delegate.supports(r.task())) {
                throw new org.omnireward.core.UnsupportedTaskException(delegate.name(), r.task());
            }
        }
        List<Item> mine = new ArrayList<>(requests.size());
        List<CompletableFuture<ScoreResult>> futures = new ArrayList<>(requests.size());
        for (ScoringRequest r : requests) {
            CompletableFuture<ScoreResult> f = new CompletableFuture<>();
            mine.add(new Item(r, f));
            futures.add(f);
        }
        synchronized (queue) {
            // checked again under the lock close() takes: once closed is set nothing more is queued, so a
            // dispatcher that finds the queue empty after close may stop without stranding an item
            if (closed) {
                throw new NonRetriableException("the model " + name() + " is shutting down");
            }
            if (queue.remainingCapacity() < mine.size()) {
                throw new RateLimitedException("the scoring queue is full (" + queue.size() + " items waiting); retry later",
                        Duration.ofSeconds(1));
            }
            queue.addAll(mine);
        }
        return futures;
    }

    private static ScoreResult await(CompletableFuture<ScoreResult> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ScoreResult.failed(new NonRetriableException("interrupted while waiting for a score"));
        } catch (ExecutionException e) {
            return ScoreResult.failed(new NonRetriableException("scoring failed: " + e.getCause(), e.getCause()));
        }
    }

    private void dispatch() {
        List<Item> batch = new ArrayList<>(maxBatch);
        while (true) {
            try {
                Item first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closed && queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                if (!first.result().isDone()) {
                    batch.add(first);
                }
                synchronized (queue) {
                    // a caller may be adding its items right now (under this lock): let it finish, so one
                    // call's items are never split across batches for want of a few microseconds
                }
                long deadline = System.nanoTime() + maxWaitNanos;
                while (batch.size() < maxBatch) {
                    long left = deadline - System.nanoTime();
                    Item next = left <= 0 ? queue.poll() : queue.poll(left, TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    if (!next.result().isDone()) { // withdrawn by its caller
                        batch.add(next);
                    }
                }
                if (!batch.isEmpty()) {
                    score(batch);
                }
            } catch (InterruptedException e) {
                for (Item i : batch) {
                    i.result().complete(ScoreResult.failed(new NonRetriableException("scoring was stopped")));
                }
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void score(List<Item> batch) {
        List<ScoringRequest> requests = new ArrayList<>(batch.size());
        for (Item i : batch) {
            requests.add(i.request());
        }
        List<ScoreResult> results = null;
        OmniRewardException error = null;
        long t0 = System.nanoTime();
        try {
            results = delegate.scoreBatch(requests);
            if (results.size() != batch.size()) {
                throw new IllegalStateException("model " + name() + " returned " + results.size() + " results for "
                        + batch.size() + " requests");
            }
        } catch (RuntimeException | Error e) {
            // an Error too (a native library that fails to load, an assertion): left to escape, it would
            // end the dispatcher thread and every caller, now and later, would wait forever
            error = e instanceof OmniRewardException o ? o
                    : new NonRetriableException("model " + name() + " failed: " + e, e);
        }
        // counted before any caller is released, so a caller that has its results sees them counted
        batches.incrementAndGet();
        items.addAndGet(batch.size());
        try {
            observer.batchScored(batch.size(), System.nanoTime() - t0);
        } catch (RuntimeException e) {
            // an observer's failure must not strand the callers of this batch
        }
        for (int k = 0; k < batch.size(); k++) {
            batch.get(k).result().complete(error == null ? results.get(k) : ScoreResult.failed(error));
        }
    }

    /** Stops taking work, scores every item already accepted, then closes the wrapped model. */
    @Override
    public void close() {
        synchronized (queue) {
            if (closed) {
                return;
            }
            closed = true;
        }
        for (Thread t : dispatchers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                t.interrupt();
            }
        }
        // dispatchers stopped by an interrupt leave items behind; their callers must not wait forever
        for (Item i; (i = queue.poll()) != null; ) {
            i.result().complete(ScoreResult.failed(new NonRetriableException("scoring was stopped")));
        }
        super.close();
    }
}
