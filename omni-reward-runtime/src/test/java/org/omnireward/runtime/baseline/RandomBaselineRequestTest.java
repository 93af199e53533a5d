package org.omnireward.runtime.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Modality;
import org.omnireward.core.PairwiseRequest;
import org.omnireward.core.Preference;
import org.omnireward.core.Response;
import org.omnireward.core.Task;

class RandomBaselineRequestTest {

    private static PairwiseRequest request(String prompt, String a, String b, boolean ties) {
        return new PairwiseRequest(
                Task.T2T, "helpfulness", prompt, List.of(), Response.text(a), Response.text(b), ties);
    }

    @Test
    void the_answer_does_not_change_when_the_two_responses_are_exchanged() {
        RandomBaselineModel model = new RandomBaselineModel(5);
        for (int i = 0; i < 300; i++) {
            PairwiseRequest r = request("prompt " + i, "answer one " + i, "answer two " + i, i % 2 == 0);
            assertThat(model.judge(r.swapped())).isEqualTo(model.judge(r));
        }
    }

    @Test
    void the_answer_differs_across_prompts() {
        RandomBaselineModel model = new RandomBaselineModel(0);
        Map<Preference, Integer> counts = new EnumMap<>(Preference.class);
        for (int i = 0; i < 1000; i++) {
            counts.merge(
                    model.judge(request("prompt " + i, "same a", "same b", false))
                            .preference(),
                    1,
                    Integer::sum);
        }
        assertThat(counts.get(Preference.RESPONSE1)).isBetween(400, 600);
        assertThat(counts.get(Preference.RESPONSE2)).isBetween(400, 600);
    }

    @Test
    void the_answer_depends_on_criteria_and_responses_too() {
        RandomBaselineModel model = new RandomBaselineModel(0);
        int criteriaDiffer = 0;
        int responsesDiffer = 0;
        for (int i = 0; i < 1000; i++) {
            PairwiseRequest r = request("p", "a" + i, "b", false);
            PairwiseRequest otherCriteria =
                    new PairwiseRequest(Task.T2T, "safety", "p", List.of(), r.responseA(), r.responseB(), false);
            if (model.judge(r).preference() != model.judge(otherCriteria).preference()) {
                criteriaDiffer++;
            }
            if (model.judge(r).preference()
                    != model.judge(request("p", "a" + i, "c", false)).preference()) {
                responsesDiffer++;
            }
        }
        assertThat(criteriaDiffer).isBetween(400, 600);
        assertThat(responsesDiffer).isBetween(400, 600);
    }

    @Test
    void media_take_part_by_name_so_no_file_is_ever_read() {
        // file references to files that do not exist: reading them would fail
        java.nio.file.Path root = java.nio.file.Path.of("does-not-exist-" + System.nanoTime());
        PairwiseRequest r = new PairwiseRequest(
                Task.T2I,
                "c",
                "p",
                List.of(),
                Response.media(MediaRef.underRoot(root, "a.png", Modality.IMAGE)),
                Response.media(MediaRef.underRoot(root, "b.png", Modality.IMAGE)),
                true);
        assertThat(new RandomBaselineModel(1).judge(r).preference()).isNotNull();
        assertThat(new RandomBaselineModel(1).judge(r.swapped())).isEqualTo(new RandomBaselineModel(1).judge(r));
    }
}
