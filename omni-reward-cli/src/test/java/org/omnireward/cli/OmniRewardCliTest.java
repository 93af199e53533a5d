package org.omnireward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The command line registers every subcommand for the usage, and only the one named when a command starts (a faster
 * start): that one parses and describes itself exactly as in the whole tree.
 */
class OmniRewardCliTest {

    @Test
    void the_whole_tree_has_every_subcommand_in_order_and_one_command_only_itself() {
        CommandLine all = OmniRewardCli.commandLine();
        List<String> names = OmniRewardCli.SUBCOMMANDS.stream()
                .map(c -> c.getAnnotation(CommandLine.Command.class).name())
                .toList();
        assertThat(all.getSubcommands().keySet()).containsExactlyElementsOf(names);
        assertThat(names).contains("explore", "annotate", "bench", "data", "serve", "quickstart", "help");
        for (String name : names) {
            CommandLine one = OmniRewardCli.commandLine(name);
            assertThat(one.getSubcommands().keySet()).containsExactly(name);
            assertThat(one.getSubcommands().get(name).getUsageMessage())
                    .isEqualTo(all.getSubcommands().get(name).getUsageMessage());
        }
        CommandLine explore = OmniRewardCli.commandLine("explore");
        CommandLine.ParseResult parsed =
                explore.parseArgs("explore", "runs/a", "runs/b", "--data", "bench", "--port", "0");
        ExploreCommand cmd = parsed.subcommand().commandSpec().commandLine().getCommand();
        assertThat(cmd.runs).hasSize(2);
        assertThat(cmd.data).hasToString("bench");
        assertThat(cmd.port).isZero();
    }
}
