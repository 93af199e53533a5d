package org.omnireward.cli;

import org.omnireward.core.RewardModelProvider;
import org.omnireward.core.RewardModels;
import picocli.CommandLine.Command;

/** {@code omni-reward models}: lists the model providers on the class path. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the reward-model providers that --model can name.")
public final class ModelsCommand implements Runnable {

    @Override
    public void run() {
        for (RewardModelProvider p : RewardModels.providers()) {
            System.out.printf("%-12s %s%n", p.name(), p.description());
        }
    }
}
