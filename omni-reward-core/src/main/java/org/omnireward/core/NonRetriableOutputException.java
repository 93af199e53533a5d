package org.omnireward.core;

/**
 * A model's answer that ends the call without a decision and that asking again would not change:
 * the base of {@link TruncatedOutputException} and {@link RefusedException}, carrying what the model
 * wrote and why it stopped.
 */
public abstract class NonRetriableOutputException extends NonRetriableException implements ModelOutputFailure {

    private final String rawOutput;
    private final String finishReason;

    /**
     * @param rawOutput what the model wrote; may be null
     * @param finishReason the server's reason for stopping; may be null
     */
    protected NonRetriableOutputException(String message, String rawOutput, String finishReason) {
        super(message);
        this.rawOutput = rawOutput;
        this.finishReason = finishReason;
    }

    @Override
    public String rawOutput() {
        return rawOutput;
    }

    @Override
    public String finishReason() {
        return finishReason;
    }
}
