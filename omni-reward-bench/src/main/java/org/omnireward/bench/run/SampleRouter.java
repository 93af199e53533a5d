package org.omnireward.bench.run;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.omnireward.bench.results.Setting;
import org.omnireward.core.ModelKind;
import org.omnireward.core.PairwiseRewardModel;
import org.omnireward.core.RewardModel;
import org.omnireward.core.ScalarRewardModel;
import org.omnireward.core.Task;
import org.omnireward.data.benchmark.LoadedEntry;
import org.omnireward.runtime.WorkPool;

/**
 * Sends labelled samples to a model the way its declared {@link RewardModel#kind() kind} wants them,
 * decided once, when the router is made: a pairwise model gets one {@link WorkPool} unit per sample
 * and setting ({@link SampleEvaluator#judge}); a scalar model gets units of {@code preferredBatchSize
 * / 2} samples of one task ({@link SampleEvaluator#score}). {@code bench run}'s runner and the Spark
 * module's partitions both send their samples through it. Not thread-safe: one producer thread adds.
 */
public abstract sealed class SampleRouter permits SampleRouter.Judging, SampleRouter.Scoring {

    final SampleEvaluator evaluator;
    final WorkPool pool;

    private SampleRouter(SampleEvaluator evaluator, WorkPool pool) {
        this.evaluator = evaluator;
        this.pool = pool;
    }

    /**
     * The router for {@code model}'s declared kind.
     *
     * @throws IllegalStateException when the model declares no kind, or a kind its type does not have
     */
    public static SampleRouter of(RewardModel model, SampleEvaluator evaluator, WorkPool pool) {
        ModelKind<?> kind = model.kind();
        if (kind == ModelKind.PAIRWISE) {
            return new Judging(ModelKind.PAIRWISE.cast(model), evaluator, pool);
        }
        if (kind == ModelKind.SCALAR) {
            return new Scoring(ModelKind.SCALAR.cast(model), evaluator, pool);
        }
        throw new IllegalStateException("model " + model.name() + " ("
                + model.getClass().getName() + ") declares no model kind; a model must be pairwise or scalar");
    }

    /** Sends {@code sample} of {@code task} for the lines of {@code settings} (or keeps it for a batch). */
    public abstract void add(Task task, LoadedEntry.Valid sample, List<Setting> settings) throws InterruptedException;

    /** Sends the samples still kept for a batch of {@code task}. */
    public abstract void flush(Task task) throws InterruptedException;

    /** Sends every sample still kept for a batch, task by task. */
    public abstract void flushAll() throws InterruptedException;

    /** A pairwise model: one unit per sample and setting, nothing kept. */
    static final class Judging extends SampleRouter {
        private final PairwiseRewardModel model;

        Judging(PairwiseRewardModel model, SampleEvaluator evaluator, WorkPool pool) {
            super(evaluator, pool);
            this.model = model;
        }

        @Override
        public void add(Task task, LoadedEntry.Valid sample, List<Setting> settings) throws InterruptedException {
            for (Setting s : settings) {
                pool.submit(() -> evaluator.judge(model, task, sample, s));
            }
        }

        @Override
        public void flush(Task task) {}

        @Override
        public void flushAll() {}
    }

    /** A scalar model: samples kept per task until a batch of half the model's preferred size is full. */
    static final class Scoring extends SampleRouter {
        private final ScalarRewardModel model;
        private final int batchSamples;
        private final Map<Task, List<SampleEvaluator.ScalarItem>> batches = new EnumMap<>(Task.class);

        Scoring(ScalarRewardModel model, SampleEvaluator evaluator, WorkPool pool) {
            super(evaluator, pool);
            this.model = model;
            this.batchSamples = Math.max(1, model.preferredBatchSize() / 2);
        }

        @Override
        public void add(Task task, LoadedEntry.Valid sample, List<Setting> settings) throws InterruptedException {
            List<SampleEvaluator.ScalarItem> batch = batches.computeIfAbsent(task, t -> new ArrayList<>());
            batch.add(new SampleEvaluator.ScalarItem(sample, settings));
            if (batch.size() >= batchSamples) {
                flush(task);
            }
        }

        @Override
        public void flush(Task task) throws InterruptedException {
            List<SampleEvaluator.ScalarItem> batch = batches.remove(task);
            if (batch == null || batch.isEmpty()) {
                return;
            }
            List<SampleEvaluator.ScalarItem> items = List.copyOf(batch);
            pool.submit(() -> evaluator.score(model, task, items));
        }

        @Override
        public void flushAll() throws InterruptedException {
            for (Task t : new ArrayList<>(batches.keySet())) {
                flush(t);
            }
        }
    }
}
