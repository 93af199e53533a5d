package org.omnireward.cli;

import picocli.CommandLine.Command;

/** PLACEHOLDER: replaced by the real command before landing. */
@Command(name = "quickstart", mixinStandardHelpOptions = true, description = "TODO")
public final class QuickstartCommand implements java.util.concurrent.Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("quickstart is not implemented yet");
    }
}
