package org.omnireward.core;

/** A failure that may go away when the call is repeated (timeout, 429, 5xx, unparseable output). */
public class RetriableException extends OmniRewardException {

    public RetriableException(String message) {
        super(message);
    }

    public RetriableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public final boolean isRetriable() {
        return true;
    }
}
