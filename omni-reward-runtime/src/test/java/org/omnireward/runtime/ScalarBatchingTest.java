package org.omnireward.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.omnireward.core.ScoreResult;
import org.omnireward.core.ScoringRequest;

class ScalarBatchingTest {

    @Test
    void chunks_cuts_consecutive_sublists_of_at_most_the_size() {
        List<Integer> items = IntStream.range(0, 10).boxed().toList();
        assertThat(ScalarBatching.chunks(items, 4))
                .containsExactly(List.of(0, 1, 2, 3), List.of(4, 5, 6, 7), List.of(8, 9));
        assertThat(ScalarBatching.chunks(items, 5)).hasSize(2);
        assertThat(ScalarBatching.chunks(items, 10)).containsExactly(items);
        assertThat(ScalarBatching.chunks(items, 100)).containsExactly(items);
        assertThat(ScalarBatching.chunks(items, 1)).hasSize(10);
        assertThat(ScalarBatching.chunks(List.of(), 3)).isEmpty();
        assertThatThrownBy(() -> ScalarBatching.chunks(items, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<ScoringRequest> requests(int n) {
        List<ScoringRequest> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(FakeModels.scoring(i % 7 == 3 ? "fail" : Integer.toString(i)));
        }
        return out;
    }

    @Test
    void score_all_keeps_the_order_and_calls_the_model_once_per_chunk() {
        FakeModels.Scalar model = new FakeModels.Scalar();
        List<ScoringRequest> reqs = requests(23);
        List<ScoreResult> results = ScalarBatching.scoreAll(model, reqs, 5);

        assertThat(model.calls).extracting(List::size).containsExactly(5, 5, 5, 5, 3);
        assertThat(model.calls.stream().flatMap(List::stream).toList()).isEqualTo(reqs);
        assertThat(results).hasSize(23);
        for (int i = 0; i < 23; i++) {
            if (i % 7 == 3) {
                assertThat(results.get(i).ok()).isFalse();
            } else {
                assertThat(results.get(i).score()).isEqualTo(i);
            }
        }
    }

    @Test
    void score_all_uses_the_model_preferred_batch_size() {
        FakeModels.Scalar model = new FakeModels.Scalar();
        model.preferred = 8;
        ScalarBatching.scoreAll(model, requests(20));
        assertThat(model.calls).extracting(List::size).containsExactly(8, 8, 4);
        model.preferred = 0; // a nonsensical preference still means batches of one
        model.calls.clear();
        ScalarBatching.scoreAll(model, requests(2));
        assertThat(model.calls).extracting(List::size).containsExactly(1, 1);
    }

    @Test
    void no_requests_means_no_call() {
        FakeModels.Scalar model = new FakeModels.Scalar();
        assertThat(ScalarBatching.scoreAll(model, List.of(), 4)).isEmpty();
        assertThat(model.calls).isEmpty();
    }

    @Test
    void a_model_returning_the_wrong_number_of_results_is_an_error() {
        FakeModels.Scalar model = new FakeModels.Scalar() {
            @Override
            public List<ScoreResult> scoreBatch(List<ScoringRequest> requests) {
                return super.scoreBatch(requests).subList(0, requests.size() - 1);
            }
        };
        assertThatThrownBy(() -> ScalarBatching.scoreAll(model, requests(3), 3))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("2 results for 3 requests");
        assertThatThrownBy(() -> ScalarBatching.scoreAll(model, requests(3), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
