package org.omnireward.cli;

import picocli.CommandLine.Command;

/** PLACEHOLDER: replaced by the real command before landing. */
@Command(name = "report", mixinStandardHelpOptions = true, description = "TODO")
public final class BenchReportCommand implements java.util.concurrent.Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("report is not implemented yet");
    }
}
