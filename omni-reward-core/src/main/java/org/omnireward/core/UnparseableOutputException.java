package org.omnireward.core;

/** A judge answered, but no single verdict could be read from its output. Retriable. */
public class UnparseableOutputException extends RetriableException implements ModelOutputFailure {

    private final String rawOutput;
    private final String finishReason;

    public UnparseableOutputException(String message, String rawOutput) {
        this(message, rawOutput, null);
    }

    /** @param finishReason why the model stopped, as the server said; may be null */
    public UnparseableOutputException(String message, String rawOutput, String finishReason) {
        super(message);
        this.rawOutput = rawOutput;
        this.finishReason = finishReason;
    }

    /** What the model wrote. */
    @Override
    public String rawOutput() {
        return rawOutput;
    }

    @Override
    public String finishReason() {
        return finishReason;
    }
}
