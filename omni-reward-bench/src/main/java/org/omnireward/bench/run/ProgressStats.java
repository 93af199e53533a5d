package org.omnireward.bench.run;

import java.util.Locale;
import java.util.function.LongSupplier;
import org.omnireward.bench.results.PredictionRecord;

/** Counts, rate and ETA shared by the progress displays. */
abstract class ProgressStats implements ProgressListener {

    protected final LongSupplier nanoClock;
    protected long toWrite = -1;
    protected long alreadyDone = -1;
    protected long written;
    protected long failed;
    protected long startNanos;
    protected String currentTask = "";

    protected ProgressStats(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
    }

    @Override
    public void started(long linesToWrite, long alreadyDone) {
        this.toWrite = linesToWrite;
        this.alreadyDone = alreadyDone;
        this.startNanos = nanoClock.getAsLong();
    }

    @Override
    public void lineWritten(PredictionRecord record) {
        written++;
        if (record.failed()) {
            failed++;
        }
        currentTask = record.task();
    }

    /** e.g. {@code t2t  120/834 lines (14.4%)  12.3/s  ETA 58s  2 failed  (40 already done)}. */
    protected String describe() {
        double seconds = Math.max(1e-9, (nanoClock.getAsLong() - startNanos) / 1e9);
        double rate = written / seconds;
        StringBuilder sb = new StringBuilder();
        if (!currentTask.isEmpty()) {
            sb.append(currentTask).append("  ");
        }
        if (toWrite >= 0) {
            double pct = toWrite == 0 ? 100.0 : 100.0 * written / toWrite;
            sb.append(written).append('/').append(toWrite).append(" lines (")
                    .append(String.format(Locale.ROOT, "%.1f", pct)).append("%)");
        } else {
            sb.append(written).append(" lines");
        }
        sb.append("  ").append(String.format(Locale.ROOT, "%.1f", rate)).append("/s");
        if (toWrite >= 0 && written < toWrite && written > 0) {
            sb.append("  ETA ").append(Durations.format((long) Math.ceil((toWrite - written) / rate)));
        }
        sb.append("  ").append(failed).append(" failed");
        if (alreadyDone > 0) {
            sb.append("  (").append(alreadyDone).append(" already done)");
        }
        return sb.toString();
    }
}
