package org.omnireward.runtime.baseline;

import org.omnireward.core.InvalidInputException;
import org.omnireward.core.ModelKind;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.RewardModelProvider;
import org.omnireward.core.ScalarRewardModel;

/** {@code --model length}: the length baseline ({@link LengthBaselineModel}). */
public final class LengthBaselineProvider implements RewardModelProvider<ScalarRewardModel> {

    @Override
    public String name() {
        return "length";
    }

    @Override
    public String description() {
        return "length baseline: scalar score = length of the text response (text-response tasks only)";
    }

    @Override
    public ModelKind<ScalarRewardModel> kind() {
        return ModelKind.SCALAR;
    }

    @Override
    public ScalarRewardModel create(ModelSpec spec) {
        if (!spec.argument().isEmpty()) {
            throw new InvalidInputException("model 'length' takes no argument, got 'length:" + spec.argument() + "'");
        }
        return new LengthBaselineModel();
    }
}
