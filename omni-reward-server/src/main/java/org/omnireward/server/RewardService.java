package org.omnireward.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.omnireward.core.AuthenticationException;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.ModelKind;
import org.omnireward.core.NonRetriableException;
import org.omnireward.core.OmniRewardException;
import org.omnireward.core.PairwiseRequest;
import org.omnireward.core.PairwiseRewardModel;
import org.omnireward.core.RateLimitedException;
import org.omnireward.core.RetriableException;
import org.omnireward.core.RewardModel;
import org.omnireward.core.ScalarRewardModel;
import org.omnireward.core.ScoreResult;
import org.omnireward.core.ScoringRequest;
import org.omnireward.core.Side;
import org.omnireward.core.Verdict;
import org.omnireward.runtime.CallOutcome;
import org.omnireward.runtime.Retrier;
import org.omnireward.runtime.RetryPolicy;
import org.omnireward.runtime.decorate.MicroBatchingScalarRewardModel;

/**
 * The model behind the server and the one way requests reach it. A scalar model is wrapped in the
 * runtime's {@link MicroBatchingScalarRewardModel}, so the items of concurrent requests share
 * batches and each request gets exactly its own scores; a pairwise model (a judge) is called on a
 * bounded pool, with the runtime's {@link Retrier}. Both are bounded: work that does not fit, or
 * that cannot be scored by its deadline behind the work already queued, is refused at once (429);
 * a request that outlives its deadline is withdrawn (503), and items whose deadline would pass
 * before their batch is scored are dropped before the model sees them. Answers are futures: no
 * thread waits for the model. Failures become {@link ApiException}s with the status a client can
 * act on.
 */
final class RewardService implements AutoCloseable {

    /** Where the model is in its life. */
    enum State {
        LOADING,
        READY,
        FAILED,
        CLOSED
    }

    /** The answer about one pair: a preference, plus scores and margin (scalar) or a rationale (judge). */
    /**
     * One pair's answer.
     *
     * @param winner the better side, null for a tie
     */
    record Comparison(Side winner, double[] scores, String rationale) {

        /**
         * The wire name clients read ({@code response1} for A, the pair's first response; {@code
         * response2} for B; {@code tie}), as the API has always written it.
         */
        String preference() {
            return winner == null ? "tie" : winner == Side.A ? "response1" : "response2";
        }
    }

    private final ServerSettings settings;
    private final ServerLog log;
    private volatile State state = State.LOADING;
    private volatile String failure = "";
    private volatile RewardModel model;
    /** The served judge, when the model is pairwise. */
    private volatile PairwiseRewardModel judge;

    private volatile MicroBatchingScalarRewardModel batcher;
    private volatile ThreadPoolExecutor judges;
    private volatile Semaphore judgeSlots;
    private final AtomicInteger judgesWaiting = new AtomicInteger();
    private final Retrier retrier = new Retrier(RetryPolicy.defaults().withMaxAttempts(3));
    private volatile ServerMetrics metrics;
    private final ScheduledThreadPoolExecutor deadlines;

