package org.omnireward.core;

/** A judge answered, but no single verdict could be read from its output. Retriable. */
public class UnparseableOutputException extends RetriableException {

    private final String rawOutput;

    public UnparseableOutputException(String message, String rawOutput) {
        super(message);
        this.rawOutput = rawOutput;
    }

    /** What the model wrote. */
    public String rawOutput() {
        return rawOutput;
    }
}
