package org.omnireward.core;

/**
 * Root of every exception the toolkit throws. Unchecked. Each one is either {@link
 * RetriableException retriable} (try again later: timeouts, rate limits, server errors, unparseable
 * judge output) or {@link NonRetriableException not} (bad input, authentication, unsupported task);
 * runners and servers map the two to retries, failure records and HTTP status codes.
 */
public abstract class OmniRewardException extends RuntimeException {

    protected OmniRewardException(String message) {
        super(message);
    }

    protected OmniRewardException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether the same call may succeed if repeated. */
    public abstract boolean isRetriable();
}
