package org.omnireward.cli;

import picocli.CommandLine.Command;

/** PLACEHOLDER: replaced by the real command before landing. */
@Command(name = "validate", mixinStandardHelpOptions = true, description = "TODO")
public final class BenchValidateCommand implements java.util.concurrent.Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("validate is not implemented yet");
    }
}
