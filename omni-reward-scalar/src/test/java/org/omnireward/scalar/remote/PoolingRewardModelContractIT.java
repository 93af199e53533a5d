package org.omnireward.scalar.remote;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.omnireward.core.Preference;
import org.omnireward.core.PreferenceSample;
import org.omnireward.core.RewardModel;
import org.omnireward.core.Task;
import org.omnireward.scalar.ScalarContractSamples;
import org.omnireward.testing.RewardModelContractTest;
import org.omnireward.testing.TestSamples;

/**
 * {@link PoolingRewardModel} under the reward-model contract, against a real HTTP server on
 * 127.0.0.1 that answers in vLLM's {@code /pooling} shape. The server's reward is a hash of the
 * whole conversation (criterion, prompt and response), so every request gets its own score and a
 * score sent back for the wrong request would show.
 */
class PoolingRewardModelContractIT extends RewardModelContractTest {

    private static FakePoolingServer server;

    @BeforeAll
    static void startServer() throws IOException {
        server = new FakePoolingServer().respond(s -> {
            int hash = s.json().path("messages").toString().hashCode();
            return FakePoolingServer.Reply.ok(
                    FakePoolingServer.poolingResponse("[" + (Math.floorMod(hash, 100_000) / 100.0) + "]"));
        });
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Override
    protected RewardModel createModel() {
        return PoolingRewardModel.builder()
                .setEndpoint(server.baseUrl())
                .optModel("OmniRewardModel-BT")
                .optParallel(4)
                .build();
    }

    @Override
    protected List<PreferenceSample> samples() {
        return ScalarContractSamples.textResponseSamples(
                "Yes, and here is a much longer answer.",
                TestSamples.sample(Task.TA2T, "ta2t", Preference.RESPONSE1, "a sound of rain", "rain"));
    }

    @Override
    protected boolean deterministic() {
        return true;
    }
}
