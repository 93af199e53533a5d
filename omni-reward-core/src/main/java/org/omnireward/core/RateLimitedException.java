package org.omnireward.core;

import java.time.Duration;
import java.util.Optional;

/** The remote service asked us to slow down (HTTP 429), possibly saying for how long. */
public class RateLimitedException extends RetriableException {

    private final Duration retryAfter;

    public RateLimitedException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** The wait the server asked for, when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