    RewardService(ServerSettings settings, ServerLog log) {
        this.settings = settings;
        this.log = log;
        this.deadlines = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "request-deadlines");
            t.setDaemon(true);
            return t;
        });
        this.deadlines.setRemoveOnCancelPolicy(true);
    }

    void metrics(ServerMetrics m) {
        this.metrics = m;
    }

    State state() {
        return state;
    }

    /** Why loading failed, when {@link #state()} is FAILED. */
    String failure() {
        return failure;
    }

    /** The loaded model's name, or "" before. */
    String modelName() {
        RewardModel m = model;
        return m == null ? "" : m.name();
    }

    /** The loaded model, or null before. */
    RewardModel model() {
        return model;
    }

    boolean isScalar() {
        return batcher != null;
    }

    /** Items dropped before scoring because their deadline would have passed first (scalar models). */
    long itemsDropped() {
        MicroBatchingScalarRewardModel b = batcher;
        return b == null ? 0 : b.itemsDropped();
    }

    /** Items the model scored (scalar models), delivered or not. */
    long itemsModelScored() {
        MicroBatchingScalarRewardModel b = batcher;
        return b == null ? 0 : b.itemsScored();
    }

    /** Items waiting to be scored or judged. */
    int queueDepth() {
        MicroBatchingScalarRewardModel b = batcher;
        if (b != null) {
            return b.queueDepth();
        }
        return judgesWaiting.get();
    }

    /** Creates the model (on the calling thread) and makes it ready; a failure is kept and logged. */
    void load(Supplier<? extends RewardModel> factory) {
        try {
            install(factory.get());
        } catch (RuntimeException | Error e) {
            failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            state = State.FAILED;
            log.error("the model could not be loaded: " + failure, e instanceof OmniRewardException ? null : e);
        }
    }

    /** Makes {@code m} the served model. */
    synchronized void install(RewardModel m) {
        if (state == State.CLOSED) {
            m.close();
            return;
        }
        try {
            serve(m);
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
        model = m;
        state = State.READY;
    }

    /**
     * Sets up the way requests reach {@code m}, by its declared kind: a batcher for a scalar model, a
     * bounded pool for a judge.
     *
     * @throws IllegalStateException when the model declares no kind or one its type does not have
     */
    private void serve(RewardModel m) {
        ModelKind<?> kind = m.kind();
        if (kind == ModelKind.SCALAR) {
            batcher = batcher(ModelKind.SCALAR.cast(m));
        } else if (kind == ModelKind.PAIRWISE) {
            judge = ModelKind.PAIRWISE.cast(m);
            judges = judgePool();
            judgeSlots = new Semaphore(settings.pairwiseConcurrency() + settings.queueCapacity());
        } else {
            throw new IllegalStateException("model " + m.name() + " ("
                    + m.getClass().getName() + ") declares no model kind; a model must be pairwise or scalar");
        }
    }

    /** The batcher that scores {@code s} for concurrent requests, reporting each batch to the metrics. */
    private MicroBatchingScalarRewardModel batcher(ScalarRewardModel s) {
        return new MicroBatchingScalarRewardModel(
                s, settings.maxBatch(), settings.maxWait(), settings.queueCapacity(), 1, (size, nanos) -> {
                    ServerMetrics mm = metrics;
                    if (mm != null) {
                        mm.batch(size, nanos);
                    }
                });
    }

    /** The bounded pool of threads that call the judge. */
    private ThreadPoolExecutor judgePool() {
        return new ThreadPoolExecutor(
                settings.pairwiseConcurrency(),
                settings.pairwiseConcurrency(),
                30,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "judge-call");
                    t.setDaemon(true);
                    return t;
                });
    }

    /**
     * The scores of {@code requests}, in order, when the model has them; the future fails with an
     * {@link ApiException}. Refusals that need no model (an unsupported task, a full queue, a call
     * that cannot be scored in time, a deadline already passed) are thrown at once.
     *
     * @param what how the items are named in messages ({@code items}, {@code candidates}, {@code query})
     * @param deadline {@link System#nanoTime()} by which the answer is due
     */
    CompletableFuture<double[]> score(List<ScoringRequest> requests, String what, long deadline) {
        MicroBatchingScalarRewardModel b = scalar(what);
        for (int i = 0; i < requests.size(); i++) {
            if (!b.supports(requests.get(i).task())) {
                throw new ApiException(
                        400,
                        "unsupported_task",
                        what + "[" + i + "]: model " + b.name()
                                + " does not support task "
                                + requests.get(i).task().id() + "; it supports "
                                + b.supportedTasks());
            }
        }
        checkDeadline(deadline);
        if (requests.isEmpty()) {
            return CompletableFuture.completedFuture(new double[0]);
        }
        CompletableFuture<List<ScoreResult>> f;
        try {
            f = b.submit(requests, deadline);
        } catch (MicroBatchingScalarRewardModel.OverloadedException e) {
            long s = e.retryAfter().map(d -> Math.max(1, d.toSeconds())).orElse(1L);
            throw new ApiException(
                    429,
                    "overloaded",
                    e.getMessage() + " (--request-timeout "
                            + settings.requestTimeout().toMillis() + " ms); retry after the delay in Retry-After",
                    s);
        } catch (RateLimitedException e) {
            throw queueFull();
        } catch (InvalidInputException e) {
            throw ApiException.tooLarge(e.getMessage());
        } catch (NonRetriableException e) {
            throw shuttingDown();
        }
        return withDeadline(f, deadline).thenApply(results -> {
            double[] out = new double[results.size()];
            for (int i = 0; i < out.length; i++) {
                ScoreResult r = results.get(i);
                if (!r.ok()) {
                    throw modelError(r.error(), what + "[" + i + "]");
                }
                out[i] = r.score();
            }
            ServerMetrics mm = metrics;
            if (mm != null) {
                mm.itemsScored(out.length);
            }
            return out;
        });
    }

    /** 503 {@code deadline_exceeded} when {@code deadline} has passed (reading and parsing count too). */
    void checkDeadline(long deadline) {
        if (deadline - System.nanoTime() <= 0) {
            throw deadlineExceeded();
        }
    }

    private ApiException deadlineExceeded() {
        return new ApiException(
                503,
                "deadline_exceeded",
                "the request was not answered within "
                        + settings.requestTimeout().toMillis()
                        + " ms (--request-timeout); the server is busy, retry later",
                1);
    }

    /** One comparison per pair, in order: a judge's verdicts, or a scalar model's two scores per pair. */
    CompletableFuture<List<Comparison>> compare(List<PairwiseRequest> pairs, long deadline) {
        requireReady();
        if (batcher != null) {
            List<ScoringRequest> requests = new ArrayList<>(pairs.size() * 2);
            for (PairwiseRequest p : pairs) {
                requests.add(p.scoring(Side.A));
                requests.add(p.scoring(Side.B));
            }
            return score(requests, "responses", deadline).thenApply(s -> {
                List<Comparison> out = new ArrayList<>(pairs.size());
                for (int i = 0; i < pairs.size(); i++) {
                    double a = s[2 * i];
                    double c = s[2 * i + 1];
                    Side winner = a > c ? Side.A : c > a ? Side.B : null;
                    out.add(new Comparison(winner, new double[] {a, c}, null));
                }
                return out;
            });
        }
        return judge(pairs, deadline);
    }

    private CompletableFuture<List<Comparison>> judge(List<PairwiseRequest> pairs, long deadline) {
        PairwiseRewardModel judge = this.judge;
        requireSupported(judge, pairs);
        checkDeadline(deadline);
        admitJudgeCalls(pairs.size(), deadline);
        Semaphore slots = judgeSlots;
        if (!slots.tryAcquire(pairs.size())) {
            throw queueFull();
        }
        List<CompletableFuture<Verdict>> futures = new ArrayList<>(pairs.size());
        for (PairwiseRequest p : pairs) {
            futures.add(submitJudgeCall(judge, p, slots));
        }
        CompletableFuture<List<Verdict>> all = CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .thenApply(v -> futures.stream().map(CompletableFuture::join).toList());
        all.whenComplete((v, e) -> {
            if (e != null) {
                futures.forEach(f -> f.cancel(false)); // a deadline or a failure: the calls not yet started are dropped
            }
        });
        return withDeadline(all, deadline).thenApply(verdicts -> {
            List<Comparison> out = new ArrayList<>(verdicts.size());
            for (Verdict v : verdicts) {
                out.add(new Comparison(v.winner(), null, v.rationale()));
            }
            ServerMetrics mm = metrics;
            if (mm != null) {
                mm.itemsScored(out.size());
            }
            return out;
        });
    }

    /** 400 {@code unsupported_task} for the first pair whose task {@code judge} does not take. */
    private static void requireSupported(PairwiseRewardModel judge, List<PairwiseRequest> pairs) {
        for (int i = 0; i < pairs.size(); i++) {
            if (!judge.supports(pairs.get(i).task())) {
                throw new ApiException(
                        400,
                        "unsupported_task",
                        "pairs[" + i + "]: model " + judge.name() + " does not support task "
                                + pairs.get(i).task().id());
            }
        }
    }

    /**
     * Queues one judge call on the pool, holding one of {@code slots} (taken by the caller) until it
     * ends; the call is skipped when its future was withdrawn before it started.
     */
    private CompletableFuture<Verdict> submitJudgeCall(PairwiseRewardModel judge, PairwiseRequest p, Semaphore slots) {
        CompletableFuture<Verdict> cf = new CompletableFuture<>();
        judgesWaiting.incrementAndGet();
        try {
            judges.execute(() -> {
                judgesWaiting.decrementAndGet();
                try {
                    if (!cf.isDone()) { // withdrawn at its deadline: not worth a call
                        long t0 = System.nanoTime();
                        CallOutcome<Verdict> o = retrier.call(() -> judge.judge(p));
                        judgeCallTook(System.nanoTime() - t0);
                        if (o.ok()) {
                            cf.complete(o.value());
                        } else {
                            cf.completeExceptionally(o.error());
                        }
                    }
                } catch (Throwable e) {
                    cf.completeExceptionally(e);
                } finally {
                    slots.release();
                }
            });
        } catch (RejectedExecutionException e) {
            judgesWaiting.decrementAndGet();
            slots.release();
            cf.completeExceptionally(new NonRetriableException("the server is shutting down"));
        }
        return cf;
    }

    /**
     * Refuses (429 {@code overloaded}) pairs that cannot be judged before {@code deadline} behind the
     * calls waiting now, going by the recent time of a judge call; with nothing waiting, they are tried.
     */
    private void admitJudgeCalls(int pairs, long deadline) {
        double call = judgeCallNanos;
        int waiting = judgesWaiting.get();
        if (call <= 0 || waiting == 0) {
            return;
        }
        int concurrency = settings.pairwiseConcurrency();
        long rounds = (waiting + pairs + concurrency - 1) / concurrency;
        long finish = System.nanoTime() + (long) (rounds * call);
        if (finish - deadline > 0) {
            long late = Math.max(1, Math.min(60, (finish - deadline) / 1_000_000_000L + 1));
            throw new ApiException(
                    429,
                    "overloaded",
                    "the judge has " + waiting + " calls waiting, about "
                            + (long) (rounds * call / 1e6) + " ms of work; these pairs could not be judged within "
                            + settings.requestTimeout().toMillis()
                            + " ms (--request-timeout); retry after the delay in Retry-After",
                    late);
        }
    }

    /** The recent time of one judge call (exponentially weighted), 0 before the first. */
    private volatile double judgeCallNanos;

    private synchronized void judgeCallTook(long nanos) {
        judgeCallNanos = judgeCallNanos == 0 ? nanos : 0.8 * judgeCallNanos + 0.2 * nanos;
    }

    /**
     * {@code f}, failing with 503 {@code deadline_exceeded} at {@code deadline} (and then withdrawing
     * {@code f}'s work), and with the {@link ApiException} for the model's failure otherwise.
     */
    private <T> CompletableFuture<T> withDeadline(CompletableFuture<T> f, long deadline) {
        CompletableFuture<T> out = new CompletableFuture<>();
        long left = deadline - System.nanoTime();
        ScheduledFuture<?> timer;
        try {
            timer = deadlines.schedule(
                    () -> {
                        if (out.completeExceptionally(deadlineExceeded())) {
                            f.cancel(false); // withdraws the items not yet in a batch
                        }
                    },
                    Math.max(0, left),
                    TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            f.cancel(false);
            throw shuttingDown();
        }
        f.whenComplete((v, e) -> {
            timer.cancel(false);
            if (e == null) {
                out.complete(v);
                return;
            }
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof CancellationException) {
                out.completeExceptionally(shuttingDown());
            } else {
                out.completeExceptionally(cause instanceof ApiException a ? a : modelError(cause, "the request"));
            }
        });
        return out;
    }

    /** The HTTP answer to a model's failure on one item. */
    private ApiException modelError(Throwable error, String where) {
        if (error instanceof MicroBatchingScalarRewardModel.DeadlineMissedException d) {
            return new ApiException(
                    503,
                    "deadline_exceeded",
                    where + " could not be scored within "
                            + settings.requestTimeout().toMillis() + " ms (--request-timeout): " + d.getMessage()
                            + "; the server is busy, retry later",
                    1);
        }
        if (error instanceof InvalidInputException) { // the client's request is at fault
            return new ApiException(400, "invalid_input", where + ": " + error.getMessage());
        }
        if (error instanceof org.omnireward.core.UnsupportedTaskException) {
            return new ApiException(400, "unsupported_task", where + ": " + error.getMessage());
        }
        if (error instanceof RateLimitedException r) {
            long s = r.retryAfter().map(d -> Math.max(1, d.toSeconds())).orElse(5L);
            return new ApiException(
                    503, "model_unavailable", where + ": the model is rate limited: " + r.getMessage(), s);
        }
        if (error instanceof RetriableException) {
            return new ApiException(
                    503,
                    "model_unavailable",
                    where + ": the model failed in a way that may pass: " + error.getMessage(),
                    5);
        }
        if (error instanceof AuthenticationException) {
            log.error("the model's remote service refused its credentials: " + error.getMessage(), null);
            return new ApiException(
                    500,
                    "model_error",
                    where + ": the model's remote service refused the server's "
                            + "credentials; the operator must fix them");
        }
        Throwable root = error instanceof OmniRewardException && error.getCause() != null ? error.getCause() : error;
        if (root instanceof OmniRewardException && root.getMessage() != null) {
            log.error("the model failed on " + where + ": " + root.getMessage(), null);
            return new ApiException(500, "model_error", where + ": " + root.getMessage());
        }
        log.error("the model failed on " + where, root);
        return new ApiException(
                500,
                "model_error",
                where + ": the model failed (" + root.getClass().getSimpleName() + "); details are in the server log");
    }

    private MicroBatchingScalarRewardModel scalar(String what) {
        requireReady();
        MicroBatchingScalarRewardModel b = batcher;
        if (b == null) {
            throw new ApiException(
                    400,
                    "pairwise_model",
                    "model " + modelName() + " is pairwise (a judge): it compares"
                            + " two responses and gives no score; use POST /v1/compare, or serve a scalar model (embedded, bt:DIR,"
                            + " pooling:URL#MODEL) for " + what);
        }
        return b;
    }

    private void requireReady() {
        switch (state) {
            case READY -> {}
            case LOADING ->
                throw new ApiException(
                        503,
                        "not_ready",
                        "the model is still loading; retry shortly (GET /ready" + " answers 200 once it is loaded)",
                        5);
            case FAILED -> throw new ApiException(503, "model_failed", "the model could not be loaded: " + failure);
            case CLOSED -> throw shuttingDown();
        }
    }

    private static ApiException queueFull() {
        return new ApiException(
                429, "queue_full", "the scoring queue is full; retry after the delay in Retry-After", 1);
    }

    static ApiException shuttingDown() {
        return new ApiException(503, "shutting_down", "the server is shutting down", 5);
    }

    /** Finishes every accepted item, then closes the model. */
    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        deadlines.shutdown();
        if (batcher != null) {
            batcher.close();
        } else if (judges != null) {
            judges.shutdown();
            try {
                judges.awaitTermination(settings.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            judges.shutdownNow();
            model.close();
        } else if (model != null) {
            model.close();
        }
    }
}
