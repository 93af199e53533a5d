package org.omnireward.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.omnireward.core.PairwiseRewardModel;
import org.omnireward.core.Preference;
import org.omnireward.core.PreferenceSample;
import org.omnireward.core.RewardModel;
import org.omnireward.core.ScalarRewardModel;
import org.omnireward.core.ScoreResult;
import org.omnireward.core.ScoringRequest;
import org.omnireward.core.Task;
import org.omnireward.core.UnsupportedTaskException;
import org.omnireward.core.Verdict;

/**
 * The behaviour every reward-model backend promises the harness, as one abstract JUnit 5 suite
 * (see docs/architecture.md). A backend's test extends it and says how to make the model, which
 * samples it can handle and whether it is deterministic; the suite then checks the SPI contract:
 * a name, supported tasks, unsupported tasks refused with {@link UnsupportedTaskException} (never
 * a wrong answer), pairwise verdicts that respect {@code allowTies}, scalar batches of one finite
 * score per request in order (equal to single-item scoring), determinism, thread safety and an
 * idempotent {@link RewardModel#close()}. Checks that do not apply (pairwise checks for a scalar
 * model, unsupported tasks for a model supporting all nine) are skipped with a message.
 *
 * <p>Other modules use it through the {@code omni-reward-core} test-jar:
 * {@code <artifactId>omni-reward-core</artifactId><type>test-jar</type><scope>test</scope>}.
 */
public abstract class RewardModelContractTest {

    /** How many threads call the model at once in the thread-safety check. */
    protected static final int THREADS = 8;

    private static final long TIMEOUT_SECONDS = 60;

    private final List<RewardModel> created = new ArrayList<>();
    private RewardModel model;

    /** Creates a new instance of the model under test. Each test closes the instances it makes. */
    protected abstract RewardModel createModel();

    /**
     * A few valid samples (with labels) of tasks the model supports, whose media the model can
     * read. Keep it small: the suite judges or scores them a few dozen times.
     */
    protected abstract List<PreferenceSample> samples();

    /**
     * Whether the model gives the same output for the same input (local baselines and classifiers:
     * yes; sampling LLM judges: usually not). Only deterministic models are checked for
     * repeatability and for concurrent results equal to serial ones; every model is checked for
     * not failing under concurrency.
     */
    protected abstract boolean deterministic();

    /**
     * A sample of {@code task}, which the model does not support, for the refusal check. The
     * default is a placeholder sample with tiny in-memory media.
     */
    protected PreferenceSample unsupportedSample(Task task) {
        return TestSamples.sample(task, "unsupported-" + task.id(), Preference.RESPONSE1, "first", "second");
    }

    @BeforeEach
    final void createModelUnderTest() {
        model = newModel();
    }

    @AfterEach
    final void closeModels() {
        for (RewardModel m : created) {
            m.close();
        }
        created.clear();
    }

    /** The instance made for the current test. */
    protected final RewardModel model() {
        return model;
    }

    private RewardModel newModel() {
        RewardModel m = createModel();
        assertThat(m).as("createModel()").isNotNull();
        created.add(m);
        return m;
    }

    // ---- identity ---------------------------------------------------------------------------

    @Test
    void has_a_non_blank_name() {
        assertThat(model.name()).as("name()").isNotBlank();
    }

    @Test
    void declares_supported_tasks_and_supports_agrees_with_them() {
        Set<Task> supported = model.supportedTasks();
        assertThat(supported)
                .as("supportedTasks() of %s", model.name())
                .isNotNull()
                .isNotEmpty();
        for (Task t : Task.values()) {
            assertThat(model.supports(t)).as("supports(%s)", t.id()).isEqualTo(supported.contains(t));
        }
    }

    @Test
    void is_either_pairwise_or_scalar() {
        boolean pairwise = model instanceof PairwiseRewardModel;
        boolean scalar = model instanceof ScalarRewardModel;
        assertThat(pairwise ^ scalar)
                .as("%s must implement exactly one of PairwiseRewardModel and ScalarRewardModel", model.name())
                .isTrue();
    }

    @Test
    void the_contract_samples_are_of_supported_tasks() {
        List<PreferenceSample> samples = samples();
        assertThat(samples).as("samples() must give at least one sample").isNotEmpty();
        for (PreferenceSample s : samples) {
            assertThat(model.supports(s.task()))
                    .as(
                            "sample %s is of task %s, which %s does not support",
                            s.id(), s.task().id(), model.name())
                    .isTrue();
            assertThat(s.label()).as("sample %s has a label", s.id()).isPresent();
        }
    }

