package org.omnireward.runtime.decorate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.omnireward.core.NonRetriableException;
import org.omnireward.core.RateLimitedException;
import org.omnireward.core.RetriableException;
import org.omnireward.core.ScoreResult;
import org.omnireward.core.ScoringRequest;
import org.omnireward.runtime.FakeModels;

class MicroBatchingScalarRewardModelTest {

    private final ExecutorService callers = Executors.newCachedThreadPool();
    private final List<MicroBatchingScalarRewardModel> toClose = new ArrayList<>();

    @AfterEach
    void tearDown() {
        callers.shutdownNow();
        toClose.forEach(MicroBatchingScalarRewardModel::close);
    }

    private MicroBatchingScalarRewardModel batching(
            FakeModels.Scalar model, int maxBatch, Duration maxWait, int capacity) {
        MicroBatchingScalarRewardModel m = new MicroBatchingScalarRewardModel(model, maxBatch, maxWait, capacity, 1);
        toClose.add(m);
        return m;
    }

    private static List<ScoringRequest> numbers(int... values) {
        List<ScoringRequest> out = new ArrayList<>();
        for (int v : values) {
            out.add(FakeModels.scoring(Integer.toString(v)));
        }
        return out;
    }

    /** A fake whose calls block until {@link #release} is counted down. */
    static final class Gated extends FakeModels.Scalar {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public List<ScoreResult> scoreBatch(List<ScoringRequest> requests) {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return super.scoreBatch(requests);
        }
    }

