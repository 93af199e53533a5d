package org.omnireward.cli;

import picocli.CommandLine.Command;

/** PLACEHOLDER: replaced by the real command before landing. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "TODO")
public final class BenchRunCommand implements java.util.concurrent.Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("run is not implemented yet");
    }
}
