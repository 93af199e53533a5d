package org.omnireward.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.omnireward.core.ModelKind;
import org.omnireward.core.PairwiseRequest;
import org.omnireward.core.PairwiseRewardModel;
import org.omnireward.core.ScalarRewardModel;
import org.omnireward.core.ScoreResult;
import org.omnireward.core.ScoringRequest;
import org.omnireward.core.Side;
import org.omnireward.core.Verdict;

/** The service serves a model the way its declared kind says, and refuses one that declares none. */
class RewardServiceKindTest {

    /** Both a judge and a scorer by type; which one it is, only {@link #kind()} says. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static final class TwoFaced implements PairwiseRewardModel, ScalarRewardModel {
        private final ModelKind declared;
        volatile boolean closed;

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
            return Verdict.of(Side.A);
        }

        @Override
        public List<ScoreResult> scoreBatch(List<ScoringRequest> requests) {
            List<ScoreResult> out = new ArrayList<>();
            requests.forEach(r -> out.add(ScoreResult.of(1)));
            return out;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static RewardService service() {
        return new RewardService(ServerSettings.builder().build(), new RecordingLog());
    }

    @Test
    void aModelDeclaredScalarIsServedThroughTheBatcher() {
        try (RewardService s = service()) {
            s.load(() -> new TwoFaced(ModelKind.SCALAR));
            assertEquals(RewardService.State.READY, s.state());
            assertTrue(s.isScalar());
        }
    }

    @Test
    void aModelDeclaredPairwiseIsServedAsAJudgeEvenWhenItCouldScore() {
        try (RewardService s = service()) {
            s.load(() -> new TwoFaced(ModelKind.PAIRWISE));
            assertEquals(RewardService.State.READY, s.state());
            assertFalse(s.isScalar());
        }
    }

    @Test
    void aModelThatDeclaresNoKindFailsTheLoadByNameAndIsClosed() {
        TwoFaced model = new TwoFaced(null);
        try (RewardService s = service()) {
            s.load(() -> model);
            assertEquals(RewardService.State.FAILED, s.state());
            assertTrue(
                    s.failure().contains("two-faced") && s.failure().contains("declares no model kind"), s.failure());
            assertTrue(model.closed, "a model that cannot be served is closed");
        }
    }
}
