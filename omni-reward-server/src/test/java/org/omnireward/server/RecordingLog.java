package org.omnireward.server;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A server log kept in memory: every line, and whether any carried a stack trace. */
final class RecordingLog implements ServerLog {
    final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    volatile int stackTraces;

    @Override
    public void info(String message) {
        lines.add(message);
    }

    @Override
    public void error(String message, Throwable cause) {
        lines.add("ERROR " + message);
        if (cause != null) {
            stackTraces++;
        }
    }

    @Override
    public void warn(String message) {
        lines.add("WARN " + message);
    }

    List<String> matching(String part) {
        synchronized (lines) {
            return lines.stream().filter(l -> l.contains(part)).toList();
        }
    }
}
