package org.omnireward.bench.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.omnireward.data.benchmark.BenchmarkSource;
import org.omnireward.data.benchmark.LoadedEntry;
import org.omnireward.bench.metrics.SummaryWriter;
import org.omnireward.bench.results.PredictionRecord;
import org.omnireward.bench.results.PredictionsFile;
import org.omnireward.bench.results.Setting;
import org.omnireward.core.AuthenticationException;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.OmniRewardException;
import org.omnireward.core.PairwiseRewardModel;
import org.omnireward.core.Preference;
import org.omnireward.core.PreferenceSample;
import org.omnireward.core.RetriableException;
import org.omnireward.core.RewardModel;
import org.omnireward.core.ScalarRewardModel;
import org.omnireward.core.ScoringRequest;
import org.omnireward.core.Task;
import org.omnireward.core.UnparseableOutputException;
import org.omnireward.core.Verdict;
import org.omnireward.core.util.StableHash;

/**
 * Runs a reward model over a benchmark and appends one line per (sample, setting) to {@code
 * predictions.jsonl} in the output directory (format: {@code docs/results-format.md}).
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
 *       call would fail the same way, and failed lines are not retried by a rerun).</li>
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
    private final ProgressListener progress;
    private final RunFinisher finisher;
    private final String toolVersion;
    private final String tieCalibration;
    private final String tieScope;
    private final boolean countFirst;

    private BenchmarkRunner(Builder b) {
        this.source = Objects.requireNonNull(b.source, "setSource is required");
        this.model = Objects.requireNonNull(b.model, "setModel is required");
        this.outDir = Objects.requireNonNull(b.outDir, "setOutDir is required").toAbsolutePath().normalize();
        if (!(model instanceof PairwiseRewardModel) && !(model instanceof ScalarRewardModel)) {
            throw new InvalidInputException("model " + model.name() + " is neither pairwise nor scalar ("
                    + model.getClass().getName() + ")");
        }
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
        this.progress = b.progress;
        this.finisher = b.finisher;
        this.toolVersion = b.toolVersion;
        this.tieCalibration = b.tieCalibration;
        this.tieScope = b.tieScope;
        this.countFirst = b.countFirst;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Whether a pairwise model is shown response2 as A for this sample in this setting: a fair coin
     * derived from (seed, id, setting), independent of order and threads.
     */
    public static boolean isSwapped(long seed, String sampleId, Setting setting) {
        return StableHash.bit(seed, "swap", sampleId, setting.wireName());
    }

    /** The threshold-free prediction of a scalar model: the larger score wins, equal scores tie. */
    public static Preference predictionFromScores(double r1, double r2) {
        int c = Double.compare(r1, r2);
        return c > 0 ? Preference.RESPONSE1 : c < 0 ? Preference.RESPONSE2 : Preference.TIE;
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
        prepareOutDir();
        List<Task> selected = selectTasks();
        List<Task> supported = selected.stream().filter(model::supports).collect(Collectors.toList());
        List<Task> unsupported = selected.stream().filter(t -> !model.supports(t)).collect(Collectors.toList());
        if (supported.isEmpty()) {
            throw new InvalidInputException("model '" + modelSpec + "' supports none of the selected tasks ("
                    + ids(selected) + "); it supports " + ids(new ArrayList<>(model.supportedTasks())));
        }
        writeManifest(supported, unsupported);
        removeStaleSummary();
        if (!unsupported.isEmpty()) {
            progress.warning("model '" + modelSpec + "' does not support " + ids(unsupported)
                    + "; these tasks are skipped and reported as unsupported");
        }
        Path predictions = outDir.resolve(PredictionsFile.NAME);
        RunResult result;
        try (PredictionWriter writer = PredictionWriter.open(predictions)) {
            Execution execution = new Execution(writer, supported);
            execution.execute();
            result = new RunResult(outDir, predictions, execution.counts(), unsupported,
                    Duration.ofNanos(System.nanoTime() - startNanos));
        }
        progress.finished(result);
        try {
            finisher.finish(outDir);
        } catch (IOException e) {
            throw new UncheckedIOException("predictions are complete in " + predictions
                    + ", but finishing the run failed: " + e.getMessage(), e);
        }
        return result;
    }

    private void prepareOutDir() {
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw new InvalidInputException("output path " + outDir + " exists and is not a directory");
        }
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create output directory " + outDir, e);
        }
    }

    /**
     * Deletes the summary of an earlier run into this directory: the lines this run adds would make
     * it stale, and if this run is stopped before its finisher writes a new one, {@code bench report}
     * must recompute it from the predictions (and say they may be partial) rather than trust it.
     */
    private void removeStaleSummary() {
        Path summary = outDir.resolve(SummaryWriter.NAME);
        try {
            Files.deleteIfExists(summary);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the earlier run's " + summary
                    + " (it would not match the predictions once this run adds lines)", e);
        }
    }

    private List<Task> selectTasks() {
        List<Task> available = source.tasks();
        if (taskFilter.isEmpty()) {
            return List.copyOf(available);
        }
        List<Task> missing = taskFilter.stream().filter(t -> !available.contains(t)).collect(Collectors.toList());
        if (!missing.isEmpty()) {
            throw new InvalidInputException("requested task(s) " + ids(missing) + " not found in the benchmark at "
                    + source.dataDir() + " (it has " + (available.isEmpty() ? "no tasks" : ids(available)) + ")");
        }
        return available.stream().filter(taskFilter::contains).collect(Collectors.toList());
    }

    private void writeManifest(List<Task> supported, List<Task> unsupported) {
        String now = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        RunManifest manifest = new RunManifest(
                modelSpec.toString(),
                RunManifest.maskSecrets(modelSpec.options()),
                model instanceof PairwiseRewardModel ? "pairwise" : "scalar",
                source.dataDir().toAbsolutePath().normalize().toString(),
                source.format().cliName(),
                source.mediaRoot().toAbsolutePath().normalize().toString(),
                settings.stream().map(Setting::wireName).collect(Collectors.toList()),
                supported.stream().map(Task::id).collect(Collectors.toList()),
                unsupported.stream().map(Task::id).collect(Collectors.toList()),
                limitPerTask, seed, concurrency, retry.maxAttempts(), tieCalibration, tieScope, toolVersion, now, now);
        Optional<RunManifest> earlier = RunManifest.read(outDir);
        if (earlier.isPresent()) {
            List<String> diffs = manifest.differencesFrom(earlier.get());
            if (!diffs.isEmpty()) {
                throw new InvalidInputException(outDir + " already holds predictions of another run: "
                        + String.join("; ", diffs) + ". Use a new --out for a different model or data "
                        + "(or delete that directory to start over).");
            }
            manifest = manifest.continuing(earlier.get());
        }
        manifest.write(outDir);
    }

    private static String ids(List<Task> tasks) {
        return tasks.stream().sorted().map(Task::id).collect(Collectors.joining(", "));
    }

    /** The state of one run: resume keys, counters, the pool and the writer. */
    private final class Execution {
        private final PredictionWriter writer;
        private final List<Task> tasks;
        private final Set<String> alreadyWritten = new HashSet<>();
        private final Set<String> claimed = new HashSet<>();
        private final Map<Task, Counters> counters = new EnumMap<>(Task.class);
        private final Object writeLock = new Object();
        private final AtomicReference<Throwable> fatal = new AtomicReference<>();
        private final Semaphore window = new Semaphore(2 * concurrency);
        private ExecutorService pool;

        Execution(PredictionWriter writer, List<Task> tasks) {
            this.writer = writer;
            this.tasks = tasks;
            for (PredictionRecord r : writer.existing()) {
                String task = Task.lookup(r.task()).map(Task::id).orElse(r.task());
                alreadyWritten.add(key(task, r.setting(), r.id()));
            }
            for (Task t : tasks) {
                counters.put(t, new Counters());
            }
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
            pool = Executors.newFixedThreadPool(concurrency, daemonThreads());
            try {
                for (Task task : tasks) {
                    runTask(task);
                }
                pool.shutdown();
                while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
                    // wait for the last calls
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fatal.compareAndSet(null, e);
            } catch (RuntimeException | Error e) {
                fatal.compareAndSet(null, e);
            } finally {
                if (fatal.get() != null) {
                    pool.shutdownNow();
                    awaitQuietly();
                }
            }
            rethrowFatal();
        }

        private void awaitQuietly() {
            try {
                if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                    warn("some model calls did not stop within 30 s of the run being aborted");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void rethrowFatal() {
            Throwable f = fatal.get();
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
            Set<String> seen = new HashSet<>();
            for (Task task : tasks) {
                forEachSelected(task, entry -> {
                    for (Setting s : settingsFor(labelOf(entry))) {
                        String key = key(task.id(), s.wireName(), entry.id());
                        if (seen.add(key)) {
                            plan[alreadyWritten.contains(key) ? 1 : 0]++;
                        }
                    }
                });
            }
            return plan;
        }

        private void runTask(Task task) throws InterruptedException {
            Counters c = counters.get(task);
            List<ScalarItem> batch = new ArrayList<>();
            int batchSamples = model instanceof ScalarRewardModel sm ? Math.max(1, sm.preferredBatchSize() / 2) : 1;
            try (Stream<LoadedEntry> stream = source.entries(task)) {
                Iterator<LoadedEntry> it = stream.iterator();
                int n = 0;
                while ((limitPerTask == null || n < limitPerTask) && it.hasNext()) {
                    checkFatal();
                    LoadedEntry entry = it.next();
                    n++;
                    List<Setting> needed = claim(task, entry, c);
                    if (needed.isEmpty()) {
                        continue;
                    }
                    if (entry instanceof LoadedEntry.Invalid inv) {
                        writeInvalid(task, entry, inv.label(), inv.reason(), needed);
                    } else {
                        LoadedEntry.Valid valid = (LoadedEntry.Valid) entry;
                        if (valid.sample().label().isEmpty()) {
                            writeInvalid(task, entry, null, "the record has no preference label", needed);
                        } else if (model instanceof PairwiseRewardModel pm) {
                            for (Setting s : needed) {
                                submit(() -> judge(pm, task, valid, s));
                            }
                        } else {
                            batch.add(new ScalarItem(valid, needed));
                            if (batch.size() >= batchSamples) {
                                List<ScalarItem> items = List.copyOf(batch);
                                batch.clear();
                                submit(() -> score((ScalarRewardModel) model, task, items));
                            }
                        }
                    }
                }
            }
            if (!batch.isEmpty()) {
                List<ScalarItem> items = List.copyOf(batch);
                submit(() -> score((ScalarRewardModel) model, task, items));
            }
        }

        /** The settings of {@code entry} still to write; counts the ones already written or duplicated. */
        private List<Setting> claim(Task task, LoadedEntry entry, Counters c) {
            List<Setting> needed = new ArrayList<>(2);
            boolean warned = false;
            for (Setting s : settingsFor(labelOf(entry))) {
                String key = key(task.id(), s.wireName(), entry.id());
                if (!claimed.add(key)) {
                    c.duplicates.incrementAndGet();
                    if (!warned) {
                        warn("task " + task.id() + ": sample id '" + entry.id() + "' appears again at "
                                + entry.origin() + "; only its first record is used");
                        warned = true;
                    }
                } else if (alreadyWritten.contains(key)) {
                    c.alreadyDone.incrementAndGet();
                } else {
                    needed.add(s);
                }
            }
            return needed;
        }

        private void forEachSelected(Task task, java.util.function.Consumer<LoadedEntry> action) {
            try (Stream<LoadedEntry> stream = source.entries(task)) {
                Iterator<LoadedEntry> it = stream.iterator();
                int n = 0;
                while ((limitPerTask == null || n < limitPerTask) && it.hasNext()) {
                    action.accept(it.next());
                    n++;
                }
            }
        }

        private void checkFatal() {
            if (fatal.get() != null) {
                throw new AbortRun();
            }
        }

        private void submit(Unit unit) throws InterruptedException {
            window.acquire();
            try {
                pool.execute(() -> {
                    try {
                        unit.run();
                    } catch (Throwable t) {
                        fatal.compareAndSet(null, t);
                    } finally {
                        window.release();
                    }
                });
            } catch (RejectedExecutionException e) {
                window.release();
                throw e;
            }
        }

        private void judge(PairwiseRewardModel pm, Task task, LoadedEntry.Valid entry, Setting setting)
                throws InterruptedException {
            PreferenceSample sample = entry.sample();
            boolean swapped = isSwapped(seed, sample.id(), setting);
            boolean allowTies = setting.allowsTies();
            Outcome<Verdict> o = call(() -> {
                PreferenceSample shown = swapped ? sample.swapped() : sample;
                Verdict v = pm.judge(shown, allowTies);
                if (v == null) {
                    throw new IllegalStateException("model " + model.name() + " returned no verdict");
                }
                if (!allowTies && v.preference() == Preference.TIE) {
                    throw new UnparseableOutputException("model " + model.name()
                            + " answered tie where ties are not allowed", v.rawOutput());
                }
                return v;
            });
            String label = sample.label().map(Preference::wireName).orElse(null);
            if (o.ok()) {
                Preference p = swapped ? o.value().preference().swapped() : o.value().preference();
                String rationale = o.value().rationale();
                emit(task, new PredictionRecord(sample.id(), task.id(), setting.wireName(), entry.index(), label,
                        p.wireName(), swapped, null, false, false, null, o.attempts(), o.latencyMs(),
                        rationale == null || rationale.isBlank() ? null : rationale));
            } else {
                emit(task, new PredictionRecord(sample.id(), task.id(), setting.wireName(), entry.index(), label,
                        null, swapped, null, true, false, o.error(), o.attempts(), o.latencyMs(), null));
            }
        }

        private void score(ScalarRewardModel sm, Task task, List<ScalarItem> items) throws InterruptedException {
            Outcome<double[]> o = scoreItems(sm, items);
            if (!o.ok() && items.size() > 1 && !o.exhausted()) {
                // one bad sample must not fail its batch-mates: score them one by one
                for (ScalarItem item : items) {
                    Outcome<double[]> single = scoreItems(sm, List.of(item));
                    writeScores(task, item, single, o.attempts() + single.attempts(), single.latencyMs(), 0);
                }
                return;
            }
            for (int i = 0; i < items.size(); i++) {
                writeScores(task, items.get(i), o, o.attempts(), o.latencyMs(), i);
            }
        }

        private Outcome<double[]> scoreItems(ScalarRewardModel sm, List<ScalarItem> items) throws InterruptedException {
            return call(() -> {
                List<ScoringRequest> requests = new ArrayList<>(2 * items.size());
                for (ScalarItem item : items) {
                    PreferenceSample s = item.entry().sample();
                    requests.add(ScoringRequest.of(s, Preference.RESPONSE1));
                    requests.add(ScoringRequest.of(s, Preference.RESPONSE2));
                }
                double[] scores = sm.scoreBatch(requests);
                if (scores == null || scores.length != requests.size()) {
                    throw new IllegalStateException("model " + model.name() + " returned "
                            + (scores == null ? "no" : scores.length) + " scores for " + requests.size() + " requests");
                }
                for (double d : scores) {
                    if (!Double.isFinite(d)) {
                        throw new IllegalStateException("model " + model.name() + " gave a non-finite score (" + d + ")");
                    }
                }
                return scores;
            });
        }

        private void writeScores(Task task, ScalarItem item, Outcome<double[]> o, int attempts, long latencyMs, int i) {
            PreferenceSample sample = item.entry().sample();
            String label = sample.label().map(Preference::wireName).orElse(null);
            for (Setting s : item.settings()) {
                if (o.ok()) {
                    double r1 = o.value()[2 * i];
                    double r2 = o.value()[2 * i + 1];
                    emit(task, new PredictionRecord(sample.id(), task.id(), s.wireName(), item.entry().index(), label,
                            predictionFromScores(r1, r2).wireName(), null, List.of(r1, r2), false, false, null,
                            attempts, latencyMs, null));
                } else {
                    emit(task, new PredictionRecord(sample.id(), task.id(), s.wireName(), item.entry().index(), label,
                            null, null, null, true, false, o.error(), attempts, latencyMs, null));
                }
            }
        }

        private void writeInvalid(Task task, LoadedEntry entry, Preference label, String reason, List<Setting> needed) {
            String error = "invalid: " + reason + " (" + entry.origin() + ")";
            for (Setting s : needed) {
                emit(task, new PredictionRecord(entry.id(), task.id(), s.wireName(), entry.index(),
                        label == null ? null : label.wireName(), null, null, null, true, true, error, 0, 0, null));
            }
        }

        /** Calls the model, retrying retriable failures; other failures end the line at once. */
        private <T> Outcome<T> call(Callable<T> call) throws InterruptedException {
            for (int attempt = 1; ; attempt++) {
                long t0 = System.nanoTime();
                try {
                    T value = call.call();
                    return new Outcome<>(value, null, false, attempt, millisSince(t0));
                } catch (AuthenticationException | InterruptedException e) {
                    throw e;
                } catch (RetriableException e) {
                    long latency = millisSince(t0);
                    if (attempt >= retry.maxAttempts()) {
                        return new Outcome<>(null, describe(e) + " (after " + attempt
                                + (attempt == 1 ? " attempt)" : " attempts)"), true, attempt, latency);
                    }
                    if (Thread.currentThread().isInterrupted() || fatal.get() != null) {
                        throw new InterruptedException("run aborted");
                    }
                    retry.sleeper().sleep(retry.delayAfter(attempt, e));
                } catch (Exception e) {
                    return new Outcome<>(null, describe(e), false, attempt, millisSince(t0));
                }
            }
        }

        private void emit(Task task, PredictionRecord record) {
            synchronized (writeLock) {
                if (fatal.get() != null) {
                    return; // the run is being aborted: leave the line to the rerun
                }
                writer.write(record);
                Counters c = counters.get(task);
                c.written.incrementAndGet();
                if (record.failed()) {
                    c.failed.incrementAndGet();
                }
                if (record.invalid()) {
                    c.invalid.incrementAndGet();
                }
                progress.lineWritten(record);
            }
        }

        /** Warnings share the writer's lock so the listener hears one thing at a time. */
        private void warn(String message) {
            synchronized (writeLock) {
                progress.warning(message);
            }
        }

        Map<Task, RunResult.TaskCounts> counts() {
            Map<Task, RunResult.TaskCounts> out = new EnumMap<>(Task.class);
            counters.forEach((t, c) -> out.put(t, c.snapshot()));
            return out;
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

    private static String key(String task, String setting, String id) {
        return task + '\u0000' + setting + '\u0000' + id;
    }

    private static long millisSince(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    /** The message for a failed line: the message of our own exceptions, else type and message. */
    private static String describe(Throwable e) {
        String msg = e.getMessage();
        if (e instanceof OmniRewardException) {
            return msg == null || msg.isBlank() ? e.getClass().getSimpleName() : msg;
        }
        return e.getClass().getSimpleName() + (msg == null || msg.isBlank() ? "" : ": " + msg);
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "bench-runner-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** A unit of work run on the pool; what escapes it aborts the run. */
    @FunctionalInterface
    private interface Unit {
        void run() throws Exception;
    }

    /** A sample for a scalar batch and the settings whose lines it still needs. */
    private record ScalarItem(LoadedEntry.Valid entry, List<Setting> settings) {
    }

    /** The result of calling the model with retries. */
    private record Outcome<T>(T value, String error, boolean exhausted, int attempts, long latencyMs) {
        boolean ok() {
            return error == null;
        }
    }

    /** Thrown inside the producer loop to stop it after a fatal error (which is rethrown instead). */
    private static final class AbortRun extends RuntimeException {
        AbortRun() {
            super("run aborted", null, false, false);
        }
    }

    private static final class Counters {
        final AtomicInteger written = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger invalid = new AtomicInteger();
        final AtomicInteger alreadyDone = new AtomicInteger();
        final AtomicInteger duplicates = new AtomicInteger();

        RunResult.TaskCounts snapshot() {
            return new RunResult.TaskCounts(written.get(), failed.get(), invalid.get(), alreadyDone.get(),
                    duplicates.get());
        }
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
        private ProgressListener progress = ProgressListener.none();
        private RunFinisher finisher = RunFinisher.none();
        private String toolVersion = defaultToolVersion();
        private String tieCalibration = "definition";
        private String tieScope = "per_task";
        private boolean countFirst = true;

        private Builder() {
        }

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

        /** Hears progress; silent by default. */
        public Builder optProgress(ProgressListener listener) {
            this.progress = Objects.requireNonNull(listener, "listener");
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
        public Builder optTieCalibration(String mode) {
            this.tieCalibration = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** The tie-calibration scope recorded in run.json for the summary ({@code per_task} by default, or {@code global}). */
        public Builder optTieScope(String scope) {
            this.tieScope = Objects.requireNonNull(scope, "scope");
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
