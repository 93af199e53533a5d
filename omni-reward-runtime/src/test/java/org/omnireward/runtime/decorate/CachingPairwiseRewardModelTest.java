package org.omnireward.runtime.decorate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.omnireward.core.PairwiseRequest;
import org.omnireward.core.Preference;
import org.omnireward.core.RetriableException;
import org.omnireward.core.Verdict;
import org.omnireward.runtime.FakeModels;

class CachingPairwiseRewardModelTest {

    private final FakeModels.Judge judge = new FakeModels.Judge(q -> Verdict.of(Preference.RESPONSE1));

    @Test
    void a_second_request_with_equal_content_does_not_reach_the_model() {
        CachingPairwiseRewardModel cached = new CachingPairwiseRewardModel(judge, 10);
        Verdict first = cached.judge(FakeModels.pair("a", "b", false));
        Verdict second = cached.judge(FakeModels.pair("a", "b", false));
        assertThat(second).isEqualTo(first);
        assertThat(judge.seen).hasSize(1);
        assertThat(cached.cache().hits()).isEqualTo(1);
    }

    @Test
    void the_swapped_order_and_the_tie_setting_are_different_questions() {
        CachingPairwiseRewardModel cached = new CachingPairwiseRewardModel(judge, 10);
        PairwiseRequest r = FakeModels.pair("a", "b", false);
        cached.judge(r);
        cached.judge(r.swapped());
        cached.judge(FakeModels.pair("a", "b", true));
        assertThat(judge.seen).containsExactly(r, r.swapped(), FakeModels.pair("a", "b", true));
    }

    @Test
    void failures_are_not_cached() {
        AtomicInteger calls = new AtomicInteger();
        judge.answer = q -> {
            if (calls.incrementAndGet() == 1) {
                throw new RetriableException("timeout");
            }
            return Verdict.of(Preference.RESPONSE2);
        };
        CachingPairwiseRewardModel cached = new CachingPairwiseRewardModel(judge, 10);
        assertThatThrownBy(() -> cached.judge(FakeModels.pair("a", "b", false))).isInstanceOf(RetriableException.class);
        assertThat(cached.judge(FakeModels.pair("a", "b", false)).preference()).isEqualTo(Preference.RESPONSE2);
        assertThat(cached.judge(FakeModels.pair("a", "b", false)).preference()).isEqualTo(Preference.RESPONSE2);
        assertThat(calls).hasValue(2);
    }

    @Test
    void the_least_recently_used_verdict_is_evicted_at_capacity() {
        CachingPairwiseRewardModel cached = new CachingPairwiseRewardModel(judge, 2);
        cached.judge(FakeModels.pair("1", "x", false));
        cached.judge(FakeModels.pair("2", "x", false));
        cached.judge(FakeModels.pair("1", "x", false));
        cached.judge(FakeModels.pair("3", "x", false)); // evicts 2
        judge.seen.clear();
        cached.judge(FakeModels.pair("1", "x", false));
        cached.judge(FakeModels.pair("3", "x", false));
        assertThat(judge.seen).isEmpty();
        cached.judge(FakeModels.pair("2", "x", false));
        assertThat(judge.seen).hasSize(1);
    }

    @Test
    void judge_batch_is_cached_too_and_sends_only_the_misses_in_one_batch() {
        CachingPairwiseRewardModel cached = new CachingPairwiseRewardModel(judge, 10);
        cached.judge(FakeModels.pair("a", "b", false));
        judge.seen.clear();

        List<Verdict> verdicts = cached.judgeBatch(List.of(
                FakeModels.pair("a", "b", false), FakeModels.pair("c", "d", false), FakeModels.pair("e", "f", false)));
        assertThat(verdicts).hasSize(3).allMatch(v -> v.preference() == Preference.RESPONSE1);
        assertThat(judge.batchCalls)
                .containsExactly(List.of(FakeModels.pair("c", "d", false), FakeModels.pair("e", "f", false)));

        judge.seen.clear();
        cached.judgeBatch(List.of(FakeModels.pair("c", "d", false), FakeModels.pair("e", "f", false)));
        assertThat(judge.seen).isEmpty();
        assertThat(judge.batchCalls).hasSize(1);
    }
}
