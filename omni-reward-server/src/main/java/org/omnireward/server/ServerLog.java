package org.omnireward.server;

import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Where the server writes what an operator reads: startup, readiness, shutdown, and the stack
 * traces of internal errors (which clients never see). Nothing here ever contains the token or a
 * request body.
 */
public interface ServerLog {

    void info(String message);

    void error(String message, Throwable cause);

    /**
     * One line about a client that misbehaved (a body cut off, stalled or badly framed): never a
     * stack trace. By default an {@link #info} line starting with {@code WARN}.
     */
    default void warn(String message) {
        info("WARN " + message);
    }

    /** Lines with a UTC timestamp on {@code out}. */
    static ServerLog to(PrintStream out) {
        return new ServerLog() {
            @Override
            public void info(String message) {
                out.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + message);
                out.flush();
            }

            @Override
            public void error(String message, Throwable cause) {
                synchronized (out) {
                    out.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " ERROR " + message);
                    if (cause != null) {
                        cause.printStackTrace(out);
                    }
                    out.flush();
                }
            }
        };
    }

    /** Writes nothing. */
    ServerLog NONE = new ServerLog() {
        @Override
        public void info(String message) {}

        @Override
        public void error(String message, Throwable cause) {}
    };
}