    @Test
    void concurrent_callers_from_16_threads_get_exactly_their_own_results_in_their_order() throws Exception {
        FakeModels.Scalar model = new FakeModels.Scalar();
        MicroBatchingScalarRewardModel m = batching(model, 8, Duration.ofMillis(2), 10_000);
        List<Future<?>> done = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int t = 0; t < 16; t++) {
            int thread = t;
            done.add(callers.submit(() -> {
                start.await();
                for (int round = 0; round < 20; round++) {
                    int n = 1 + (thread + round) % 5;
                    int[] values = new int[n];
                    for (int j = 0; j < n; j++) {
                        values[j] = thread * 100_000 + round * 100 + j;
                    }
                    List<ScoreResult> results = m.scoreBatch(numbers(values));
                    assertThat(results).hasSize(n);
                    for (int j = 0; j < n; j++) {
                        assertThat(results.get(j).orThrow()).isEqualTo(values[j]);
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(30, TimeUnit.SECONDS);
        }
        assertThat(model.calls).allSatisfy(batch -> assertThat(batch).hasSizeBetween(1, 8));
        int total = 16 * 20 * 3; // n cycles through 1..5 evenly: mean 3
        assertThat(model.itemsSeen()).isEqualTo(total);
        assertThat(m.itemsScored()).isEqualTo(total);
        assertThat(m.batches()).isEqualTo(model.calls.size());
        assertThat(model.calls.size()).isLessThan(total); // some merging happened
    }

    @Test
    void a_lone_request_is_scored_after_about_max_wait_and_not_starved() {
        FakeModels.Scalar model = new FakeModels.Scalar();
        MicroBatchingScalarRewardModel m = batching(model, 64, Duration.ofMillis(100), 100);
        long t0 = System.nanoTime();
        assertThat(m.score(FakeModels.scoring("7"))).isEqualTo(7.0);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(ms).isBetween(80L, 3_000L);
        assertThat(model.calls).containsExactly(numbers(7));
    }

    @Test
    void a_full_batch_is_scored_without_waiting_for_max_wait() {
        FakeModels.Scalar model = new FakeModels.Scalar();
        MicroBatchingScalarRewardModel m = batching(model, 4, Duration.ofSeconds(30), 100);
        long t0 = System.nanoTime();
        assertThat(m.scores(numbers(1, 2, 3, 4))).containsExactly(1, 2, 3, 4);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(5_000L);
        assertThat(m.preferredBatchSize()).isEqualTo(4);
    }

    @Test
    void batches_never_exceed_max_batch_even_for_one_large_call() {
        FakeModels.Scalar model = new FakeModels.Scalar();
        MicroBatchingScalarRewardModel m = batching(model, 3, Duration.ofMillis(5), 100);
        assertThat(m.scores(numbers(1, 2, 3, 4, 5, 6, 7))).containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(model.calls).extracting(List::size).allMatch(n -> n <= 3);
        assertThat(model.itemsSeen()).isEqualTo(7);
    }

    @Test
    void a_full_queue_refuses_new_work_at_once_with_a_retry_after_hint() throws Exception {
        Gated model = new Gated();
        MicroBatchingScalarRewardModel m = batching(model, 1, Duration.ZERO, 2);
        Future<List<ScoreResult>> first = callers.submit(() -> m.scoreBatch(numbers(1)));
        assertThat(model.entered.await(5, TimeUnit.SECONDS)).isTrue(); // the dispatcher is busy with item 1
        Future<List<ScoreResult>> waiting = callers.submit(() -> m.scoreBatch(numbers(2, 3)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (m.queueDepth() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(m.queueDepth()).isEqualTo(2);

        long t0 = System.nanoTime();
        assertThatThrownBy(() -> m.scoreBatch(numbers(4)))
                .isInstanceOfSatisfying(
                        RateLimitedException.class,
                        e -> assertThat(e.retryAfter())
                                .hasValueSatisfying(d -> assertThat(d).isPositive()))
                .hasMessageContaining("queue is full");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(1_000L);

        model.release.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS))
                .extracting(ScoreResult::score)
                .containsExactly(1.0);
        assertThat(waiting.get(5, TimeUnit.SECONDS))
                .extracting(ScoreResult::score)
                .containsExactly(2.0, 3.0);
        // item 4 was refused whole: nothing of it reached the model
        assertThat(model.calls.stream().flatMap(List::stream)).doesNotContain(FakeModels.scoring("4"));
        assertThat(m.scores(numbers(4))).containsExactly(4.0);
    }

    @Test
    void a_model_that_throws_fails_only_that_batch_with_the_error() throws Exception {
        RetriableException boom = new RetriableException("server said 503");
        FakeModels.Scalar model = new FakeModels.Scalar() {
            @Override
            public List<ScoreResult> scoreBatch(List<ScoringRequest> requests) {
                if (requests.contains(FakeModels.scoring("13"))) {
                    throw boom;
                }
                if (requests.contains(FakeModels.scoring("666"))) {
                    throw new IllegalArgumentException("bad tensor shape");
                }
                return super.scoreBatch(requests);
            }
        };
        // a wait long enough that the two items of one call always share a batch
        MicroBatchingScalarRewardModel m = batching(model, 8, Duration.ofMillis(50), 100);

        List<ScoreResult> failed = m.scoreBatch(numbers(13, 1));
        assertThat(failed).extracting(ScoreResult::ok).containsExactly(false, false);
        assertThat(failed).allSatisfy(r -> assertThat(r.error()).isSameAs(boom));

        List<ScoreResult> foreign = m.scoreBatch(numbers(666));
        assertThat(foreign.get(0).error())
                .isInstanceOf(NonRetriableException.class)
                .hasMessageContaining("fake-scalar")
                .hasMessageContaining("bad tensor shape")
                .hasCauseInstanceOf(IllegalArgumentException.class);

        assertThat(m.scores(numbers(2, 3))).containsExactly(2.0, 3.0);
    }

    @Test
    void a_model_that_throws_an_error_fails_its_batch_and_the_dispatcher_keeps_going() throws Exception {
        FakeModels.Scalar model = new FakeModels.Scalar() {
            @Override
            public List<ScoreResult> scoreBatch(List<ScoringRequest> requests) {
                if (requests.contains(FakeModels.scoring("13"))) {
                    throw new ExceptionInInitializerError("native library failed to load");
                }
                return super.scoreBatch(requests);
            }
        };
        MicroBatchingScalarRewardModel m = batching(model, 8, Duration.ZERO, 100);
        List<ScoreResult> failed =
                callers.submit(() -> m.scoreBatch(numbers(13))).get(5, TimeUnit.SECONDS);
        assertThat(failed.get(0).error())
                .isInstanceOf(NonRetriableException.class)
                .hasMessageContaining("native library failed to load");
        assertThat(callers.submit(() -> m.scores(numbers(5))).get(5, TimeUnit.SECONDS))
                .containsExactly(5.0);
    }

    @Test
    void close_finishes_accepted_work_then_closes_the_model() throws Exception {
        Gated model = new Gated();
        MicroBatchingScalarRewardModel m = batching(model, 1, Duration.ZERO, 100);
        Future<List<ScoreResult>> first = callers.submit(() -> m.scoreBatch(numbers(1)));
        assertThat(model.entered.await(5, TimeUnit.SECONDS)).isTrue();
        Future<List<ScoreResult>> queued = callers.submit(() -> m.scoreBatch(numbers(2, 3)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (m.queueDepth() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        CompletableFuture<Void> closing = CompletableFuture.runAsync(m::close, callers);
        Thread.sleep(50);
        assertThat(closing).isNotDone();
        assertThat(model.closed).isFalse();

        model.release.countDown();
        closing.get(5, TimeUnit.SECONDS);
        assertThat(first.get(1, TimeUnit.SECONDS))
                .extracting(ScoreResult::score)
                .containsExactly(1.0);
        assertThat(queued.get(1, TimeUnit.SECONDS))
                .extracting(ScoreResult::score)
                .containsExactly(2.0, 3.0);
        assertThat(model.closed).isTrue();
    }

    @Test
    void an_interrupted_close_fails_the_queued_items_instead_of_stranding_their_callers() throws Exception {
        Gated model = new Gated();
        MicroBatchingScalarRewardModel m = batching(model, 1, Duration.ZERO, 100);
        Future<List<ScoreResult>> first = callers.submit(() -> m.scoreBatch(numbers(1)));
        assertThat(model.entered.await(5, TimeUnit.SECONDS)).isTrue();
        Future<List<ScoreResult>> queued = callers.submit(() -> m.scoreBatch(numbers(2, 3)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (m.queueDepth() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        try {
            Thread.currentThread().interrupt();
            m.close();
        } finally {
            Thread.interrupted();
        }
        List<ScoreResult> stranded = queued.get(5, TimeUnit.SECONDS);
        assertThat(stranded).allSatisfy(r -> assertThat(r.error()).hasMessageContaining("stopped"));
        assertThat(first.get(5, TimeUnit.SECONDS)).hasSize(1);
    }

    @Test
    void decorators_micro_batched_uses_one_dispatcher_and_the_given_limits() throws Exception {
        FakeModels.Scalar model = new FakeModels.Scalar();
        MicroBatchingScalarRewardModel m = Decorators.microBatched(model, 2, Duration.ofMillis(20), 10);
        toClose.add(m);
        assertThat(m.preferredBatchSize()).isEqualTo(2);
        assertThat(m.scores(numbers(1, 2, 3))).containsExactly(1, 2, 3);
        assertThat(model.calls).extracting(List::size).allMatch(n -> n <= 2);
        assertThat(m.name()).isEqualTo("fake-scalar");
    }

    @Test
    void calls_after_close_are_refused_and_close_twice_is_safe() {
        FakeModels.Scalar model = new FakeModels.Scalar();
        MicroBatchingScalarRewardModel m = batching(model, 4, Duration.ZERO, 10);
        m.close();
        m.close();
        assertThat(model.closed).isTrue();
        assertThatThrownBy(() -> m.scoreBatch(numbers(1)))
                .isInstanceOf(NonRetriableException.class)
                .hasMessageContaining("shutting down");
        assertThat(model.calls).isEmpty();
    }

    @Test
    void a_call_racing_close_never_hangs() throws Exception {
        for (int i = 0; i < 40; i++) {
            FakeModels.Scalar model = new FakeModels.Scalar();
            MicroBatchingScalarRewardModel m = new MicroBatchingScalarRewardModel(model, 4, Duration.ZERO, 10, 1);
            Future<Object> call = callers.submit(() -> {
                try {
                    return m.scores(numbers(1))[0];
                } catch (NonRetriableException e) {
                    return e.getMessage();
                }
            });
            m.close();
            assertThat(call.get(5, TimeUnit.SECONDS)).isIn(1.0, "the model fake-scalar is shutting down");
        }
    }

    @Test
    void the_counters_include_a_batch_once_its_callers_have_their_results() {
        FakeModels.Scalar model = new FakeModels.Scalar();
        MicroBatchingScalarRewardModel m = batching(model, 4, Duration.ZERO, 10);
        for (int i = 1; i <= 100; i++) {
            m.scores(numbers(i));
            assertThat(m.itemsScored()).isEqualTo(i);
            assertThat(m.batches()).isEqualTo(i);
        }
    }

    @Test
    void a_call_larger_than_the_queue_is_refused_and_arguments_are_checked() {
        FakeModels.Scalar model = new FakeModels.Scalar();
        MicroBatchingScalarRewardModel m = batching(model, 4, Duration.ZERO, 2);
        assertThatThrownBy(() -> m.scoreBatch(numbers(1, 2, 3)))
                .isInstanceOf(org.omnireward.core.InvalidInputException.class);
        assertThat(m.scoreBatch(List.of())).isEmpty();
        assertThatThrownBy(() -> new MicroBatchingScalarRewardModel(model, 0, Duration.ZERO, 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MicroBatchingScalarRewardModel(model, 1, Duration.ofMillis(-1), 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_call_larger_than_the_queue_is_refused_as_bad_input_not_as_a_retriable_overload() {
        MicroBatchingScalarRewardModel m = batching(new FakeModels.Scalar(), 8, Duration.ofMillis(5), 4);
        assertThat(m.preferredBatchSize()).isEqualTo(4);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> m.scoreBatch(numbers(1, 2, 3, 4, 5)))
                .isInstanceOf(org.omnireward.core.InvalidInputException.class)
                .hasMessageContaining("5 requests can never fit the scoring queue of 4");
        assertThat(m.scoreBatch(numbers(1, 2, 3, 4))).hasSize(4);
    }

    @Test
    void a_withdrawn_submission_is_skipped_and_never_reaches_the_model() throws Exception {
        Gated model = new Gated();
        MicroBatchingScalarRewardModel m = batching(model, 1, Duration.ZERO, 100);
        CompletableFuture<List<ScoreResult>> first = m.submit(numbers(1));
        assertThat(model.entered.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<List<ScoreResult>> withdrawn = m.submit(numbers(2, 3));
        CompletableFuture<List<ScoreResult>> kept = m.submit(numbers(4));
        withdrawn.cancel(false);
        model.release.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS))
                .extracting(ScoreResult::score)
                .containsExactly(1.0);
        assertThat(kept.get(5, TimeUnit.SECONDS)).extracting(ScoreResult::score).containsExactly(4.0);
        assertThat(model.calls).hasSize(2);
        assertThat(model.calls.get(1))
                .extracting(r -> r.response().requireText())
                .containsExactly("4");
    }

    @Test
    void an_unsupported_task_is_refused_before_queueing_so_it_cannot_sink_a_shared_batch() {
        FakeModels.Scalar model = new FakeModels.Scalar() {
            @Override
            public java.util.Set<org.omnireward.core.Task> supportedTasks() {
                return java.util.EnumSet.of(org.omnireward.core.Task.T2T);
            }
        };
        MicroBatchingScalarRewardModel m = batching(model, 8, Duration.ofMillis(1), 100);
        ScoringRequest image = new ScoringRequest(
                org.omnireward.core.Task.T2I, "c", "p", List.of(), org.omnireward.core.Response.text("1"));
        assertThatThrownBy(() -> m.submit(List.of(FakeModels.scoring("1"), image)))
                .isInstanceOf(org.omnireward.core.UnsupportedTaskException.class);
        assertThat(m.queueDepth()).isZero();
        assertThat(model.calls).isEmpty();
    }

    @Test
    void the_observer_sees_every_batch_with_its_size() throws Exception {
        FakeModels.Scalar model = new FakeModels.Scalar();
        List<Integer> sizes = java.util.Collections.synchronizedList(new ArrayList<>());
        MicroBatchingScalarRewardModel m =
                new MicroBatchingScalarRewardModel(model, 3, Duration.ZERO, 100, 1, (size, nanos) -> sizes.add(size));
        toClose.add(m);
        assertThat(m.submit(numbers(1, 2, 3, 4, 5)).get(5, TimeUnit.SECONDS))
                .extracting(ScoreResult::score)
                .containsExactly(1.0, 2.0, 3.0, 4.0, 5.0);
        assertThat(sizes).containsExactly(3, 2);
    }

    // ---- deadlines ----

    @Test
    void batch_cost_is_fitted_as_a_fixed_part_plus_a_part_per_item() {
        MicroBatchingScalarRewardModel.BatchCost cost = new MicroBatchingScalarRewardModel.BatchCost();
        assertThat(cost.estimate(8)).isZero(); // nothing learned yet
        for (int i = 0; i < 10; i++) {
            cost.observe(1, 15_000_000);
            cost.observe(8, 50_000_000);
        }
        assertThat(cost.estimate(4) / 1e6).isCloseTo(30.0, org.assertj.core.api.Assertions.within(0.5));
        assertThat(cost.estimateBacklog(16, 8) / 1e6).isCloseTo(100.0, org.assertj.core.api.Assertions.within(1.0));
        MicroBatchingScalarRewardModel.BatchCost full = new MicroBatchingScalarRewardModel.BatchCost();
        full.observe(32, 64_000_000); // batches of one size: the time per item
        assertThat(full.estimate(16) / 1e6).isCloseTo(32.0, org.assertj.core.api.Assertions.within(0.1));
    }

    @Test
    void a_call_that_cannot_be_scored_by_its_deadline_behind_the_queue_is_refused_at_once() throws Exception {
        FakeModels.Scalar model = new FakeModels.Scalar();
        model.delayMillis = 100;
        MicroBatchingScalarRewardModel m = batching(model, 1, Duration.ZERO, 100);
        m.scoreBatch(numbers(1)); // learns: about 100 ms per batch of one
        long far = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<CompletableFuture<List<ScoreResult>>> queued = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            queued.add(m.submit(numbers(10 + i), far)); // about 500 ms of work
        }
        long t0 = System.nanoTime();
        long soon = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
        assertThatThrownBy(() -> m.submit(numbers(99), soon))
                .isInstanceOf(MicroBatchingScalarRewardModel.OverloadedException.class)
                .isInstanceOf(RateLimitedException.class)
                .hasMessageContaining("could not be scored before its deadline");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0))
                .isLessThan(250); // its deadline was 300 ms away
        assertThat(m.callsRefused()).isEqualTo(1);
        for (CompletableFuture<List<ScoreResult>> f : queued) {
            assertThat(f.get(10, TimeUnit.SECONDS).get(0).ok()).isTrue();
        }
        assertThat(model.calls.stream()
                        .flatMap(List::stream)
                        .map(r -> r.response().requireText()))
                .doesNotContain("99");
    }

    @Test
    void items_whose_deadline_would_pass_before_their_batch_ends_are_dropped_before_scoring() throws Exception {
        FakeModels.Scalar model = new FakeModels.Scalar();
        model.delayMillis = 40;
        MicroBatchingScalarRewardModel m = batching(model, 1, Duration.ZERO, 100);
        m.scoreBatch(numbers(1)); // learns: about 40 ms per batch
        model.delayMillis = 250; // then the model slows down: what was admitted no longer fits
        long far = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        CompletableFuture<List<ScoreResult>> first = m.submit(numbers(2), far);
        CompletableFuture<List<ScoreResult>> second = m.submit(numbers(3), far);
        CompletableFuture<List<ScoreResult>> tight =
                m.submit(numbers(4, 5), System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(400));
        List<ScoreResult> dropped = tight.get(10, TimeUnit.SECONDS);
        assertThat(dropped)
                .allSatisfy(r -> assertThat(r.error())
                        .isInstanceOf(MicroBatchingScalarRewardModel.DeadlineMissedException.class));
        assertThat(first.get(10, TimeUnit.SECONDS).get(0).orThrow()).isEqualTo(2.0);
        assertThat(second.get(10, TimeUnit.SECONDS).get(0).orThrow()).isEqualTo(3.0);
        assertThat(model.calls.stream()
                        .flatMap(List::stream)
                        .map(r -> r.response().requireText()))
                .doesNotContain("4", "5");
        assertThat(m.itemsDropped()).isEqualTo(2);
    }

    @Test
    void a_call_that_finds_the_model_idle_is_tried_whatever_the_estimate_says() throws Exception {
        FakeModels.Scalar model = new FakeModels.Scalar();
        model.delayMillis = 300;
        MicroBatchingScalarRewardModel m = batching(model, 4, Duration.ZERO, 100);
        m.scoreBatch(numbers(1)); // learns: 300 ms per batch, more than the deadline below
        model.delayMillis = 0; // the model got faster: only trying it can tell
        List<ScoreResult> r = m.submit(numbers(6), System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200))
                .get(10, TimeUnit.SECONDS);
        assertThat(r.get(0).orThrow()).isEqualTo(6.0);
        assertThat(m.estimatedBatchTime(1).toMillis()).isLessThan(300);
    }
}
