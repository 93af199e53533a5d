package org.omnireward.runtime.decorate;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
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
import org.omnireward.runtime.Ticker;

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
 *
 * <p>Deadlines ({@link #submit(List, long)}): the batcher learns how long the model takes for a batch
 * of n items (a least-squares fit of {@code a + b n} over recent batches) and uses it twice. A call
 * that cannot be scored by its deadline behind the work already queued is refused at once with an
 * {@link OverloadedException} (a server answers 429); and a batch takes only items that it can
 * score before their deadlines: an item whose deadline would pass first is dropped before it costs
 * the model anything, failing its call with a {@link DeadlineMissedException}. Under overload the
 * model's time goes to answers that still reach their callers. A call that finds the model idle and
 * the queue empty is always tried: nothing waits behind it, and its time refreshes the estimate.
 */
public final class MicroBatchingScalarRewardModel extends ForwardingScalarRewardModel {

    private record Item(ScoringRequest request, CompletableFuture<ScoreResult> result, Call call) {}

    /** The items of one call: a deadline (when it has one) and whether it was given up. */
    private static final class Call {
        final boolean hasDeadline;
        final long deadline;
        final List<CompletableFuture<ScoreResult>> results = new ArrayList<>();
        volatile boolean abandoned;

        Call(boolean hasDeadline, long deadline) {
            this.hasDeadline = hasDeadline;
            this.deadline = deadline;
        }

        /** Whether the call must be answered before {@code time} (a value of the batcher's {@link Ticker}). */
        boolean dueBefore(long time) {
            return hasDeadline && deadline - time < 0;
        }
    }

    private static final Call NO_DEADLINE = new Call(false, 0);

    /**
     * A call that cannot be scored by its deadline behind the work already queued, refused before any
     * of it is queued. A {@link RateLimitedException}: a server answers 429 with the retry-after.
     */
    public static final class OverloadedException extends RateLimitedException {
        public OverloadedException(String message, Duration retryAfter) {
            super(message, retryAfter);
        }
    }

    /** An item dropped before scoring because its call's deadline would pass before its batch was scored. */
    public static final class DeadlineMissedException extends org.omnireward.core.RetriableException {
        public DeadlineMissedException(String message) {
            super(message);
        }
    }

    /**
     * How long the model takes for a batch of n items: {@code a + b n}, fitted by least squares over
     * recent batches (each weighs {@link #DECAY} times the one after it). With batches all of one
     * size, a is taken as 0 and b as the mean time per item.
     */
    static final class BatchCost {
        static final double DECAY = 0.9;
        private double w;
        private double sn;
        private double sd;
        private double snn;
        private double snd;
        private double a;
        private double b;

        synchronized void observe(int n, long nanos) {
            w = w * DECAY + 1;
            sn = sn * DECAY + n;
            sd = sd * DECAY + nanos;
            snn = snn * DECAY + (double) n * n;
            snd = snd * DECAY + (double) n * nanos;
            double mn = sn / w;
            double md = sd / w;
            double var = snn / w - mn * mn;
            double cov = snd / w - mn * md;
            if (var > 0.25) {
                b = cov / var;
                a = md - b * mn;
            }
            if (var <= 0.25 || a < 0 || b <= 0) {
                a = 0;
                b = md / mn;
            }
        }

        /** Nanoseconds for a batch of {@code n} items, or 0 before any batch was scored. */
        synchronized long estimate(int n) {
            return w == 0 ? 0 : (long) (a + b * n);
        }

        /**
         * {@link #estimate} with a margin: what a deadline is checked against, so that a batch slower than
         * the fit (a busy machine, a batch of long texts) still ends in time. The margin is the mean plus
         * two standard deviations of the recent ratios of actual to estimated batch time, at least
         * {@link #MARGIN} and at most 3.
         */
        long planned(int n) {
            return (long) (estimate(n) * margin());
        }

        static final double MARGIN = 1.2;
        private double ratioMean = 1;
        private double ratioVar;

        /** The factor {@link #planned} puts on the estimate. */
        synchronized double margin() {
            return Math.max(MARGIN, Math.min(3, ratioMean + 2 * Math.sqrt(ratioVar)));
        }

        /** How far off the estimate for a batch was: call before {@link #observe} with the same batch. */
        synchronized void surprise(int n, long nanos) {
            if (w == 0) {
                return;
            }
            double e = a + b * n;
            if (e <= 0) {
                return;
            }
            double r = nanos / e;
            double d = r - ratioMean;
            ratioMean += (1 - DECAY) * d;
            ratioVar = DECAY * (ratioVar + (1 - DECAY) * d * d);
        }

        /** Nanoseconds for {@code items} items in batches of at most {@code maxBatch}. */
        synchronized long estimateBacklog(long items, int maxBatch) {
            if (w == 0 || items <= 0) {
                return 0;
            }
            long batches = (items + maxBatch - 1) / maxBatch;
            return (long) (batches * a + items * b);
        }
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
        BatchObserver NONE = (size, nanos) -> {};
    }

    private final int maxBatch;
    private final long maxWaitNanos;
    private final BlockingQueue<Item> queue;
    private final int capacity;
    private final List<Thread> dispatchers = new ArrayList<>();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong items = new AtomicLong();
    private final BatchObserver observer;
    private final BatchCost cost = new BatchCost();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    /** When the batch being scored should end ({@link #ticker} time), or 0 when the model is idle. */
    private volatile long busyUntil;

    private volatile boolean closed;
    /** The time every deadline, wait and batch cost is measured in. */
    private final Ticker ticker;

    /**
     * @param delegate the model that scores the batches
     * @param maxBatch most items in one call, at least 1
     * @param maxWait longest time the first item of a batch waits for company
     * @param queueCapacity most items waiting at once
     * @param dispatcherThreads batches scored at the same time (1 keeps the model's own threads busy)
     */
    public MicroBatchingScalarRewardModel(
            ScalarRewardModel delegate, int maxBatch, Duration maxWait, int queueCapacity, int dispatcherThreads) {
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
    public MicroBatchingScalarRewardModel(
            ScalarRewardModel delegate,
            int maxBatch,
            Duration maxWait,
            int queueCapacity,
            int dispatcherThreads,
            BatchObserver observer) {
        this(delegate, maxBatch, maxWait, queueCapacity, dispatcherThreads, observer, Ticker.system());
    }

    /**
     * @param delegate the model that scores the batches
     * @param maxBatch most items in one call, at least 1
     * @param maxWait longest time the first item of a batch waits for company
     * @param queueCapacity most items waiting at once
     * @param dispatcherThreads batches scored at the same time (1 keeps the model's own threads busy)
     * @param observer told the size and duration of every batch scored
     * @param ticker the time deadlines ({@link #submit(List, long)}), the wait for company and batch
     *     costs are measured in: {@link Ticker#system()}, or a test's own clock
     */
    public MicroBatchingScalarRewardModel(
            ScalarRewardModel delegate,
            int maxBatch,
            Duration maxWait,
            int queueCapacity,
            int dispatcherThreads,
            BatchObserver observer,
            Ticker ticker) {
        super(delegate);
        this.ticker = java.util.Objects.requireNonNull(ticker, "ticker");
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

    /** Items dropped before scoring because their deadline would have passed first. */
    public long itemsDropped() {
        return dropped.get();
    }

    /** Calls refused at submission because they could not be scored by their deadline. */
    public long callsRefused() {
        return refused.get();
    }

    /** The estimated time the model takes for a batch of {@code n} items (0 before the first batch). */
    public Duration estimatedBatchTime(int n) {
        return Duration.ofNanos(cost.estimate(n));
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
        return whole(enqueue(requests, NO_DEADLINE));
    }

    /**
     * Like {@link #submit(List)}, for a caller that must be answered by {@code deadlineNanos} (a
     * value of this batcher's {@link Ticker}: {@link System#nanoTime()} unless one was given). The call is refused at once when the work queued ahead of it
     * cannot be scored in time; its items are dropped before scoring when a batch would end after the
     * deadline, and the future then completes with {@link DeadlineMissedException} results.
     *
     * @throws OverloadedException when the call cannot be scored by its deadline (nothing is queued)
     * @throws RateLimitedException when the queue cannot take the requests (nothing is queued)
     * @throws NonRetriableException after {@link #close()}
     */
    public CompletableFuture<List<ScoreResult>> submit(List<ScoringRequest> requests, long deadlineNanos) {
        return whole(enqueue(requests, new Call(true, deadlineNanos)));
    }

    private static CompletableFuture<List<ScoreResult>> whole(List<CompletableFuture<ScoreResult>> mine) {
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
            if (e instanceof CancellationException) {
                mine.forEach(f -> f.cancel(false));
            }
        });
        return all;
    }

    private List<CompletableFuture<ScoreResult>> enqueue(List<ScoringRequest> requests) {
        return enqueue(requests, NO_DEADLINE);
    }

    private List<CompletableFuture<ScoreResult>> enqueue(List<ScoringRequest> requests, Call call) {
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
            mine.add(new Item(r, f, call));
            futures.add(f);
        }
        if (call != NO_DEADLINE) {
            call.results.addAll(futures);
        }
        synchronized (queue) {
            // checked again under the lock close() takes: once closed is set nothing more is queued, so a
            // dispatcher that finds the queue empty after close may stop without stranding an item
            if (closed) {
                throw new NonRetriableException("the model " + name() + " is shutting down");
            }
            if (queue.remainingCapacity() < mine.size()) {
                throw new RateLimitedException(
                        "the scoring queue is full (" + queue.size() + " items waiting); retry later",
                        Duration.ofSeconds(1));
            }
            if (call.hasDeadline) {
                admit(call, mine.size());
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

    /**
     * Refuses a call whose items cannot be scored by its deadline behind the work queued now: the rest
     * of the batch being scored, then the queue in batches of {@code maxBatch}, then the call's own
     * items. Called under the queue's lock.
     */
    private void admit(Call call, int items) {
        long now = ticker.nanoTime();
        long busy = busyUntil;
        if (busy == 0 && queue.isEmpty()) {
            return; // nothing ahead of it: it is tried (and its time measured), whatever the estimate says
        }
        long rest = busy == 0 ? 0 : Math.max(0, busy - now);
        long work = (long) (cost.estimateBacklog(queue.size() + (long) items, maxBatch) * cost.margin())
                / dispatchers.size();
        long finish = now + rest + work;
        if (work > 0 && call.dueBefore(finish)) {
            refused.incrementAndGet();
            long late = finish - call.deadline;
            long seconds = Math.max(1, Math.min(60, (late + 999_999_999L) / 1_000_000_000L));
            throw new OverloadedException(
                    "the model has about " + ((rest + work) / 1_000_000) + " ms of work queued (" + queue.size()
                            + " items); this call could not be scored before its deadline",
                    Duration.ofSeconds(seconds));
        }
    }

    private static boolean skip(Item i) {
        return i.result().isDone() || i.call().abandoned;
    }

    /** Fails {@code item}'s whole call: one of its items would be scored too late. */
    private void drop(Item item, long batchEnd) {
        Call call = item.call();
        call.abandoned = true;
        DeadlineMissedException e = new DeadlineMissedException("dropped before scoring: its deadline was "
                + ((call.deadline - ticker.nanoTime()) / 1_000_000) + " ms away and a batch takes about "
                + ((batchEnd - ticker.nanoTime()) / 1_000_000) + " ms");
        for (CompletableFuture<ScoreResult> f : call.results) {
            if (!f.isDone()) {
                dropped.incrementAndGet(); // counted first: a caller released by the completion sees it counted
                f.complete(ScoreResult.failed(e));
            }
        }
    }

    /**
     * Puts {@code next} back for the next batch, with the items of its call already in {@code batch}
     * (unless the call began the batch: a call larger than a batch must be split): a call's items are
     * scored together, so none of them is scored for an answer that then misses its deadline.
     */
    private static void carryCall(List<Item> batch, Item next, ArrayDeque<Item> carry) {
        ArrayDeque<Item> back = new ArrayDeque<>();
        back.add(next);
        if (next.call() != NO_DEADLINE && batch.get(0).call() != next.call()) {
            while (!batch.isEmpty() && batch.get(batch.size() - 1).call() == next.call()) {
                back.addFirst(batch.remove(batch.size() - 1));
            }
        }
        while (!back.isEmpty()) {
            carry.addFirst(back.pollLast());
        }
    }

    private void dispatch() {
        List<Item> batch = new ArrayList<>(maxBatch);
        ArrayDeque<Item> carry = new ArrayDeque<>();
        while (true) {
            try {
                Item first = !carry.isEmpty() ? carry.poll() : queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closed && queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                if (!startsBatch(first, carry)) {
                    continue;
                }
                batch.add(first);
                fill(batch, carry);
                if (batch.size() == maxBatch) {
                    keepLastCallWhole(batch, carry);
                }
                batch.removeIf(MicroBatchingScalarRewardModel::skip); // a call dropped while its batch formed
                if (!batch.isEmpty()) {
                    score(batch);
                }
            } catch (InterruptedException e) {
                for (Item i : batch) {
                    i.result().complete(ScoreResult.failed(new NonRetriableException("scoring was stopped")));
                }
                for (Item i : carry) {
                    i.result().complete(ScoreResult.failed(new NonRetriableException("scoring was stopped")));
                }
                return;
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * Whether {@code first} starts a batch: not when its caller withdrew it, nor when it is dropped
     * because its deadline has passed, or would pass in a batch of one while others wait. Alone, it is
     * scored anyway: nobody waits behind it, and its time refreshes the estimate.
     */
    private boolean startsBatch(Item first, ArrayDeque<Item> carry) {
        if (skip(first)) {
            return false;
        }
        long now = ticker.nanoTime();
        if (first.call().dueBefore(now)
                || ((!queue.isEmpty() || !carry.isEmpty()) && first.call().dueBefore(now + cost.planned(1)))) {
            drop(first, now + cost.planned(1));
            return false;
        }
        return true;
    }

    /**
     * Adds waiting items to {@code batch} (which holds its first) for up to {@code maxWait}, until it is
     * full or the next item would make it end after the tightest deadline in it; an item that fits
     * only a smaller batch starts the next one (with the rest of its call, in {@code carry}).
     */
    private void fill(List<Item> batch, ArrayDeque<Item> carry) throws InterruptedException {
        Item first = batch.get(0);
        boolean bounded = first.call().hasDeadline;
        long tightest = first.call().deadline;
        synchronized (queue) {
            // a caller may be adding its items right now (under this lock): let it finish, so one
            // call's items are never split across batches for want of a few microseconds
        }
        long deadline = ticker.nanoTime() + maxWaitNanos;
        while (batch.size() < maxBatch) {
            long left = deadline - ticker.nanoTime();
            Item next =
                    !carry.isEmpty() ? carry.poll() : left <= 0 ? queue.poll() : queue.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                return;
            }
            if (skip(next)) { // withdrawn by its caller, or its call dropped
                continue;
            }
            long t = ticker.nanoTime();
            long end = t + cost.planned(batch.size() + 1);
            if (next.call().dueBefore(end)) {
                if (next.call().dueBefore(t + cost.planned(1))) {
                    drop(next, t + cost.planned(1));
                    continue;
                }
                carryCall(batch, next, carry); // fits a smaller batch: it starts the next one
                return;
            }
            if (bounded && tightest - end < 0) {
                carryCall(batch, next, carry); // a larger batch would end after the tightest deadline in it
                return;
            }
            batch.add(next);
            if (next.call().hasDeadline && (!bounded || next.call().deadline - tightest < 0)) {
                tightest = next.call().deadline;
                bounded = true;
            }
        }
    }

    /**
     * A full batch whose last call goes on in the next item: that call is carried whole to the next
     * batch, since a call cut in two by the batch size would wait for its second half.
     */
    private void keepLastCallWhole(List<Item> batch, ArrayDeque<Item> carry) {
        Item after = carry.isEmpty() ? queue.peek() : carry.peek();
        if (after != null && after.call() == batch.get(batch.size() - 1).call() && after.call() != NO_DEADLINE) {
            Item taken = carry.isEmpty() ? queue.poll() : carry.poll();
            if (taken != null) {
                carryCall(batch, taken, carry);
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
        long t0 = ticker.nanoTime();
        long expected = cost.estimate(batch.size());
        busyUntil = expected == 0 ? 0 : t0 + expected;
        try {
            results = delegate.scoreBatch(requests);
            if (results.size() != batch.size()) {
                throw new IllegalStateException("model " + name() + " returned " + results.size() + " results for "
                        + batch.size() + " requests");
            }
        } catch (RuntimeException | Error e) {
            // an Error too (a native library that fails to load, an assertion): left to escape, it would
            // end the dispatcher thread and every caller, now and later, would wait forever
            error = e instanceof OmniRewardException o
                    ? o
                    : new NonRetriableException("model " + name() + " failed: " + e, e);
        }
        long took = ticker.nanoTime() - t0;
        busyUntil = 0;
        if (error == null) {
            cost.surprise(batch.size(), took);
            cost.observe(batch.size(), took);
        }
        // counted before any caller is released, so a caller that has its results sees them counted
        batches.incrementAndGet();
        items.addAndGet(batch.size());
        try {
            observer.batchScored(batch.size(), took);
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
