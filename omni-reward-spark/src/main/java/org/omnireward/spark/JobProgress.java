package org.omnireward.spark;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.util.LongAccumulator;
import org.omnireward.cli.TerminalProgress;
import scala.Tuple4;

/**
 * Lines written so far by a running job, shown as count, rate and ETA: finished tasks report their
 * lines when they end, running ones with every executor heartbeat ({@code spark.executor.heartbeatInterval}),
 * through an accumulator that tasks add to as they write. Redrawn on a terminal, a plain line at most
 * every 10 s otherwise (the launcher says which).
 */
final class JobProgress extends SparkListener implements AutoCloseable {

    private final SparkContext sc;
    private final LongAccumulator lines;
    private final long total;
    private final Map<Long, Long> running = new ConcurrentHashMap<>();
    /** Tasks that ended: a heartbeat sent before a task's end may arrive after it and must not count again. */
    private final java.util.Set<Long> ended = ConcurrentHashMap.newKeySet();

    private final TerminalProgress display;
    private final Thread ticker;
    private volatile boolean stopped;

    /** Shows the progress of {@code lines} towards {@code total} on {@code out}. */
    JobProgress(SparkContext sc, LongAccumulator lines, long total, String label, PrintStream out) {
        this.sc = sc;
        this.lines = lines;
        this.total = total;
        this.display = new TerminalProgress(out, label);
        sc.addSparkListener(this);
        this.ticker = new Thread(this::tick, "omni-reward-progress");
        ticker.setDaemon(true);
        ticker.start();
    }

    /** Lines done: those of finished tasks plus what running tasks reported last (at most the total). */
    long done() {
        long n = lines.value()
                + running.values().stream().mapToLong(Long::longValue).sum();
        return total >= 0 ? Math.min(total, n) : n;
    }

    private void tick() {
        while (!stopped) {
            display.update(done(), total, "lines", "");
            try {
                Thread.sleep(display.interactive() ? 250 : 1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
        for (Tuple4<Object, Object, Object, scala.collection.immutable.Seq<AccumulableInfo>> t :
                scala.jdk.javaapi.CollectionConverters.asJava(update.accumUpdates())) {
            long taskId = (Long) t._1();
            for (AccumulableInfo info : scala.jdk.javaapi.CollectionConverters.asJava(t._4())) {
                if (info.id() == lines.id() && info.update().isDefined() && !ended.contains(taskId)) {
                    running.put(taskId, ((Number) info.update().get()).longValue());
                }
            }
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        ended.add(end.taskInfo().taskId());
        running.remove(end.taskInfo().taskId());
    }

    @Override
    public void close() {
        stopped = true;
        ticker.interrupt();
        try {
            ticker.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sc.removeSparkListener(this);
        // every task has ended: the accumulator holds the lines of those that succeeded
        display.finish(lines.value(), total, "lines", "");
    }
}
