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
 * a {@link RateLimitedException} (a server answers 429 with its retry-after). {@link #close()}
 * stops taking work, finishes what was accepted, then closes the wrapped model.
 */
public final class MicroBatchingScalarRewardModel extends ForwardingScalarRewardModel {

    private record Item(ScoringRequest request, CompletableFuture<ScoreResult> result) {
    }

    private final int maxBatch;
    private final long maxWaitNanos;
    private final BlockingQueue<Item> queue;
    private final List<Thread> dispatchers = new ArrayList<>();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong items = new AtomicLong();
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
        super(delegate);
        if (maxBatch < 1 || queueCapacity < 1 || dispatcherThreads < 1) {
            throw new IllegalArgumentException("maxBatch, queueCapacity and dispatcherThreads must be at least 1");
        }
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait must not be negative");
        }
        this.maxBatch = maxBatch;
        this.maxWaitNanos = maxWait.toNanos();
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        for (int i = 0; i < dispatcherThreads; i++) {
            Thread t = new Thread(this::dispatch, "micro-batcher-" + (i + 1));
            t.setDaemon(true);
            dispatchers.add(t);
            t.start();
        }
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
        return maxBatch;
    }

    /**
     * Queues the requests and waits for their results.
     *
     * @throws RateLimitedException when the queue cannot take them all (nothing of them is queued)
     * @throws NonRetriableException after {@link #close()}
     */
    @Override
    public List<ScoreResult> scoreBatch(List<ScoringRequest> requests) {
        if (closed) {
            throw new NonRetriableException("the model " + name() + " is shutting down");
        }
        List<Item> mine = new ArrayList<>(requests.size());
        for (ScoringRequest r : requests) {
            mine.add(new Item(r, new CompletableFuture<>()));
        }
        synchronized (queue) {
            if (queue.remainingCapacity() < mine.size()) {
                throw new RateLimitedException("the scoring queue is full (" + queue.size() + " items waiting); retry later",
                        Duration.ofSeconds(1));
            }
            queue.addAll(mine);
        }
        List<ScoreResult> out = new ArrayList<>(mine.size());
        for (Item item : mine) {
            out.add(await(item.result()));
        }
        return out;
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
                batch.add(first);
                long deadline = System.nanoTime() + maxWaitNanos;
                while (batch.size() < maxBatch) {
                    long left = deadline - System.nanoTime();
                    Item next = left <= 0 ? queue.poll() : queue.poll(left, TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
                score(batch);
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
        try {
            List<ScoreResult> results = delegate.scoreBatch(requests);
            if (results.size() != batch.size()) {
                throw new IllegalStateException("model " + name() + " returned " + results.size() + " results for "
                        + batch.size() + " requests");
            }
            for (int k = 0; k < batch.size(); k++) {
                batch.get(k).result().complete(results.get(k));
            }
        } catch (RuntimeException e) {
            OmniRewardException error = e instanceof OmniRewardException o ? o
                    : new NonRetriableException("model " + name() + " failed: " + e, e);
            for (Item i : batch) {
                i.result().complete(ScoreResult.failed(error));
            }
        }
        batches.incrementAndGet();
        items.addAndGet(batch.size());
    }

    /** Stops taking work, scores every item already accepted, then closes the wrapped model. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Thread t : dispatchers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                t.interrupt();
            }
        }
        super.close();
    }
}
