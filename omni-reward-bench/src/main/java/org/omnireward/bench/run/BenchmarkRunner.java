package org.omnireward.bench.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.omnireward.bench.metrics.Prices;
import org.omnireward.bench.metrics.TieCalibrationMode;
import org.omnireward.bench.metrics.TieScope;
import org.omnireward.bench.results.Setting;
import org.omnireward.core.AuthenticationException;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.Preference;
import org.omnireward.core.RewardModel;
import org.omnireward.core.Task;
import org.omnireward.core.util.Progress;
import org.omnireward.data.benchmark.BenchmarkSource;
import org.omnireward.data.benchmark.LoadedEntry;
import org.omnireward.runtime.Retrier;
import org.omnireward.runtime.RetryPolicy;
import org.omnireward.runtime.WorkPool;
import org.omnireward.runtime.endpoint.Credentials;
import org.omnireward.runtime.endpoint.ReplicaStats;
import org.omnireward.runtime.endpoint.ReportsReplicas;

/**
 * Runs a reward model over a benchmark and appends one line per (sample, setting) to {@code
 * predictions.jsonl} in the output directory (format: {@code docs/results-format.md}). A client of
 * the shared runtime layer ({@code omni-reward-runtime}: retries, response order, work pool); its own
 * parts each do one job: {@link RunFolder} (the directory and its files), {@link ResumeLedger} (which
 * lines are still to write), {@link PredictionRecorder} (writing and counting lines) and {@code
 * SampleEvaluator} (samples to model requests to lines).
 *
 * <ul>
 *   <li>{@code run.json} is written first; a rerun into the same directory must use the same model,
 *       data, format and seed, and then resumes: lines already present are skipped, a truncated last
 *       line is dropped, and no (task, id, setting) is ever written twice. For a deterministic model
 *       a run killed at any moment and rerun ends with the same lines as an uninterrupted run.</li>
 *   <li>Tasks the model does not support are never sent; they are listed as unsupported.</li>
 *   <li>Invalid records become failed lines ({@code invalid: true}) without calling the model.</li>
 *   <li>Pairwise models see the two responses in an order decided per (seed, id, setting) by
 *       {@link #isSwapped}; the verdict is mapped back. Scalar models score both responses of a
 *       sample once (several samples per batch call) and the scores serve both settings.</li>
 *   <li>Retriable errors are retried by the {@link RetryPolicy}; any other exception of the model
 *       fails that line and the run goes on. An {@link AuthenticationException} stops the run (every
 *       call would fail the same way). Failed lines are kept by a plain rerun; with
 *       {@link Builder#optRetryFailed} they are removed and attempted again.</li>
 *   <li>Up to {@code concurrency} model calls run at once, with at most twice as many work items in
 *       flight so memory stays flat; one writer appends each finished line with a single write.</li>
 * </ul>
 *
 * <p>Build with {@link #builder()}: {@code set*} methods are required, {@code opt*} have defaults.
 */
public final class BenchmarkRunner {

    /** Parallel model calls unless set otherwise. */
    public static final int DEFAULT_CONCURRENCY = 4;

    private final BenchmarkSource source;
    private final RewardModel model;
    private final ModelSpec modelSpec;
    private final Path outDir;
    private final Set<Setting> settings;
    private final Set<Task> taskFilter;
    private final Integer limitPerTask;
    private final int concurrency;
    private final long seed;
    private final RetryPolicy retry;
    private final RunProgress progress;
    private final RunFinisher finisher;
    private final String toolVersion;
    private final TieCalibrationMode tieCalibration;
    private final TieScope tieScope;
    private final Prices prices;
    private final boolean countFirst;
    private final boolean retryFailed;

