package org.omnireward.runtime.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.omnireward.core.Preference;
import org.omnireward.core.PreferenceSample;
import org.omnireward.core.RewardModel;
import org.omnireward.core.RewardModels;
import org.omnireward.core.ScalarRewardModel;
import org.omnireward.core.ScoringRequest;
import org.omnireward.core.Task;
import org.omnireward.core.UnsupportedTaskException;
import org.omnireward.testing.TestSamples;

class LengthBaselineModelTest {

    private final LengthBaselineModel model = new LengthBaselineModel();

    @Test
    void scores_text_responses_by_length_in_code_points() {
        // "héllo" has 5 code points; the emoji is one code point but two UTF-16 chars
        PreferenceSample s = TestSamples.text("x", Preference.RESPONSE1, "héllo", "\uD83D\uDE00ab");
        double[] scores = model.scores(
                List.of(ScoringRequest.of(s, Preference.RESPONSE1), ScoringRequest.of(s, Preference.RESPONSE2)));
        assertThat(scores).containsExactly(5.0, 3.0);
    }

    @Test
    void supports_only_tasks_with_text_responses() {
        assertThat(model.supportedTasks()).containsExactlyInAnyOrder(Task.T2T, Task.TI2T, Task.TV2T, Task.TA2T);
        for (Task t : new Task[] {Task.T2I, Task.T2V, Task.T2A, Task.T23D, Task.TI2I}) {
            assertThat(model.supports(t)).as(t.id()).isFalse();
        }
    }

    @Test
    void refuses_to_score_a_media_task() {
        PreferenceSample s = TestSamples.sample(Task.T2I, "img", Preference.RESPONSE1, "a", "b");
        assertThatThrownBy(() -> model.score(ScoringRequest.of(s, Preference.RESPONSE1)))
                .isInstanceOf(UnsupportedTaskException.class)
                .hasMessageContaining("t2i");
    }

    @Test
    void scores_understanding_tasks_with_input_media() {
        PreferenceSample s = TestSamples.sample(Task.TV2T, "v", Preference.RESPONSE2, "abc", "abcdefg");
        assertThat(model.score(ScoringRequest.of(s, Preference.RESPONSE2))).isEqualTo(7.0);
    }

    @Test
    void is_found_by_name_as_a_scalar_model() {
        RewardModel m = RewardModels.create("length");
        assertThat(m).isInstanceOf(ScalarRewardModel.class);
        assertThat(m.name()).isEqualTo("length");
        assertThat(RewardModels.providers()).extracting(p -> p.name()).contains("length", "random");
    }

    @Test
    void a_non_text_response_fails_only_its_item() {
        LengthBaselineModel model = new LengthBaselineModel();
        java.util.List<org.omnireward.core.ScoreResult> results = model.scoreBatch(java.util.List.of(
                new org.omnireward.core.ScoringRequest(
                        Task.T2T, "c", "p", java.util.List.of(), org.omnireward.core.Response.text("abc")),
                new org.omnireward.core.ScoringRequest(
                        Task.T2T,
                        "c",
                        "p",
                        java.util.List.of(),
                        org.omnireward.core.Response.media(org.omnireward.core.MediaRef.ofBytes(
                                new byte[] {1}, "x.png", org.omnireward.core.Modality.IMAGE))),
                new org.omnireward.core.ScoringRequest(
                        Task.T2T, "c", "p", java.util.List.of(), org.omnireward.core.Response.text("héllo"))));
        assertThat(results.get(0).score()).isEqualTo(3.0);
        assertThat(results.get(1).ok()).isFalse();
        assertThat(results.get(1).error()).hasMessageContaining("expected a text response");
        assertThat(results.get(2).score()).isEqualTo(5.0);
    }
}
