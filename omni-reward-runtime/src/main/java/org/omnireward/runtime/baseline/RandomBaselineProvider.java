package org.omnireward.runtime.baseline;

import java.util.List;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.ModelOption;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.RewardModel;
import org.omnireward.core.RewardModelProvider;

/** {@code --model random}: the chance baseline ({@link RandomBaselineModel}); option {@code seed} (default 0). */
public final class RandomBaselineProvider implements RewardModelProvider {

    @Override
    public String name() {
        return "random";
    }

    @Override
    public String description() {
        return "chance baseline: uniform over the allowed answers, deterministic per request";
    }

    @Override
    public List<ModelOption> options() {
        return List.of(ModelOption.of("seed", ModelOption.Type.INTEGER, "0", "seeds the draws"));
    }

    @Override
    public RewardModel create(ModelSpec spec) {
        if (!spec.argument().isEmpty()) {
            throw new InvalidInputException("model 'random' takes no argument, got 'random:" + spec.argument()
                    + "'; set the seed with the model option seed=N");
        }
        return new RandomBaselineModel(spec.longOption("seed", 0L));
    }
}
