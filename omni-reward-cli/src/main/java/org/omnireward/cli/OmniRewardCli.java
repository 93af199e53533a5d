package org.omnireward.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import org.omnireward.core.OmniRewardException;
import org.omnireward.core.util.JvmDefaults;
import org.omnireward.explore.ExploreDb;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code omni-reward} command. */
@Command(
        name = "omni-reward",
        mixinStandardHelpOptions = true,
        version = "omni-reward 0.1.0-SNAPSHOT",
        description = "Evaluate, train and serve omni-modal reward models with free-form preferences.")
public final class OmniRewardCli implements Runnable {

    /** The subcommands, in the order the usage lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(
            BenchCommand.class,
            DemoDataCommand.class,
            QuickstartCommand.class,
            ModelsCommand.class,
            ScoreCommand.class,
            CompareCommand.class,
            TrainCommand.class,
            DataCommand.class,
            ServeCommand.class,
            ExploreCommand.class,
            AnnotateCommand.class,
            CommandLine.HelpCommand.class);

    /** Subcommands that run other subcommands through the root command line, so need all of them. */
    private static final Set<String> NEED_ALL = Set.of("quickstart", "help");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Builds the configured command line with every subcommand (also used by tests). */
    public static CommandLine commandLine() {
        return commandLine(null);
    }

    /**
     * Builds the configured command line with every subcommand, or only the one named {@code only}: picocli reads
     * the annotations of every command it registers, which is a good part of a command's start (about 0.1 s of
     * the explorer's).
     */
    static CommandLine commandLine(String only) {
        CommandLine cl = new CommandLine(new OmniRewardCli());
        for (Class<?> c : SUBCOMMANDS) {
            if (only == null || only.equals(c.getAnnotation(Command.class).name())) {
                cl.addSubcommand(c);
            }
        }
        cl.setExecutionExceptionHandler(OmniRewardCli::handleError);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        ModelHelp.addToHelp(cl);
        return cl;
    }

    public static void main(String[] args) {
        JvmDefaults.apply(System.getProperties()); // the launcher's JVM-wide settings, unless the user set them
        String first = args.length > 0 ? args[0] : null;
        if ("explore".equals(first) || "annotate".equals(first)) {
            ExploreDb.preload(); // DuckDB's native library unpacks while the command line is parsed
        }
        boolean one = first != null
                && !NEED_ALL.contains(first)
                && SUBCOMMANDS.stream()
                        .anyMatch(
                                c -> first.equals(c.getAnnotation(Command.class).name()));
        System.exit(commandLine(one ? first : null).execute(args));
    }

    /**
     * Turns exceptions into one clear line on stderr; the stack trace only when {@code
     * OMNI_REWARD_DEBUG} is set. Bad input exits with 2, anything else with 1.
     */
    static int handleError(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        boolean debug = System.getenv("OMNI_REWARD_DEBUG") != null;
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        cl.getErr().println("error: " + msg);
        if (debug) {
            e.printStackTrace(cl.getErr());
        } else if (!(e instanceof OmniRewardException)
                && !(e instanceof IOException)
                && !(e instanceof UncheckedIOException)) {
            cl.getErr().println("(set OMNI_REWARD_DEBUG=1 to see the stack trace)");
        }
        cl.getErr().flush();
        if (e instanceof OmniRewardException ore && !ore.isRetriable()) {
            return 2;
        }
        return 1;
    }
}
