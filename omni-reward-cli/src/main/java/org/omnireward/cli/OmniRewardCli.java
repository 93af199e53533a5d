package org.omnireward.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.omnireward.core.OmniRewardException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code omni-reward} command. */
@Command(
        name = "omni-reward",
        mixinStandardHelpOptions = true,
        version = "omni-reward 0.1.0-SNAPSHOT",
        description = "Evaluate, train and serve omni-modal reward models with free-form preferences.",
        subcommands = {
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
            CommandLine.HelpCommand.class
        })
public final class OmniRewardCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Builds the configured command line (also used by tests). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new OmniRewardCli());
        cl.setExecutionExceptionHandler(OmniRewardCli::handleError);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        ModelHelp.addToHelp(cl);
        return cl;
    }

    public static void main(String[] args) {
        JvmDefaults.apply(System.getProperties()); // the launcher's JVM-wide settings, unless the user set them
        System.exit(commandLine().execute(args));
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
