package org.omnireward.core;

/**
 * A failure that comes with what the model wrote: an answer no decision could be read from ({@link
 * UnparseableOutputException}), one the server cut off ({@link TruncatedOutputException}), or a
 * refusal ({@link RefusedException}). Runners keep the output and the finish reason on the failed
 * line, so a failure is never recorded without what the model said.
 */
public interface ModelOutputFailure {

    /** What the model wrote (for a refusal, the refusal text); may be null. */
    String rawOutput();

    /**
     * Why the model stopped, as the server said it ({@code stop}, {@code length}, {@code
     * content_filter}; Anthropic's {@code end_turn}, {@code max_tokens}, {@code refusal}, …); null when
     * the server did not say.
     */
    String finishReason();
}
