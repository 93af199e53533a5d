package org.omnireward.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.apache.spark.TaskContext;
import org.omnireward.bench.results.PredictionRecord;
import org.omnireward.bench.results.Setting;
import org.omnireward.bench.run.SampleEvaluator;
import org.omnireward.bench.run.SampleRouter;
import org.omnireward.core.RewardModel;
import org.omnireward.core.ScalarRewardModel;
import org.omnireward.core.Task;
import org.omnireward.core.UnsupportedTaskException;
import org.omnireward.data.benchmark.LoadedEntry;
import org.omnireward.runtime.Retrier;
import org.omnireward.runtime.RetryPolicy;
import org.omnireward.runtime.WorkPool;

/**
 * The model calls of one partition, through {@code bench run}'s {@link SampleEvaluator}: a judge gets
 * one unit per sample and setting, at most {@code concurrency} at once (the runtime's {@link WorkPool},
 * with its bounded window, so a partition of any size holds only a few samples); a scalar model gets
 * batches of {@code preferredBatchSize / 2} samples of one task. Retries are the runtime's {@link
 * Retrier}'s. A record that cannot become a sample, or whose task the model does not take, becomes a
 * failed line, never a failed task; only what would fail every call (bad credentials) or a bug
 * escapes {@link #finish()} and fails the Spark task.
 */
final class PartitionWork implements AutoCloseable {

    private final RewardModel model;
    private final SampleEvaluator.LineSink sink;
    private final SampleEvaluator evaluator;
    private final WorkPool pool;
    private final SampleRouter router;

    /**
     * @param model the executor's model (pairwise or scalar)
     * @param cancelled whether the Spark task was killed (retries stop waiting then)
     */
    PartitionWork(
            RewardModel model,
            long seed,
            RetryPolicy retry,
            int concurrency,
            SampleEvaluator.LineSink sink,
            BooleanSupplier cancelled) {
        this.model = model;
        this.sink = sink;
        this.pool = new WorkPool(concurrency, "omni-reward-partition");
        this.evaluator =
                new SampleEvaluator(seed, new Retrier(retry, () -> pool.aborted() || cancelled.getAsBoolean()), sink);
        this.router = SampleRouter.of(model, evaluator, pool);
    }

    /** What a partition evaluates: adds its entries to the work. */
    @FunctionalInterface
    interface Feed {
        void addTo(PartitionWork work) throws Exception;
    }

    /**
     * Evaluates what {@code feed} adds, with this executor's model, into a new prediction file
     * committed as {@code fileName} in {@code outDir}, unless the Spark task was killed first (then
     * another attempt or a rerun writes it); lines count in {@code counters} as they finish and as
     * they are committed.
     *
     * @return false when the Spark task was killed (nothing committed), true otherwise
     */
    static boolean intoFile(JobSettings job, PartitionCounters counters, String outDir, String fileName, Feed feed)
            throws Exception {
        TaskContext ctx = TaskContext.get();
        org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(outDir);
        try (PartitionOutput output = new PartitionOutput(out, HadoopConf.current());
                PartitionWork work = new PartitionWork(
                        ExecutorModels.get(job.model()),
                        job.seed(),
                        job.retryPolicy(),
                        job.concurrency(),
                        (task, line) -> {
                            output.record(task, line);
                            counters.progress().add(1);
                        },
                        () -> ctx != null && ctx.isInterrupted())) {
            feed.addTo(work);
            work.finish();
            if (ctx != null && ctx.isInterrupted()) {
                return false; // killed (job cancelled, speculative copy): another attempt or a rerun writes it
            }
            if (output.commit(new org.apache.hadoop.fs.Path(out, fileName))) {
                counters.written().add(output.lines());
                counters.failed().add(output.failed());
            }
            return true;
        }
    }

    /** Evaluates {@code entry} in {@code settings} (lines the run still needs), as {@code bench run} does. */
    void add(LoadedEntry entry, List<Setting> settings) throws InterruptedException {
        if (settings.isEmpty()) {
            return;
        }
        Task task = entry.task();
        if (task == null) {
            LoadedEntry.Invalid inv = (LoadedEntry.Invalid) entry;
            for (Setting s : settings) {
                sink.record(null, withoutTask(inv, s));
            }
            return;
        }
        if (entry instanceof LoadedEntry.Invalid inv) {
            evaluator.invalid(task, entry, inv.label(), inv.reason(), settings);
            return;
        }
        LoadedEntry.Valid valid = (LoadedEntry.Valid) entry;
        if (valid.sample().label().isEmpty()) {
            evaluator.invalid(task, entry, null, "the record has no preference label", settings);
        } else if (!model.supports(task)) {
            unsupported(valid, settings);
        } else {
            router.add(task, valid, settings);
        }
    }

    /** The failed line of a row whose task could not be read ({@code task}: {@value #UNKNOWN_TASK}). */
    static PredictionRecord withoutTask(LoadedEntry.Invalid inv, Setting setting) {
        return PredictionRecord.invalidLine(
                inv.id(),
                UNKNOWN_TASK,
                setting.wireName(),
                inv.index(),
                inv.label() == null ? null : inv.label().wireName(),
                "invalid: " + inv.reason() + " (" + inv.origin() + ")");
    }

    /** The {@code task} of a line whose row named no known task. */
    static final String UNKNOWN_TASK = "unknown";

    /** A sample of a task the model does not take: judged through the model, which refuses it per line. */
    private void unsupported(LoadedEntry.Valid valid, List<Setting> settings) throws InterruptedException {
        ScalarRewardModel refusing = new RefusingModel(model.name());
        pool.submit(() ->
                evaluator.score(refusing, valid.task(), List.of(new SampleEvaluator.ScalarItem(valid, settings))));
    }

    /**
     * Sends the last batches and waits for every line.
     *
     * @throws RuntimeException what escaped a unit (the first), failing the Spark task
     */
    void finish() throws InterruptedException {
        try {
            router.flushAll();
        } catch (CancellationException e) {
            // a unit failed: rethrown below
        }
        pool.awaitAll(30);
        Throwable fatal = pool.fatal();
        if (fatal instanceof RuntimeException re) {
            throw re;
        }
        if (fatal instanceof Error err) {
            throw err;
        }
        if (fatal != null) {
            throw new IllegalStateException("partition aborted: " + fatal, fatal);
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    /** Stands in for a model asked about a task it does not support: every item fails as unsupported. */
    private record RefusingModel(String name) implements ScalarRewardModel {
        @Override
        public List<org.omnireward.core.ScoreResult> scoreBatch(List<org.omnireward.core.ScoringRequest> requests) {
            List<org.omnireward.core.ScoreResult> out = new ArrayList<>();
            for (org.omnireward.core.ScoringRequest r : requests) {
                out.add(org.omnireward.core.ScoreResult.failed(new UnsupportedTaskException(name, r.task())));
            }
            return out;
        }
    }
}
