package org.omnireward.runtime;

import java.util.Locale;
import org.omnireward.core.AuthenticationException;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.NonRetriableException;
import org.omnireward.core.RateLimitedException;
import org.omnireward.core.RefusedException;
import org.omnireward.core.RetriableException;
import org.omnireward.core.TruncatedOutputException;
import org.omnireward.core.UnparseableOutputException;
import org.omnireward.core.UnsupportedTaskException;

/**
 * Why a model call failed, as one stable word: what result files record next to the message
 * ({@code error_kind} in {@code predictions.jsonl}) and what reports and metrics count by.
 */
public enum ErrorKind {
    /** The model answered, but no decision could be read from its output. */
    UNPARSEABLE,
    /** The model's answer was cut off (token limit) before a decision was written. */
    TRUNCATED,
    /** The model declined to answer (a refusal, or content withheld by the provider's filter). */
    REFUSED,
    /** The endpoint said "too many requests" until the attempts ran out. */
    RATE_LIMITED,
    /** Timeouts, server errors, broken connections: failures that might go away. */
    TRANSIENT,
    /** The endpoint refused the credentials. */
    AUTHENTICATION,
    /** The request itself cannot be judged (e.g. media the model does not take). */
    INVALID_INPUT,
    /** The model does not handle the task. */
    UNSUPPORTED_TASK,
    /** Another refusal the model reported as final. */
    REJECTED,
    /** A failure that is not one of ours: a bug or an unexpected library error. */
    INTERNAL,
    /** The benchmark record could not become a sample; no model was called. */
    INVALID_RECORD;

    /** The kind of a failure. */
    public static ErrorKind of(Throwable e) {
        if (e instanceof UnparseableOutputException) {
            return UNPARSEABLE;
        }
        if (e instanceof TruncatedOutputException) {
            return TRUNCATED;
        }
        if (e instanceof RefusedException) {
            return REFUSED;
        }
        if (e instanceof RateLimitedException) {
            return RATE_LIMITED;
        }
        if (e instanceof RetriableException) {
            return TRANSIENT;
        }
        if (e instanceof AuthenticationException) {
            return AUTHENTICATION;
        }
        if (e instanceof InvalidInputException) {
            return INVALID_INPUT;
        }
        if (e instanceof UnsupportedTaskException) {
            return UNSUPPORTED_TASK;
        }
        if (e instanceof NonRetriableException) {
            return REJECTED;
        }
        return INTERNAL;
    }

    /** The word in result files, e.g. {@code rate_limited}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
