package org.omnireward.rm;

import java.nio.file.Path;
import java.util.List;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.ModelOption;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.RewardModel;
import org.omnireward.core.RewardModelProvider;

/** {@code rm:DIR}: a cross-encoder reward model folder written by {@code train rm}. */
public final class RmProvider implements RewardModelProvider {

    @Override
    public String name() {
        return "rm";
    }

    @Override
    public String description() {
        return "a fine-tuned cross-encoder reward model trained by `train rm`: rm:DIR";
    }

    @Override
    public List<ModelOption> options() {
        return List.of();
    }

    @Override
    public RewardModel create(ModelSpec spec) {
        if (spec.argument().isBlank()) {
            throw new InvalidInputException(
                    "rm needs a model directory: --model rm:DIR (a folder written by `train rm`)");
        }
        String dir = spec.argument().startsWith("~/")
                ? System.getProperty("user.home") + spec.argument().substring(1)
                : spec.argument();
        return RmRewardModel.load("rm:" + spec.argument(), Path.of(dir));
    }
}