    // ---- unsupported tasks ------------------------------------------------------------------

    @Test
    void refuses_unsupported_tasks_with_UnsupportedTaskException() {
        Set<Task> unsupported = EnumSet.complementOf(EnumSet.copyOf(withAtLeastOne(model.supportedTasks())));
        assumeTrue(!unsupported.isEmpty(), model.name() + " supports all tasks: no refusal to check");
        PreferenceSample supportedSample = samples().get(0);
        for (Task task : unsupported) {
            PreferenceSample s = unsupportedSample(task);
            assertThat(s.task()).isEqualTo(task);
            if (model instanceof PairwiseRewardModel pm) {
                for (boolean allowTies : new boolean[] {false, true}) {
                    assertThatThrownBy(() -> pm.judge(s, allowTies))
                            .as("judge(%s sample, allowTies=%s)", task.id(), allowTies)
                            .isInstanceOf(UnsupportedTaskException.class)
                            .satisfies(e -> assertThat(((UnsupportedTaskException) e).task())
                                    .isEqualTo(task));
                }
            }
            if (model instanceof ScalarRewardModel sm) {
                ScoringRequest bad = ScoringRequest.of(s, Preference.RESPONSE1);
                assertThatThrownBy(() -> sm.scoreBatch(List.of(bad)))
                        .as("scoreBatch([%s request])", task.id())
                        .isInstanceOf(UnsupportedTaskException.class)
                        .satisfies(e -> assertThat(((UnsupportedTaskException) e).task())
                                .isEqualTo(task));
                ScoringRequest good = ScoringRequest.of(supportedSample, Preference.RESPONSE1);
                assertThatThrownBy(() -> sm.scoreBatch(List.of(good, bad)))
                        .as("a batch mixing a supported request with a %s one", task.id())
                        .isInstanceOf(UnsupportedTaskException.class);
            }
        }
    }

    // ---- pairwise ---------------------------------------------------------------------------

    @Test
    void pairwise_gives_a_verdict_for_every_sample_and_a_tie_only_when_allowed() {
        PairwiseRewardModel pm = pairwise();
        for (PreferenceSample s : samples()) {
            Verdict noTies = pm.judge(s, false);
            assertThat(noTies).as("verdict for %s without ties", s.id()).isNotNull();
            assertThat(noTies.preference())
                    .as("answer for %s without ties", s.id())
                    .isIn(Preference.RESPONSE1, Preference.RESPONSE2);
            Verdict withTies = pm.judge(s, true);
            assertThat(withTies).as("verdict for %s with ties", s.id()).isNotNull();
            assertThat(withTies.preference())
                    .as("answer for %s with ties", s.id())
                    .isNotNull();
        }
    }

    // ---- scalar -----------------------------------------------------------------------------

    @Test
    void scalar_batch_gives_one_finite_score_per_request() {
        ScalarRewardModel sm = scalar();
        List<ScoringRequest> requests = requests();
        List<ScoreResult> results = sm.scoreBatch(requests);
        assertThat(results).as("results of %d requests", requests.size()).hasSize(requests.size());
        for (int i = 0; i < results.size(); i++) {
            ScoreResult r = results.get(i);
            assertThat(r).as("result %d", i).isNotNull();
            assertThat(r.ok())
                    .as("result %d of a valid contract sample succeeded (%s)", i, r.error())
                    .isTrue();
            assertThat(Double.isFinite(r.score()))
                    .as("score %d (%s) is finite", i, r.score())
                    .isTrue();
        }
    }

    @Test
    void scalar_batch_scores_equal_single_item_scores_in_request_order() {
        ScalarRewardModel sm = scalar();
        assumeDeterministic();
        List<ScoringRequest> requests = requests();
        double[] batch = sm.scores(requests);
        for (int i = 0; i < requests.size(); i++) {
            assertThat(sm.scores(List.of(requests.get(i))))
                    .as("request %d scored alone", i)
                    .containsExactly(batch[i]);
            assertThat(sm.score(requests.get(i))).as("score(request %d)", i).isEqualTo(batch[i]);
        }
        List<ScoringRequest> reversed = new ArrayList<>(requests);
        java.util.Collections.reverse(reversed);
        double[] backwards = sm.scores(reversed);
        for (int i = 0; i < requests.size(); i++) {
            assertThat(backwards[requests.size() - 1 - i])
                    .as("request %d in the reversed batch", i)
                    .isEqualTo(batch[i]);
        }
    }