    private BenchmarkRunner(Builder b) {
        this.source = Objects.requireNonNull(b.source, "setSource is required");
        this.model = Objects.requireNonNull(b.model, "setModel is required");
        this.outDir = Objects.requireNonNull(b.outDir, "setOutDir is required")
                .toAbsolutePath()
                .normalize();
        this.modelSpec = b.modelSpec != null ? b.modelSpec : ModelSpec.parse(model.name());
        if (b.settings.isEmpty()) {
            throw new InvalidInputException("no setting selected; choose no_ties, ties or both");
        }
        this.settings = EnumSet.copyOf(b.settings);
        this.taskFilter = b.tasks.isEmpty() ? EnumSet.noneOf(Task.class) : EnumSet.copyOf(b.tasks);
        if (b.limitPerTask != null && b.limitPerTask < 1) {
            throw new InvalidInputException("limit per task must be at least 1, got " + b.limitPerTask);
        }
        this.limitPerTask = b.limitPerTask;
        if (b.concurrency < 1) {
            throw new InvalidInputException("concurrency must be at least 1, got " + b.concurrency);
        }
        this.concurrency = b.concurrency;
        this.seed = b.seed;
        this.retry = b.retry;
        this.progress = new RunProgress(b.progress);
        this.finisher = b.finisher;
        this.toolVersion = b.toolVersion;
        this.tieCalibration = b.tieCalibration;
        this.tieScope = b.tieScope;
        this.prices = b.prices;
        this.countFirst = b.countFirst;
        this.retryFailed = b.retryFailed;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Whether a pairwise model is shown response2 as A for this sample in this setting: a fair coin
     * derived from (seed, id, setting), independent of order and threads.
     */
    public static boolean isSwapped(long seed, String sampleId, Setting setting) {
        return SampleEvaluator.isSwapped(seed, sampleId, setting);
    }

    /** The threshold-free prediction of a scalar model: the larger score wins, equal scores tie. */
    public static Preference predictionFromScores(double r1, double r2) {
        return SampleEvaluator.predictionFromScores(r1, r2);
    }

    /**
     * Runs (or resumes) the benchmark, then calls the finisher.
     *
     * @throws InvalidInputException when the output directory holds a run of another model or data,
     *     when a selected task is not in the benchmark, or when the model supports none of them
     * @throws UncheckedIOException when a result file cannot be read or written
     * @throws AuthenticationException when the model's service refuses the credentials
     * @throws CancellationException when the run is interrupted (lines written so far are kept)
     */
    public RunResult run() {
        long startNanos = System.nanoTime();
        RunFolder folder = new RunFolder(outDir);
        folder.prepare();
        List<Task> selected = selectTasks();
        List<Task> supported = selected.stream().filter(model::supports).collect(Collectors.toList());
        List<Task> unsupported =
                selected.stream().filter(t -> !model.supports(t)).collect(Collectors.toList());
        if (supported.isEmpty()) {
            throw new InvalidInputException(
                    "model '" + Credentials.maskUrls(modelSpec.toString()) + "' supports none of the selected tasks ("
                            + ids(selected) + "); it supports " + ids(new ArrayList<>(model.supportedTasks())));
        }
        folder.writeManifest(manifest(supported, unsupported));
        folder.removeStaleSummary();
        if (retryFailed) {
            int dropped = folder.dropFailedLines();
            progress.warning(
                    dropped == 0
                            ? "--retry-failed: the run has no failed lines"
                            : "--retry-failed: " + dropped + " failed line(s) removed from "
                                    + folder.predictions().getFileName() + " to be attempted again");
        }
        if (!unsupported.isEmpty()) {
            progress.warning("model '" + Credentials.maskUrls(modelSpec.toString()) + "' does not support "
                    + ids(unsupported) + "; these tasks are skipped and reported as unsupported");
        }
        List<ReplicaStats> replicasBefore = replicaStats();
        RunResult result;
        try (PredictionWriter writer = PredictionWriter.open(folder.predictions())) {
            Execution execution = new Execution(writer, supported);
            try {
                execution.execute();
            } catch (RuntimeException | Error e) {
                progress.aborted();
                throw e;
            }
            result = new RunResult(
                    outDir,
                    folder.predictions(),
                    execution.recorder.counts(),
                    unsupported,
                    Duration.ofNanos(System.nanoTime() - startNanos),
                    replicasDuring(replicasBefore, replicaStats()));
        }
        if (result.replicas().size() > 1) {
            folder.writeReplicas(result.replicas());
        }
        progress.finished();
        try {
            finisher.finish(outDir);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "predictions are complete in " + folder.predictions() + ", but finishing the run failed: "
                            + e.getMessage(),
                    e);
        }
        return result;
    }

