package org.omnireward.runtime;

import org.omnireward.core.OmniRewardException;

/** How failures are described in result files and messages. */
public final class Errors {

    private Errors() {}

    /** The message of our own exceptions; type and message of any other. */
    public static String describe(Throwable e) {
        String msg = e.getMessage();
        if (e instanceof OmniRewardException) {
            return msg == null || msg.isBlank() ? e.getClass().getSimpleName() : msg;
        }
        return e.getClass().getSimpleName() + (msg == null || msg.isBlank() ? "" : ": " + msg);
    }
}