    @Test
    void scalar_empty_batch_gives_an_empty_array() {
        ScalarRewardModel sm = scalar();
        assertThat(sm.scoreBatch(List.of())).as("scoreBatch([])").isNotNull().isEmpty();
    }

    @Test
    void scalar_preferred_batch_size_is_positive() {
        assertThat(scalar().preferredBatchSize()).isPositive();
    }

    // ---- determinism and concurrency ---------------------------------------------------------

    @Test
    void the_same_input_gives_the_same_output() {
        assumeDeterministic();
        List<Object> first = outputs(model);
        List<Object> second = outputs(model);
        assertThat(second).as("second pass over the same samples").isEqualTo(first);
        assertThat(outputs(newModel())).as("a second instance of the model").isEqualTo(first);
    }

    @Test
    void concurrent_calls_from_8_threads_give_the_serial_results() throws Exception {
        List<Object> serial = outputs(model);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<Object>>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                Callable<List<Object>> work = () -> {
                    start.await();
                    List<Object> last = null;
                    for (int round = 0; round < 5; round++) {
                        last = outputs(model);
                    }
                    return last;
                };
                futures.add(pool.submit(work));
            }
            start.countDown();
            for (int t = 0; t < THREADS; t++) {
                List<Object> concurrent = get(futures.get(t), "thread " + t);
                if (deterministic()) {
                    assertThat(concurrent).as("results of thread %d", t).isEqualTo(serial);
                } else {
                    assertThat(concurrent).as("results of thread %d", t).hasSameSizeAs(serial);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void close_is_idempotent() {
        RewardModel m = newModel();
        assertThatCode(() -> {
                    m.close();
                    m.close();
                })
                .as("closing %s twice", m.name())
                .doesNotThrowAnyException();
        assertThatCode(model::close).doesNotThrowAnyException();
    }

    // ---- helpers ----------------------------------------------------------------------------

    private PairwiseRewardModel pairwise() {
        assumeTrue(model instanceof PairwiseRewardModel, model.name() + " is not a pairwise model");
        return (PairwiseRewardModel) model;
    }

    private ScalarRewardModel scalar() {
        assumeTrue(model instanceof ScalarRewardModel, model.name() + " is not a scalar model");
        return (ScalarRewardModel) model;
    }

    private void assumeDeterministic() {
        assumeTrue(deterministic(), model.name() + " does not declare itself deterministic");
    }

    /** Both responses of every sample, in sample order. */
    private List<ScoringRequest> requests() {
        List<ScoringRequest> out = new ArrayList<>();
        for (PreferenceSample s : samples()) {
            out.add(ScoringRequest.of(s, Preference.RESPONSE1));
            out.add(ScoringRequest.of(s, Preference.RESPONSE2));
        }
        return out;
    }

    /**
     * Everything the model answers for the samples: per sample the answers without and with ties
     * (pairwise), or the batch scores followed by the single-item scores (scalar).
     */
    private List<Object> outputs(RewardModel m) {
        List<Object> out = new ArrayList<>();
        if (m instanceof PairwiseRewardModel pm) {
            for (PreferenceSample s : samples()) {
                out.add(pm.judge(s, false).preference());
                out.add(pm.judge(s, true).preference());
            }
        } else if (m instanceof ScalarRewardModel sm) {
            List<ScoringRequest> requests = requests();
            for (double d : sm.scores(requests)) {
                out.add(d);
            }
            for (ScoringRequest r : requests) {
                out.add(sm.score(r));
            }
        } else {
            fail(m.name() + " is neither pairwise nor scalar");
        }
        return out;
    }

    private static Set<Task> withAtLeastOne(Set<Task> tasks) {
        assertThat(tasks).as("supportedTasks()").isNotEmpty();
        return tasks;
    }

    private static <T> T get(Future<T> f, String what) throws InterruptedException {
        try {
            return f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(what + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError(what + " did not finish within " + TIMEOUT_SECONDS + " s (deadlock?)", e);
        }
    }
}