    /** The model's replica counts so far, when it is served by replicas. */
    private List<ReplicaStats> replicaStats() {
        return model instanceof ReportsReplicas r ? r.replicaStats() : List.of();
    }

    /** Each replica's counts between two snapshots (a model may have served other runs before this one). */
    static List<ReplicaStats> replicasDuring(List<ReplicaStats> before, List<ReplicaStats> after) {
        if (before.size() != after.size()) {
            return after;
        }
        List<ReplicaStats> out = new ArrayList<>(after.size());
        for (int i = 0; i < after.size(); i++) {
            ReplicaStats a = after.get(i);
            ReplicaStats b = before.get(i);
            out.add(new ReplicaStats(
                    a.endpoint(),
                    a.requests() - b.requests(),
                    a.failed() - b.failed(),
                    a.ejections() - b.ejections(),
                    a.healthy()));
        }
        return out;
    }

    private List<Task> selectTasks() {
        List<Task> available = source.tasks();
        if (taskFilter.isEmpty()) {
            return List.copyOf(available);
        }
        List<Task> missing =
                taskFilter.stream().filter(t -> !available.contains(t)).collect(Collectors.toList());
        if (!missing.isEmpty()) {
            throw new InvalidInputException("requested task(s) " + ids(missing) + " not found in the benchmark at "
                    + source.dataDir() + " (it has " + (available.isEmpty() ? "no tasks" : ids(available)) + ")");
        }
        return available.stream().filter(taskFilter::contains).collect(Collectors.toList());
    }

    private RunManifest manifest(List<Task> supported, List<Task> unsupported) {
        String now = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        return new RunManifest(
                modelSpec.toString(),
                RunManifest.maskSecrets(modelSpec.options()),
                model.kind().id(),
                source.dataDir().toAbsolutePath().normalize().toString(),
                source.format().cliName(),
                source.mediaRoot().toAbsolutePath().normalize().toString(),
                settings.stream().map(Setting::wireName).collect(Collectors.toList()),
                supported.stream().map(Task::id).collect(Collectors.toList()),
                unsupported.stream().map(Task::id).collect(Collectors.toList()),
                limitPerTask,
                seed,
                concurrency,
                retry.maxAttempts(),
                tieCalibration.wireName(),
                tieScope.wireName(),
                prices,
                toolVersion,
                now,
                now,
                retry.retryTruncated() ? Boolean.TRUE : null);
    }

    private static String ids(List<Task> tasks) {
        return tasks.stream().sorted().map(Task::id).collect(Collectors.joining(", "));
    }

    /**
     * One run's scheduling: reads the selected samples in order, claims their lines in the {@link
     * ResumeLedger}, and hands the work through a {@link SampleRouter} to a {@link WorkPool} (pairwise: one unit per sample and
     * setting; scalar: one unit per batch of samples), whose units record lines through the {@link
     * PredictionRecorder}. The first unexpected exception aborts the run.
     */
    private final class Execution {
        private final List<Task> tasks;
        private final ResumeLedger ledger;
        private final WorkPool pool;
        private final PredictionRecorder recorder;
        private final SampleEvaluator evaluator;
        private final SampleRouter router;

        Execution(PredictionWriter writer, List<Task> tasks) {
            this.tasks = tasks;
            this.ledger = new ResumeLedger(writer.existing());
            this.pool = new WorkPool(concurrency, "bench-runner");
            this.recorder = new PredictionRecorder(writer, progress, tasks, pool::aborted);
            this.evaluator = new SampleEvaluator(seed, new Retrier(retry, pool::aborted), recorder);
            this.router = SampleRouter.of(model, evaluator, pool);
        }

