package org.omnireward.core;

/**
 * The model declined to answer: an OpenAI {@code refusal} message, Anthropic {@code stop_reason:
 * "refusal"}, or content withheld by the provider's filter ({@code finish_reason: "content_filter"}).
 * Not retriable: asking again gets the same refusal. The refusal text is kept as the raw output.
 */
public class RefusedException extends NonRetriableOutputException {

    /**
     * @param rawOutput the refusal text, or whatever the model wrote; may be null
     * @param finishReason the server's reason, e.g. {@code stop}, {@code refusal} or {@code content_filter}
     */
    public RefusedException(String message, String rawOutput, String finishReason) {
        super(message, rawOutput, finishReason);
    }
}
