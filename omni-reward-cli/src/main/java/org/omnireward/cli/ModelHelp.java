package org.omnireward.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.omnireward.core.ModelOption;
import org.omnireward.core.OmniRewardException;
import org.omnireward.core.RewardModelProvider;
import org.omnireward.core.RewardModels;
import picocli.CommandLine;

/**
 * The model providers and their options as {@code omni-reward models} lists them and the {@code
 * --help} of every command that takes {@code --model-option} ends with them: each option with its
 * type (or choices), default, bounds and help, exactly as the provider declares it.
 */
final class ModelHelp {

    /** The option names after which a command's help lists the models' options. */
    static final List<String> MODEL_OPTION_NAMES = List.of("--model-option", "--teacher-option", "--verifier-option");

    private ModelHelp() {}

    /** One block per provider: its name, kind and description, then one line per option. */
    static List<String> lines() {
        List<String> out = new ArrayList<>();
        for (RewardModelProvider<?> p : RewardModels.providers()) {
            out.add(String.format(
                    Locale.ROOT, "%-12s %-8s %s", p.name(), p.kind().id(), p.description()));
            for (ModelOption<?> o : p.options()) {
                out.add(String.format(Locale.ROOT, "%-12s   --model-option %s", "", o.describe()));
            }
        }
        return out;
    }

    /**
     * Ends the help of every command (at any depth) that takes one of {@link #MODEL_OPTION_NAMES} with
     * the models and their options, computed when the help is shown.
     */
    static void addToHelp(CommandLine root) {
        for (CommandLine c : root.getSubcommands().values()) {
            addToHelp(c);
        }
        boolean takesModelOptions =
                MODEL_OPTION_NAMES.stream().anyMatch(n -> root.getCommandSpec().findOption(n) != null);
        if (takesModelOptions) {
            root.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER, help -> footer());
        }
    }

    private static String footer() {
        StringBuilder sb = new StringBuilder(System.lineSeparator())
                .append("Models (--model) and the options each takes (name=<type> (default; bounds)):")
                .append(System.lineSeparator());
        try {
            for (String line : lines()) {
                sb.append("  ").append(line).append(System.lineSeparator());
            }
        } catch (OmniRewardException e) {
            sb.append("  (cannot list them: ")
                    .append(e.getMessage())
                    .append(')')
                    .append(System.lineSeparator());
        }
        return sb.toString();
    }
}
