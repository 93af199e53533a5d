package org.omnireward.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AbstractRewardModelsTest {

    /** Scores a text response by its length; "nan"/"inf" give non-finite scores; rejects prompts "bad*". */
    static final class FakeScalar extends AbstractScalarRewardModel {
        final List<List<ScoringRequest>> calls = new ArrayList<>();
        int extraScores;

        @Override
        public String name() {
            return "fake-scalar";
        }

        @Override
        public Set<Task> supportedTasks() {
            return EnumSet.of(Task.T2T, Task.TI2T);
        }

        @Override
        protected void checkRequest(ScoringRequest request) {
            if (request.prompt().startsWith("bad")) {
                throw new InvalidInputException("prompt '" + request.prompt() + "' is bad");
            }
        }

        @Override
        protected double[] doScoreBatch(List<ScoringRequest> requests) {
            calls.add(List.copyOf(requests));
            double[] out = new double[requests.size() + extraScores];
            for (int i = 0; i < requests.size(); i++) {
                String t = requests.get(i).response().requireText();
                out[i] = switch (t) {
                    case "nan" -> Double.NaN;
                    case "inf" -> Double.POSITIVE_INFINITY;
                    default -> t.length();
                };
            }
            return out;
        }
    }

    static ScoringRequest req(String prompt, String response) {
        return new ScoringRequest(Task.T2T, "c", prompt, List.of(), Response.text(response));
    }

    @Test
    void an_unsupported_task_throws_before_anything_is_scored() {
        FakeScalar m = new FakeScalar();
        ScoringRequest video = new ScoringRequest(
                Task.T2V, "c", "p", List.of(), Response.media(MediaRef.ofBytes(new byte[] {1}, "v", Modality.VIDEO)));
        assertThatThrownBy(() -> m.scoreBatch(List.of(req("p", "a"), video)))
                .isInstanceOf(UnsupportedTaskException.class)
                .hasMessageContaining("fake-scalar")
                .hasMessageContaining("t2v");
        assertThat(m.calls).isEmpty();
    }

    @Test
    void an_empty_batch_gives_no_results_and_no_call() {
        FakeScalar m = new FakeScalar();
        assertThat(m.scoreBatch(List.of())).isEmpty();
        assertThat(m.calls).isEmpty();
    }

    @Test
    void a_request_refused_by_check_request_fails_alone_and_the_others_are_scored_in_one_call() {
        FakeScalar m = new FakeScalar();
        List<ScoringRequest> batch =
                List.of(req("p", "aa"), req("bad1", "x"), req("p", "bbbb"), req("bad2", "y"), req("p", "c"));
        List<ScoreResult> results = m.scoreBatch(batch);

        assertThat(results).hasSize(5);
        assertThat(results).extracting(ScoreResult::ok).containsExactly(true, false, true, false, true);
        assertThat(results.get(0).score()).isEqualTo(2.0);
        assertThat(results.get(2).score()).isEqualTo(4.0);
        assertThat(results.get(4).score()).isEqualTo(1.0);
        assertThat(results.get(1).error())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("bad1");
        assertThat(results.get(3).error()).hasMessageContaining("bad2");
        assertThat(m.calls).hasSize(1);
        assertThat(m.calls.get(0)).containsExactly(batch.get(0), batch.get(2), batch.get(4));
    }

    @Test
    void when_every_request_is_refused_the_model_is_not_called() {
        FakeScalar m = new FakeScalar();
        List<ScoreResult> results = m.scoreBatch(List.of(req("bad", "x"), req("bad", "y")));
        assertThat(results).extracting(ScoreResult::ok).containsExactly(false, false);
        assertThat(m.calls).isEmpty();
    }

    @Test
    void a_non_finite_score_fails_only_its_item_and_names_its_position() {
        FakeScalar m = new FakeScalar();
        List<ScoreResult> results = m.scoreBatch(
                List.of(req("p", "ok"), req("bad", "x"), req("p", "nan"), req("p", "inf"), req("p", "fine")));
        assertThat(results).extracting(ScoreResult::ok).containsExactly(true, false, false, false, true);
        assertThat(results.get(2).error())
                .isInstanceOf(NonRetriableException.class)
                .hasMessageContaining("fake-scalar")
                .hasMessageContaining("NaN")
                .hasMessageContaining("request 2");
        assertThat(results.get(3).error()).hasMessageContaining("Infinity").hasMessageContaining("request 3");
        assertThat(results.get(4).score()).isEqualTo(4.0);
    }

    @Test
    void a_result_of_the_wrong_length_is_an_error_of_the_model() {
        FakeScalar m = new FakeScalar();
        m.extraScores = 1;
        assertThatThrownBy(() -> m.scoreBatch(List.of(req("p", "a"), req("p", "b"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("fake-scalar")
                .hasMessageContaining("3 scores for 2 requests");
    }

    @Test
    void scores_returns_the_scores_in_order() {
        FakeScalar m = new FakeScalar();
        assertThat(m.scores(List.of(req("p", "a"), req("p", "abc")))).containsExactly(1.0, 3.0);
        assertThat(m.score("c", "p", "abcd")).isEqualTo(4.0);
    }

    @Test
    void scores_throws_the_error_of_the_first_failed_item() {
        FakeScalar m = new FakeScalar();
        assertThatThrownBy(() -> m.scores(List.of(req("p", "a"), req("bad-first", "x"), req("p", "nan"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("bad-first");
        assertThatThrownBy(() -> m.scores(List.of(req("p", "nan"), req("bad-second", "x"))))
                .isInstanceOf(NonRetriableException.class)
                .hasMessageContaining("NaN");
    }

    @Test
    void scores_refuses_a_model_that_returns_the_wrong_number_of_results() {
        ScalarRewardModel broken = new ScalarRewardModel() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public List<ScoreResult> scoreBatch(List<ScoringRequest> requests) {
                return List.of();
            }
        };
        assertThatThrownBy(() -> broken.scores(List.of(req("p", "a"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("0 results for 1 requests");
    }

    /** Answers what it was told to. */
    static final class FakePairwise extends AbstractPairwiseRewardModel {
        Verdict answer;
        PairwiseRequest seen;

        @Override
        public String name() {
            return "fake-judge";
        }

        @Override
        public Set<Task> supportedTasks() {
            return EnumSet.of(Task.T2T);
        }

        @Override
        protected Verdict doJudge(PairwiseRequest request) {
            seen = request;
            return answer;
        }
    }

    static PairwiseRequest pair(Task task, boolean ties) {
        return new PairwiseRequest(task, "c", "p", List.of(), Response.text("a"), Response.text("b"), ties);
    }

    @Test
    void a_tie_is_refused_as_unparseable_when_ties_are_not_allowed_and_keeps_the_raw_output() {
        FakePairwise m = new FakePairwise();
        m.answer = new Verdict(Preference.TIE, null, "they are equal", Usage.UNKNOWN);
        assertThatThrownBy(() -> m.judge(pair(Task.T2T, false)))
                .isInstanceOfSatisfying(
                        UnparseableOutputException.class,
                        e -> assertThat(e.rawOutput()).isEqualTo("they are equal"))
                .hasMessageContaining("fake-judge")
                .hasMessageContaining("tie");
        assertThat(m.judge(pair(Task.T2T, true)).preference()).isEqualTo(Preference.TIE);
    }

    @Test
    void the_pairwise_base_refuses_unsupported_tasks_and_missing_verdicts() {
        FakePairwise m = new FakePairwise();
        m.answer = Verdict.of(Preference.RESPONSE1);
        assertThatThrownBy(() -> m.judge(pair(Task.T2I, false))).isInstanceOf(UnsupportedTaskException.class);
        assertThat(m.seen).isNull();
        m.answer = null;
        assertThatThrownBy(() -> m.judge(pair(Task.T2T, false)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no verdict");
    }

    @Test
    void judge_batch_answers_each_request_in_order() {
        FakePairwise m = new FakePairwise();
        m.answer = Verdict.of(Preference.RESPONSE2);
        assertThat(m.judgeBatch(List.of(pair(Task.T2T, false), pair(Task.T2T, true))))
                .extracting(Verdict::preference)
                .containsExactly(Preference.RESPONSE2, Preference.RESPONSE2);
    }
}
