package org.omnireward.cli;

import org.omnireward.core.ModelOption;
import org.omnireward.core.RewardModelProvider;
import org.omnireward.core.RewardModels;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code omni-reward models}: lists the model providers on the class path. */
@Command(
        name = "models",
        mixinStandardHelpOptions = true,
        description = "List the reward-model providers that --model can name, with the options each accepts.")
public final class ModelsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        java.io.PrintWriter out = spec.commandLine().getOut();
        for (RewardModelProvider p : RewardModels.providers()) {
            out.printf("%-12s %s%n", p.name(), p.description());
            for (ModelOption o : p.options()) {
                out.printf("%-12s   --model-option %s%n", "", o.describe());
            }
        }
        out.flush();
    }
}
