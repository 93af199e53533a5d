package org.omnireward.runtime.decorate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.omnireward.core.Preference;
import org.omnireward.core.RetriableException;
import org.omnireward.core.Usage;
import org.omnireward.core.Verdict;
import org.omnireward.runtime.FakeModels;

class MeteredPairwiseRewardModelTest {

    private static Verdict costing(long in, long out) {
        return new Verdict(Preference.RESPONSE1, null, null, new Usage(in, out));
    }

    @Test
    void sums_the_reported_tokens_of_every_call() {
        UsageMeter meter = new UsageMeter();
        FakeModels.Judge judge = new FakeModels.Judge(q -> costing(100, 20));
        var metered = Decorators.metered(judge, meter);
        metered.judge(FakeModels.pair("a", "b", false));
        metered.judge(FakeModels.pair("c", "d", false));
        assertThat(meter.calls()).isEqualTo(2);
        assertThat(meter.failures()).isZero();
        assertThat(meter.total()).isEqualTo(new Usage(200, 40));
    }

    @Test
    void unknown_usage_counts_the_call_but_adds_no_tokens() {
        UsageMeter meter = new UsageMeter();
        FakeModels.Judge judge = new FakeModels.Judge(q -> Verdict.of(Preference.TIE));
        new MeteredPairwiseRewardModel(judge, meter).judge(FakeModels.pair("a", "b", true));
        meter.record(new Usage(-1, 7)); // a partly known usage adds only the known part
        assertThat(meter.calls()).isEqualTo(2);
        assertThat(meter.total()).isEqualTo(new Usage(0, 7));
        meter.record(null);
        assertThat(meter.total()).isEqualTo(new Usage(0, 7));
    }

    @Test
    void a_failed_call_is_counted_as_a_failure_and_rethrown() {
        UsageMeter meter = new UsageMeter();
        FakeModels.Judge judge = new FakeModels.Judge(q -> {
            throw new RetriableException("timeout");
        });
        MeteredPairwiseRewardModel metered = new MeteredPairwiseRewardModel(judge, meter);
        assertThatThrownBy(() -> metered.judge(FakeModels.pair("a", "b", false)))
                .isInstanceOf(RetriableException.class);
        assertThat(meter.calls()).isEqualTo(1);
        assertThat(meter.failures()).isEqualTo(1);
        assertThat(meter.total()).isEqualTo(new Usage(0, 0));
        assertThat(metered.meter()).isSameAs(meter);
    }

    @Test
    void judge_batch_is_metered_too() {
        UsageMeter meter = new UsageMeter();
        FakeModels.Judge judge = new FakeModels.Judge(q -> costing(10, 1));
        MeteredPairwiseRewardModel metered = new MeteredPairwiseRewardModel(judge, meter);
        metered.judgeBatch(List.of(FakeModels.pair("a", "b", false), FakeModels.pair("c", "d", false)));
        assertThat(judge.batchCalls).hasSize(1);
        assertThat(meter.calls()).isEqualTo(2);
        assertThat(meter.total()).isEqualTo(new Usage(20, 2));

        judge.answer = q -> {
            throw new RetriableException("timeout");
        };
        assertThatThrownBy(() -> metered.judgeBatch(List.of(FakeModels.pair("a", "b", false))))
                .isInstanceOf(RetriableException.class);
        assertThat(meter.failures()).isEqualTo(1);
    }

    @Test
    void the_meter_is_exact_under_concurrent_calls() throws Exception {
        UsageMeter meter = new UsageMeter();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 8000; i++) {
            int n = i;
            pool.execute(() -> {
                if (n % 4 == 0) {
                    meter.recordFailure();
                } else {
                    meter.record(new Usage(3, 1));
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
        assertThat(meter.calls()).isEqualTo(8000);
        assertThat(meter.failures()).isEqualTo(2000);
        assertThat(meter.total()).isEqualTo(new Usage(18000, 6000));
    }

    @Test
    void decorators_close_the_model_they_wrap() {
        FakeModels.Judge judge = new FakeModels.Judge(q -> Verdict.of(Preference.TIE));
        Decorators.metered(judge, new UsageMeter()).close();
        assertThat(judge.closed).isTrue();
        FakeModels.Judge other = new FakeModels.Judge(q -> Verdict.of(Preference.TIE));
        var cached = Decorators.cached(other, 4);
        assertThat(cached).isInstanceOf(CachingPairwiseRewardModel.class);
        cached.close();
        assertThat(other.closed).isTrue();
        assertThat(Decorators.cached(new FakeModels.Scalar(), 4)).isInstanceOf(CachingScalarRewardModel.class);
    }

    @Test
    void a_decorated_model_still_reports_the_replicas_of_the_model_it_wraps() {
        List<org.omnireward.runtime.endpoint.ReplicaStats> stats = List.of(
                new org.omnireward.runtime.endpoint.ReplicaStats("http://a/v1", 3, 0, 0, true),
                new org.omnireward.runtime.endpoint.ReplicaStats("http://b/v1", 2, 1, 1, false));
        FakeModels.Judge inner = new FakeModels.Judge(q -> costing(1, 1));
        class ServedJudge
                implements org.omnireward.core.PairwiseRewardModel, org.omnireward.runtime.endpoint.ReportsReplicas {
            @Override
            public String name() {
                return "served";
            }

            @Override
            public java.util.Set<org.omnireward.core.Task> supportedTasks() {
                return inner.supportedTasks();
            }

            @Override
            public Verdict judge(org.omnireward.core.PairwiseRequest request) {
                return inner.judge(request);
            }

            @Override
            public List<org.omnireward.runtime.endpoint.ReplicaStats> replicaStats() {
                return stats;
            }
        }
        assertThat(Decorators.metered(new ServedJudge(), new UsageMeter()))
                .isInstanceOf(org.omnireward.runtime.endpoint.ReportsReplicas.class);
        assertThat(((org.omnireward.runtime.endpoint.ReportsReplicas)
                                Decorators.metered(new ServedJudge(), new UsageMeter()))
                        .replicaStats())
                .isEqualTo(stats);
        var plain = (org.omnireward.runtime.endpoint.ReportsReplicas)
                Decorators.metered(new FakeModels.Judge(q -> costing(1, 1)), new UsageMeter());
        assertThat(plain.replicaStats()).isEmpty();
    }
}
