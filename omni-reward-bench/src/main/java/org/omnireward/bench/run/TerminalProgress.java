package org.omnireward.bench.run;

import java.io.PrintStream;
import java.util.function.LongSupplier;
import org.omnireward.bench.results.PredictionRecord;

/**
 * Progress for an interactive terminal: one status line redrawn in place with {@code \r} (at most
 * ten times a second), warnings printed above it, and a final newline when the run ends.
 */
public final class TerminalProgress extends ProgressStats {

    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private int lastLength;
    private long lastDraw = Long.MIN_VALUE;

    public TerminalProgress(PrintStream out, LongSupplier nanoClock) {
        super(nanoClock);
        this.out = out;
    }

    @Override
    public void started(long linesToWrite, long alreadyDone) {
        super.started(linesToWrite, alreadyDone);
        draw();
    }

    @Override
    public void lineWritten(PredictionRecord record) {
        super.lineWritten(record);
        long now = nanoClock.getAsLong();
        if (lastDraw == Long.MIN_VALUE || now - lastDraw >= REDRAW_NANOS || written == toWrite) {
            draw();
        }
    }

    @Override
    public void warning(String message) {
        clear();
        out.println("warning: " + message);
        draw();
    }

    @Override
    public void finished(RunResult result) {
        draw();
        out.println();
        out.flush();
    }

    private void draw() {
        String line = describe();
        StringBuilder sb = new StringBuilder("\r").append(line);
        for (int i = line.length(); i < lastLength; i++) {
            sb.append(' ');
        }
        out.print(sb);
        out.flush();
        lastLength = line.length();
        lastDraw = nanoClock.getAsLong();
    }

    private void clear() {
        out.print("\r" + " ".repeat(lastLength) + "\r");
        lastLength = 0;
    }
}
