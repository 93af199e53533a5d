package org.omnireward.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * One command-line run in a test: the exit code and everything the command wrote to stdout and
 * stderr. {@link #run} goes through the real {@link OmniRewardCli#commandLine()}; {@link #runCommand}
 * runs a single command object (for instance one built with test doubles) under the same error
 * handler, so failures look as they do in the real CLI.
 */
record CliRun(int exit, String out, String err) {

    /** Runs {@code omni-reward <args>} as the real entry point configures it. */
    static CliRun run(String... args) {
        return execute(OmniRewardCli.commandLine(), args);
    }

    /** Runs {@code command} on its own with {@link OmniRewardCli#handleError} as its error handler. */
    static CliRun runCommand(Object command, String... args) {
        CommandLine cl = new CommandLine(command);
        cl.setExecutionExceptionHandler(OmniRewardCli::handleError);
        return execute(cl, args);
    }

    private static CliRun execute(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }
}
