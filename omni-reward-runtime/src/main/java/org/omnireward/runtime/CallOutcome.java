package org.omnireward.runtime;

import java.util.List;

/**
 * The result of calling a model through a {@link Retrier}: the value, or the error that ended the
 * call, with how many attempts it took and how long the last one lasted.
 *
 * @param value the value when {@link #ok()}; null otherwise
 * @param error the exception that ended the call, or null
 * @param exhausted true when the error was retriable but the attempts ran out
 * @param attempts calls made, at least 1
 * @param latencyMs duration of the last attempt
 * @param rawOutputs what the model wrote in attempts whose output could not be parsed, in order
 *     (kept for the predictions file: a failure is never recorded without what the model said)
 */
public record CallOutcome<T>(
        T value, Exception error, boolean exhausted, int attempts, long latencyMs, List<String> rawOutputs) {

    public CallOutcome {
        rawOutputs = List.copyOf(rawOutputs == null ? List.of() : rawOutputs);
    }

    /** Whether the call produced a value. */
    public boolean ok() {
        return error == null;
    }

    /**
     * The message for a failed call: our own exceptions' message, else type and message, plus the
     * attempt count when retries ran out.
     */
    public String errorMessage() {
        if (error == null) {
            return null;
        }
        String msg = Errors.describe(error);
        return exhausted ? msg + " (after " + attempts + (attempts == 1 ? " attempt)" : " attempts)") : msg;
    }
}
