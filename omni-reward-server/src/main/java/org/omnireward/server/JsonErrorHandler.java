package org.omnireward.server;

import java.nio.ByteBuffer;
import java.util.function.BiConsumer;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's error pages as the server's JSON errors: what the HTTP layer refuses before any endpoint
 * runs (a bad request line, a URI or headers too long, an unknown HTTP version, Content-Length with
 * Transfer-Encoding, ...) is answered {@code {"error": {"code", "message"}}} like every other error,
 * never HTML, never with a stack trace or the request's URI.
 */
final class JsonErrorHandler extends ErrorHandler {

    private final BiConsumer<Integer, String> errors;

    /** @param errors told the status and code of every error answered (for metrics) */
    JsonErrorHandler(BiConsumer<Integer, String> errors) {
        this.errors = errors;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        String message = (String) request.getAttribute(ERROR_MESSAGE);
        Throwable cause = (Throwable) request.getAttribute(ERROR_EXCEPTION);
        if (cause instanceof HttpException h) {
            status = h.getCode();
            response.setStatus(status);
            if (message == null) {
                message = h.getReason();
            }
        }
        if (status < 400) {
            status = 500;
            response.setStatus(status);
        }
        String code = ApiException.codeFor(status);
        errors.accept(status, code);
        generateCacheControl(response);
        if (HttpStatus.hasNoBody(status)) {
            callback.succeeded();
            return true;
        }
        ApiException e = new ApiException(status, code, describe(status, message));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(e.json()), callback);
        return true;
    }

    /** A message for people: what the status means here, and Jetty's reason when it adds something. */
    static String describe(int status, String reason) {
        String what = switch (status) {
            case 400 -> "the request is not valid HTTP/1.1";
            case 408 -> "the request did not arrive in time";
            case 413 -> "the request is too large";
            case 414 -> "the request URI is too long";
            case 431 -> "the request headers are too large (the limit is 8 KiB)";
            case 501 -> "the request uses an HTTP feature this server does not implement";
            case 505 -> "the HTTP version is not supported; use HTTP/1.1";
            case 500 -> "internal server error; details are in the server log";
            default -> HttpStatus.getMessage(status);
        };
        if (reason == null
                || reason.isBlank()
                || status == 500
                || reason.equalsIgnoreCase(HttpStatus.getMessage(status))) {
            return what;
        }
        return what + ": " + ApiException.echo(reason);
    }
}
