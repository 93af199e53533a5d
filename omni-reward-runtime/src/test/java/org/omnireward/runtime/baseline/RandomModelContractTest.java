package org.omnireward.runtime.baseline;

import java.util.ArrayList;
import java.util.List;
import org.omnireward.core.PreferenceSample;
import org.omnireward.core.RewardModel;
import org.omnireward.core.Task;
import org.omnireward.testing.RewardModelContractTest;
import org.omnireward.testing.TestSamples;

/** The random baseline under the reward-model contract (pairwise, all tasks, deterministic per seed). */
class RandomModelContractTest extends RewardModelContractTest {

    @Override
    protected RewardModel createModel() {
        return new RandomBaselineModel(17);
    }

    @Override
    protected List<PreferenceSample> samples() {
        List<PreferenceSample> out = new ArrayList<>();
        for (Task t : Task.values()) {
            out.addAll(TestSamples.many(t, t.id() + "-", 4));
        }
        return out;
    }

    @Override
    protected boolean deterministic() {
        return true;
    }
}
