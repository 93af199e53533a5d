package org.omnireward.cli;

import picocli.CommandLine.Command;

/** PLACEHOLDER: replaced by the real command before landing. */
@Command(name = "demo-data", mixinStandardHelpOptions = true, description = "TODO")
public final class DemoDataCommand implements java.util.concurrent.Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("demo-data is not implemented yet");
    }
}
