package org.omnireward.cli;

import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT (Ctrl-C) as a request to stop: the first runs {@code stop} on its own thread,
 * so a command that waits for it can return and exit 0 (the JVM's default handling would exit 143
 * or 130 from inside its shutdown hooks); a second ends the process at once with 128 + the signal's
 * number. Where the JVM does not let a handler be installed (-Xrs), the default handling stays.
 */
final class StopSignals {

    private StopSignals() {}

    static void install(Runnable stop) {
        AtomicBoolean stopping = new AtomicBoolean();
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), sig -> {
                    if (!stopping.compareAndSet(false, true)) {
                        Runtime.getRuntime().halt(128 + sig.getNumber());
                    }
                    Thread t = new Thread(stop, "stop-on-SIG" + sig.getName());
                    t.start();
                });
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // the signal is reserved here: the JVM's shutdown hook still stops the server
            }
        }
    }
}
