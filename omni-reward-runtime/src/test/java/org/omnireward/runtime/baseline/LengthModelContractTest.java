package org.omnireward.runtime.baseline;

import java.util.List;
import org.omnireward.core.Preference;
import org.omnireward.core.PreferenceSample;
import org.omnireward.core.RewardModel;
import org.omnireward.core.Task;
import org.omnireward.testing.RewardModelContractTest;
import org.omnireward.testing.TestSamples;

/** The length baseline under the reward-model contract (scalar, text-response tasks, deterministic). */
class LengthModelContractTest extends RewardModelContractTest {

    @Override
    protected RewardModel createModel() {
        return new LengthBaselineModel();
    }

    @Override
    protected List<PreferenceSample> samples() {
        return List.of(
                TestSamples.sample(Task.T2T, "t2t-longer-first", Preference.RESPONSE1, "a longer answer", "short"),
                TestSamples.sample(Task.T2T, "t2t-equal", Preference.TIE, "same", "size"),
                TestSamples.sample(
                        Task.TI2T,
                        "ti2t-unicode",
                        Preference.RESPONSE2,
                        "h\u00e9",
                        "\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00"),
                TestSamples.sample(Task.TV2T, "tv2t", Preference.RESPONSE2, "", "not empty"),
                TestSamples.sample(Task.TA2T, "ta2t", Preference.RESPONSE1, "a sound of rain", "rain"));
    }

    @Override
    protected boolean deterministic() {
        return true;
    }
}
