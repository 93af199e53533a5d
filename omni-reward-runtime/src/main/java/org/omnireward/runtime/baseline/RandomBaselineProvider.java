package org.omnireward.runtime.baseline;

import java.util.List;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.ModelKind;
import org.omnireward.core.ModelOption;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.PairwiseRewardModel;
import org.omnireward.core.RewardModelProvider;

/** {@code --model random}: the chance baseline ({@link RandomBaselineModel}); option {@code seed} (default 0). */
public final class RandomBaselineProvider implements RewardModelProvider<PairwiseRewardModel> {

    /** Seeds the draws. */
    static final ModelOption<Long> SEED =
            ModelOption.longInteger("seed", "seeds the draws").withDefault(0L);

    @Override
    public String name() {
        return "random";
    }

    @Override
    public String description() {
        return "chance baseline: uniform over the allowed answers, deterministic per request";
    }

    @Override
    public ModelKind<PairwiseRewardModel> kind() {
        return ModelKind.PAIRWISE;
    }

    @Override
    public List<ModelOption<?>> options() {
        return List.of(SEED);
    }

    @Override
    public PairwiseRewardModel create(ModelSpec spec) {
        if (!spec.argument().isEmpty()) {
            throw new InvalidInputException("model 'random' takes no argument, got 'random:" + spec.argument()
                    + "'; set the seed with the model option seed=N");
        }
        return new RandomBaselineModel(SEED.get(spec));
    }
}
