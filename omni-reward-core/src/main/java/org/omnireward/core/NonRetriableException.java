package org.omnireward.core;

/** A failure that repeating the call cannot fix (bad input, authentication, unsupported task). */
public class NonRetriableException extends OmniRewardException {

    public NonRetriableException(String message) {
        super(message);
    }

    public NonRetriableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public final boolean isRetriable() {
        return false;
    }
}