        void execute() {
            long toWrite = -1;
            long skipped = -1;
            if (countFirst) {
                long[] plan = countPlan();
                toWrite = plan[0];
                skipped = plan[1];
            }
            progress.started(toWrite, skipped);
            try {
                for (Task task : tasks) {
                    runTask(task);
                }
                if (!pool.awaitAll(30)) {
                    recorder.warn("some model calls did not stop within 30 s of the run being aborted");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                pool.abort(e);
            } catch (CancellationException e) {
                // a unit failed: the pool holds the cause
            } catch (RuntimeException | Error e) {
                pool.abort(e);
            } finally {
                if (pool.aborted()) {
                    try {
                        if (!pool.awaitAll(30)) {
                            recorder.warn("some model calls did not stop within 30 s of the run being aborted");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                pool.close();
            }
            rethrowFatal(pool.fatal());
        }

        private void rethrowFatal(Throwable f) {
            if (f == null) {
                return;
            }
            if (f instanceof InterruptedException) {
                throw new CancellationException("run interrupted; the lines written so far are kept in " + outDir
                        + " and a rerun with the same --out resumes");
            }
            if (f instanceof RuntimeException re) {
                throw re;
            }
            if (f instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("run aborted: " + f, f);
        }

        /** Lines to write and lines already written, by the same rules as the run itself. */
        private long[] countPlan() {
            long[] plan = new long[2];
            ResumeLedger dryRun = new ResumeLedger(List.of());
            for (Task task : tasks) {
                forEachSelected(task, entry -> {
                    for (Setting s : settingsFor(labelOf(entry))) {
                        if (dryRun.claim(task, s, entry.id()) == ResumeLedger.Claim.NEW) {
                            plan[ledger.written(task, s, entry.id()) ? 1 : 0]++;
                        }
                    }
                });
            }
            return plan;
        }

        private void runTask(Task task) throws InterruptedException {
            try (Stream<LoadedEntry> stream = source.entries(task)) {
                Iterator<LoadedEntry> it = stream.iterator();
                int n = 0;
                while ((limitPerTask == null || n < limitPerTask) && it.hasNext()) {
                    if (pool.aborted()) {
                        return;
                    }
                    LoadedEntry entry = it.next();
                    n++;
                    List<Setting> needed = claim(task, entry);
                    if (needed.isEmpty()) {
                        continue;
                    }
                    if (entry instanceof LoadedEntry.Invalid inv) {
                        evaluator.invalid(task, entry, inv.label(), inv.reason(), needed);
                    } else {
                        LoadedEntry.Valid valid = (LoadedEntry.Valid) entry;
                        if (valid.sample().label().isEmpty()) {
                            evaluator.invalid(task, entry, null, "the record has no preference label", needed);
                        } else {
                            router.add(task, valid, needed);
                        }
                    }
                }
            }
            router.flush(task);
        }

        /** The settings of {@code entry} still to write; counts the ones already written or duplicated. */
        private List<Setting> claim(Task task, LoadedEntry entry) {
            List<Setting> needed = new ArrayList<>(2);
            boolean warned = false;
            for (Setting s : settingsFor(labelOf(entry))) {
                switch (ledger.claim(task, s, entry.id())) {
                    case DUPLICATE -> {
                        recorder.duplicate(task);
                        if (!warned) {
                            recorder.warn("task " + task.id() + ": sample id '" + entry.id() + "' appears again at "
                                    + entry.origin() + "; only its first record is used");
                            warned = true;
                        }
                    }
                    case ALREADY_DONE -> recorder.alreadyDone(task);
                    case NEW -> needed.add(s);
                    default -> throw new IllegalStateException();
                }
            }
            return needed;
        }

        private void forEachSelected(Task task, Consumer<LoadedEntry> action) {
            try (Stream<LoadedEntry> stream = source.entries(task)) {
                Iterator<LoadedEntry> it = stream.iterator();
                int n = 0;
                while ((limitPerTask == null || n < limitPerTask) && it.hasNext()) {
                    action.accept(it.next());
                    n++;
                }
            }
        }
    }

    private List<Setting> settingsFor(Preference label) {
        List<Setting> out = new ArrayList<>(2);
        for (Setting s : settings) {
            if (s == Setting.NO_TIES && label == Preference.TIE) {
                continue;
            }
            out.add(s);
        }
        return out;
    }

    private static Preference labelOf(LoadedEntry entry) {
        if (entry instanceof LoadedEntry.Valid v) {
            return v.sample().label().orElse(null);
        }
        return ((LoadedEntry.Invalid) entry).label();
    }

    /** Configures a {@link BenchmarkRunner}. */
    public static final class Builder {
        private BenchmarkSource source;
        private RewardModel model;
        private ModelSpec modelSpec;
        private Path outDir;
        private Set<Setting> settings = EnumSet.allOf(Setting.class);
        private Set<Task> tasks = EnumSet.noneOf(Task.class);
        private Integer limitPerTask;
        private int concurrency = DEFAULT_CONCURRENCY;
        private long seed;
        private RetryPolicy retry = RetryPolicy.defaults();
        private Progress progress = Progress.none();
        private RunFinisher finisher = RunFinisher.none();
        private String toolVersion = defaultToolVersion();
        private TieCalibrationMode tieCalibration = TieCalibrationMode.DEFINITION;
        private TieScope tieScope = TieScope.PER_TASK;
        private Prices prices;
        private boolean countFirst = true;
        private boolean retryFailed;

        private Builder() {}

        /** The opened benchmark (required). The caller closes it. */
        public Builder setSource(BenchmarkSource source) {
            this.source = source;
            return this;
        }

        /** The model to evaluate (required). The caller closes it. */
        public Builder setModel(RewardModel model) {
            this.model = model;
            return this;
        }

        /** The run directory (required); created when missing. */
        public Builder setOutDir(Path dir) {
            this.outDir = dir;
            return this;
        }

        /** The spec the model was created from, recorded in run.json; {@code model.name()} by default. */
        public Builder optModelSpec(ModelSpec spec) {
            this.modelSpec = spec;
            return this;
        }

        /** Which settings to run; both by default. */
        public Builder optSettings(Set<Setting> settings) {
            this.settings = EnumSet.noneOf(Setting.class);
            this.settings.addAll(settings);
            return this;
        }

        /** Only these tasks (each must be in the benchmark); all by default. */
        public Builder optTasks(Set<Task> tasks) {
            this.tasks = EnumSet.noneOf(Task.class);
            this.tasks.addAll(tasks);
            return this;
        }

        /** At most this many records per task, the first ones in file order; all by default. */
        public Builder optLimitPerTask(Integer limit) {
            this.limitPerTask = limit;
            return this;
        }

        /** Parallel model calls; {@value #DEFAULT_CONCURRENCY} by default. */
        public Builder optConcurrency(int n) {
            this.concurrency = n;
            return this;
        }

        /** Seeds the response-order swap; 0 by default. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** How retriable failures are retried; {@link RetryPolicy#defaults()} by default. */
        public Builder optRetryPolicy(RetryPolicy policy) {
            this.retry = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Where the run's progress goes (lines written of the lines to write, failures, lines already
         * done, warnings as messages); none by default. The command line passes its terminal renderer.
         */
        public Builder optProgress(Progress progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        /** Runs after the last line (e.g. writes summary.json); nothing by default. */
        public Builder optFinisher(RunFinisher finisher) {
            this.finisher = Objects.requireNonNull(finisher, "finisher");
            return this;
        }

        /** The tool version recorded in run.json. */
        public Builder optToolVersion(String version) {
            this.toolVersion = Objects.requireNonNull(version, "version");
            return this;
        }

        /** The tie-calibration mode recorded in run.json for the summary ({@code definition} by default). */
        public Builder optTieCalibration(TieCalibrationMode mode) {
            this.tieCalibration = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** The tie-calibration scope recorded in run.json for the summary ({@code per_task} by default, or {@code global}). */
        public Builder optTieScope(TieScope scope) {
            this.tieScope = Objects.requireNonNull(scope, "scope");
            return this;
        }

        /** Token prices recorded in run.json, for the cost in the summary; null (the default) for none. */
        public Builder optPrices(Prices prices) {
            this.prices = prices;
            return this;
        }

        /**
         * Whether to attempt again the failed lines of an earlier run into the same directory (failed
         * predictions, and invalid records whose data has since been fixed); off by default. The old
         * lines are removed before the run, so no (task, setting, id) has two lines.
         */
        public Builder optRetryFailed(boolean retry) {
            this.retryFailed = retry;
            return this;
        }

        /** Whether to count the lines first so progress can show a total and an ETA; on by default. */
        public Builder optCountFirst(boolean count) {
            this.countFirst = count;
            return this;
        }

        public BenchmarkRunner build() {
            return new BenchmarkRunner(this);
        }

        private static String defaultToolVersion() {
            String v = BenchmarkRunner.class.getPackage().getImplementationVersion();
            return v == null ? "dev" : v;
        }
    }
}
