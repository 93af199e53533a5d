package org.omnireward.core;

/**
 * The model's answer was cut off before it finished (OpenAI/vLLM {@code finish_reason: "length"},
 * Anthropic {@code stop_reason: "max_tokens"}), so no verdict is read from it, even when a bracketed
 * letter appears in the part that arrived (it may belong to unfinished reasoning). Not retriable by
 * default: the same request with the same token limit is likely cut off again; a runner may retry it
 * when asked to ({@code bench run --retry-truncated}), or the limit can be raised.
 */
public class TruncatedOutputException extends NonRetriableOutputException {

    /**
     * @param rawOutput what arrived before the cut (reasoning included); may be null
     * @param finishReason the server's reason, e.g. {@code length}
     */
    public TruncatedOutputException(String message, String rawOutput, String finishReason) {
        super(message, rawOutput, finishReason);
    }
}
