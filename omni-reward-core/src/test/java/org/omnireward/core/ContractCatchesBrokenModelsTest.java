package org.omnireward.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.omnireward.testing.RewardModelContractTest;
import org.omnireward.testing.TestSamples;

/**
 * Runs {@link RewardModelContractTest} against deliberately broken models and checks that the
 * check meant to catch each defect fails (and that a correct model passes everything), so the
 * contract cannot silently stop checking what it claims to check.
 */
class ContractCatchesBrokenModelsTest {

    /**
     * The suites below are disabled so that no test run picks them up by name (several fail on
     * purpose); {@link #run} switches the {@code @Disabled} condition off for its own launch.
     */
    static final String ONLY_VIA_LAUNCHER = "run by ContractCatchesBrokenModelsTest only";

    @Test
    void a_correct_model_passes_every_check() {
        Map<String, String> results = run(CorrectScalar.class);
        assertThat(results)
                .isNotEmpty()
                .allSatisfy((test, outcome) -> assertThat(outcome).as(test).isIn("SUCCESSFUL", "ABORTED"));
        assertThat(results)
                .containsEntry("refuses_unsupported_tasks_with_UnsupportedTaskException", "SUCCESSFUL")
                .containsEntry("concurrent_calls_from_8_threads_give_the_serial_results", "SUCCESSFUL");
    }

    @Test
    void a_model_that_scores_unsupported_tasks_fails_the_refusal_check() {
        assertThat(failed(ScoresUnsupportedTasks.class))
                .containsExactly("refuses_unsupported_tasks_with_UnsupportedTaskException");
    }

    @Test
    void a_judge_that_answers_tie_without_ties_fails_the_verdict_check() {
        assertThat(failed(TieWithoutTies.class))
                .contains("pairwise_gives_a_verdict_for_every_sample_and_a_tie_only_when_allowed");
    }

    @Test
    void a_batch_whose_scores_depend_on_position_fails_the_batch_check() {
        assertThat(failed(PositionDependentBatch.class))
                .contains("scalar_batch_scores_equal_single_item_scores_in_request_order")
                .doesNotContain("scalar_batch_gives_one_finite_score_per_request");
    }

    @Test
    void non_finite_scores_and_a_null_empty_batch_fail_the_scalar_checks() {
        assertThat(failed(NanAndNullEmpty.class))
                .contains("scalar_batch_gives_one_finite_score_per_request", "scalar_empty_batch_gives_an_empty_array");
    }

    @Test
    void a_model_with_shared_mutable_state_fails_the_thread_safety_check() {
        assertThat(failed(SharedBuffer.class))
                .containsExactly("concurrent_calls_from_8_threads_give_the_serial_results");
    }

    @Test
    void a_model_whose_second_close_throws_fails_the_close_check() {
        assertThat(failed(CloseTwiceThrows.class)).contains("close_is_idempotent");
    }

    // ---- running the contract --------------------------------------------------------------

    private static List<String> failed(Class<? extends RewardModelContractTest> suite) {
        return run(suite).entrySet().stream()
                .filter(e -> e.getValue().equals("FAILED"))
                .map(Map.Entry::getKey)
                .toList();
    }

