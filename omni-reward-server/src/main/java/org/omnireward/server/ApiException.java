package org.omnireward.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.omnireward.core.util.Json;

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

    /** Longest message sent to a client; the rest is cut (a backstop: echoed values are cut to {@link #ECHO} first). */
    static final int MAX_MESSAGE = 1000;

    /** Longest piece of a client's input repeated in an error message. */
    static final int ECHO = 100;

    /**
     * {@code value} as an error message may repeat it: at most {@link #ECHO} characters, and when cut,
     * how long it was. A request's 5 MB field never comes back whole.
     */
    static String echo(String value) {
        if (value == null || value.length() <= ECHO) {
            return value;
        }
        return value.substring(0, ECHO) + "... (" + value.length() + " characters)";
    }

    /** The error code the server uses for an HTTP status it answers outside an endpoint (framing, limits). */
    static String codeFor(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 408 -> "request_timeout";
            case 411 -> "length_required";
            case 413 -> "too_large";
            case 414 -> "uri_too_long";
            case 415 -> "unsupported_media_type";
            case 431 -> "headers_too_large";
            case 501 -> "not_implemented";
            case 503 -> "unavailable";
            case 505 -> "http_version_not_supported";
            default -> status >= 500 ? "internal_error" : "bad_request";
        };
    }

    /** The answer's body: {@code {"error": {"code", "message"}}}, the message at most {@link #MAX_MESSAGE} characters. */
    byte[] json() {
        String m = getMessage() == null ? "" : getMessage();
        if (m.length() > MAX_MESSAGE) {
            m = m.substring(0, MAX_MESSAGE) + "... (cut)";
        }
        ObjectNode root = Json.mapper().createObjectNode();
        root.putObject("error").put("code", code).put("message", m);
        return Json.write(root).getBytes(StandardCharsets.UTF_8);
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
