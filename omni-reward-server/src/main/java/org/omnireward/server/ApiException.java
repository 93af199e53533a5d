package org.omnireward.server;

/**
 * A request the server answers with an error: the HTTP status, a stable machine-readable code and a
 * message for people. Rendered as {@code {"error": {"code": ..., "message": ...}}}; never carries a
 * stack trace.
 */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final long retryAfterSeconds;

    /**
     * @param status the HTTP status (400, 401, 404, 405, 413, 429, 500, 503)
     * @param code a short snake_case code clients can switch on, e.g. {@code malformed_json}
     * @param message what went wrong, for people
     * @param retryAfterSeconds the {@code Retry-After} to send, or 0 for none
     */
    public ApiException(int status, String code, String message, long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** An error without a retry hint. */
    public ApiException(int status, String code, String message) {
        this(status, code, message, 0);
    }

    /** 400 for a body that is well-formed JSON but not what the endpoint takes. */
    public static ApiException badRequest(String message) {
        return new ApiException(400, "invalid_request", message);
    }

    /** 413 for a body or a field over its limit. */
    public static ApiException tooLarge(String message) {
        return new ApiException(413, "too_large", message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** Seconds for {@code Retry-After}, or 0 when the header is not sent. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