    /** Test method name → SUCCESSFUL, ABORTED (skipped by an assumption) or FAILED. */
    private static Map<String, String> run(Class<? extends RewardModelContractTest> suite) {
        Map<String, String> results = new TreeMap<>();
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(suite))
                .configurationParameter("junit.jupiter.conditions.deactivate", "org.junit.*DisabledCondition")
                .build();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (id.getSource().orElse(null) instanceof MethodSource m) {
                    results.put(m.getMethodName(), result.getStatus().name());
                }
            }
        });
        return results;
    }

    // ---- models under the contract -----------------------------------------------------------

    private static final List<PreferenceSample> TEXT_SAMPLES = List.of(
            TestSamples.text("a", Preference.RESPONSE1, "a long answer", "short"),
            TestSamples.text("b", Preference.RESPONSE2, "x", "yy"),
            TestSamples.text("c", Preference.TIE, "same", "size"));

    /** A scalar model over text samples. */
    abstract static class TextScalarSuite extends RewardModelContractTest {
        @Override
        protected List<PreferenceSample> samples() {
            return TEXT_SAMPLES;
        }

        @Override
        protected boolean deterministic() {
            return true;
        }
    }

    /** Scores t2t by length and checks its task; nothing wrong. */
    @Disabled(ONLY_VIA_LAUNCHER)
    static class CorrectScalar extends TextScalarSuite {
        @Override
        protected RewardModel createModel() {
            return new LengthOnT2t();
        }
    }

    static class LengthOnT2t implements ScalarRewardModel {
        @Override
        public String name() {
            return "length-t2t";
        }

        @Override
        public Set<Task> supportedTasks() {
            return EnumSet.of(Task.T2T);
        }

        @Override
        public List<org.omnireward.core.ScoreResult> scoreBatch(List<ScoringRequest> requests) {
            double[] raw = rawScores(requests);
            List<org.omnireward.core.ScoreResult> out = new java.util.ArrayList<>();
            for (double d : raw) {
                out.add(new org.omnireward.core.ScoreResult(d, null)); // a NaN fails here, as a broken model would
            }
            return out;
        }

        public double[] rawScores(List<ScoringRequest> requests) {
            double[] out = new double[requests.size()];
            for (int i = 0; i < out.length; i++) {
                if (!supports(requests.get(i).task())) {
                    throw new org.omnireward.core.UnsupportedTaskException(
                            name(), requests.get(i).task());
                }
                out[i] = requests.get(i).response().requireText().length();
            }
            return out;
        }
    }

    @Disabled(ONLY_VIA_LAUNCHER)
    static class ScoresUnsupportedTasks extends TextScalarSuite {
        @Override
        protected RewardModel createModel() {
            return new LengthOnT2t() {
                @Override
                public double[] rawScores(List<ScoringRequest> requests) {
                    return requests.stream()
                            .mapToDouble(r -> r.prompt().length())
                            .toArray();
                }
            };
        }
    }

    @Disabled(ONLY_VIA_LAUNCHER)
    static class PositionDependentBatch extends TextScalarSuite {
        @Override
        protected RewardModel createModel() {
            return new LengthOnT2t() {
                @Override
                public double[] rawScores(List<ScoringRequest> requests) {
                    double[] s = super.rawScores(requests);
                    for (int i = 0; i < s.length; i++) {
                        s[i] += i;
                    }
                    return s;
                }
            };
        }
    }

    @Disabled(ONLY_VIA_LAUNCHER)
    static class NanAndNullEmpty extends TextScalarSuite {
        @Override
        protected RewardModel createModel() {
            return new LengthOnT2t() {
                @Override
                public double[] rawScores(List<ScoringRequest> requests) {
                    if (requests.isEmpty()) {
                        return null;
                    }
                    double[] s = super.rawScores(requests);
                    s[s.length - 1] = Double.NaN;
                    return s;
                }
            };
        }
    }

    @Disabled(ONLY_VIA_LAUNCHER)
    static class SharedBuffer extends TextScalarSuite {
        @Override
        protected RewardModel createModel() {
            return new LengthOnT2t() {
                private String current; // shared across calls: a data race under concurrency

                @Override
                public double[] rawScores(List<ScoringRequest> requests) {
                    double[] out = super.rawScores(requests);
                    for (int i = 0; i < out.length; i++) {
                        current = requests.get(i).response().requireText();
                        Thread.yield();
                        pause();
                        out[i] = current.length();
                    }
                    return out;
                }
            };
        }
    }

    @Disabled(ONLY_VIA_LAUNCHER)
    static class CloseTwiceThrows extends TextScalarSuite {
        @Override
        protected RewardModel createModel() {
            AtomicBoolean closed = new AtomicBoolean();
            return new LengthOnT2t() {
                @Override
                public void close() {
                    if (!closed.compareAndSet(false, true)) {
                        throw new IllegalStateException("already closed");
                    }
                }
            };
        }
    }

    /** A pairwise judge over text samples. */
    abstract static class PairwiseSuite extends RewardModelContractTest {
        @Override
        protected List<PreferenceSample> samples() {
            return TEXT_SAMPLES;
        }

        @Override
        protected boolean deterministic() {
            return true;
        }
    }

    /** Prefers the longer response, ties on equal length even when ties are not allowed. */
    @Disabled(ONLY_VIA_LAUNCHER)
    static class TieWithoutTies extends PairwiseSuite {
        @Override
        protected RewardModel createModel() {
            return new PairwiseRewardModel() {
                @Override
                public String name() {
                    return "tie-always-allowed";
                }

                @Override
                public Verdict judge(PairwiseRequest s) {
                    int a = s.responseA().requireText().length();
                    int b = s.responseB().requireText().length();
                    return Verdict.of(a > b ? Preference.RESPONSE1 : a < b ? Preference.RESPONSE2 : Preference.TIE);
                }
            };
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
