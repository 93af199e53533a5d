package org.omnireward.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.omnireward.bench.results.PredictionRecord;
import org.omnireward.bench.results.Setting;
import org.omnireward.core.ModelKind;
import org.omnireward.core.PairwiseRequest;
import org.omnireward.core.PairwiseRewardModel;
import org.omnireward.core.Preference;
import org.omnireward.core.RewardModel;
import org.omnireward.core.ScalarRewardModel;
import org.omnireward.core.ScoreResult;
import org.omnireward.core.ScoringRequest;
import org.omnireward.core.Side;
import org.omnireward.core.Task;
import org.omnireward.core.Verdict;
import org.omnireward.data.benchmark.LoadedEntry;
import org.omnireward.data.benchmark.Origin;
import org.omnireward.runtime.Retrier;
import org.omnireward.runtime.RetryPolicy;
import org.omnireward.runtime.WorkPool;
import org.omnireward.testing.TestSamples;

/** The router sends a sample the way the model's declared kind says, whatever interfaces its class has. */
class SampleRouterTest {

    /** Both a judge and a scorer by type; which one it is, only {@link #kind()} says. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static final class TwoFaced implements PairwiseRewardModel, ScalarRewardModel {
        private final ModelKind declared;
        final AtomicInteger judged = new AtomicInteger();
        final AtomicInteger scoreCalls = new AtomicInteger();

        TwoFaced(ModelKind declared) {
            this.declared = declared;
        }

        @Override
        public String name() {
            return "two-faced";
        }

        @Override
        public ModelKind kind() {
            return declared;
        }

        @Override
        public Verdict judge(PairwiseRequest request) {
            judged.incrementAndGet();
            return Verdict.of(Side.A);
        }

        @Override
        public List<ScoreResult> scoreBatch(List<ScoringRequest> requests) {
            List<ScoreResult> out = new ArrayList<>();
            for (ScoringRequest r : requests) {
                scoreCalls.incrementAndGet();
                out.add(ScoreResult.of(r.response().text().orElse("").length()));
            }
            return out;
        }

        @Override
        public int preferredBatchSize() {
            return 4; // two samples a batch
        }
    }

    private final List<PredictionRecord> lines = Collections.synchronizedList(new ArrayList<>());

    private List<PredictionRecord> route(RewardModel model, int samples) throws InterruptedException {
        try (WorkPool pool = new WorkPool(2, "router-test")) {
            SampleEvaluator evaluator =
                    new SampleEvaluator(7, new Retrier(RetryPolicy.defaults()), (task, line) -> lines.add(line));
            SampleRouter router = SampleRouter.of(model, evaluator, pool);
            for (int i = 0; i < samples; i++) {
                router.add(Task.T2T, valid(i), List.of(Setting.TIES));
            }
            router.flushAll();
            pool.awaitAll(30);
            assertNull(pool.fatal());
        }
        return lines;
    }

    private static LoadedEntry.Valid valid(int i) {
        return new LoadedEntry.Valid(
                TestSamples.text("s" + i, Preference.RESPONSE1, "long answer " + i, "short"),
                new Origin(Path.of("t2t.jsonl"), i + 1L),
                i);
    }

    @Test
    void aModelDeclaredScalarIsScoredInBatchesEvenWhenItIsAlsoAJudge() throws Exception {
        TwoFaced model = new TwoFaced(ModelKind.SCALAR);
        List<PredictionRecord> out = route(model, 3);
        assertEquals(3, out.size());
        assertEquals(0, model.judged.get(), "a scalar model is never asked to judge");
        assertEquals(6, model.scoreCalls.get(), "both responses of every sample are scored");
        for (PredictionRecord r : out) {
            assertTrue(r.hasScores(), "scalar lines carry both scores: " + r);
            assertNull(r.swapped());
            assertEquals("response1", r.prediction());
        }
    }

    @Test
    void aModelDeclaredPairwiseIsJudgedOncePerSampleAndSettingEvenWhenItCouldScore() throws Exception {
        TwoFaced model = new TwoFaced(ModelKind.PAIRWISE);
        List<PredictionRecord> out = route(model, 3);
        assertEquals(3, out.size());
        assertEquals(3, model.judged.get());
        assertEquals(0, model.scoreCalls.get(), "a judge is never asked for scores");
        for (PredictionRecord r : out) {
            assertNull(r.scores());
            assertNotNull(r.swapped(), "judged lines say whether the order was swapped");
        }
    }

    @Test
    @SuppressWarnings({"rawtypes", "unchecked"})
    void aModelWhoseTypeDoesNotHaveItsDeclaredKindIsRefusedByName() {
        ScalarRewardModel liar = new ScalarRewardModel() {
            @Override
            public String name() {
                return "liar";
            }

            @Override
            public ModelKind kind() {
                return ModelKind.PAIRWISE;
            }

            @Override
            public List<ScoreResult> scoreBatch(List<ScoringRequest> requests) {
                return List.of();
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> route(liar, 1));
        assertTrue(e.getMessage().contains("liar") && e.getMessage().contains("pairwise"), e.getMessage());
    }

    @Test
    @SuppressWarnings({"rawtypes", "unchecked"})
    void aModelThatDeclaresNoKindIsRefusedByName() {
        TwoFaced model = new TwoFaced(null);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> route(model, 1));
        assertTrue(
                e.getMessage().contains("two-faced") && e.getMessage().contains("declares no model kind"),
                e.getMessage());
    }
}
