package org.omnireward.explore;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.util.Progress;
import org.omnireward.data.benchmark.BenchmarkFormat;
import org.omnireward.data.benchmark.LoadOptions;

/**
 * What one explorer shows, indexed: runs (with the benchmark they ran on, when it can be found), a data set,
 * and an annotation queue over a data set; any part may be absent. {@link ExploreServer} serves it.
 * Closing it deletes the index.
 *
 * <p>For runs, the index is built on a background thread in passes so the pages come up at once: for large runs
 * a first look (the samples of the first few MB of each run's lines: lists are served from it, saying so), then
 * the prediction lines' narrow columns (what overviews, lists and filters read), then the benchmark's records
 * (prompts, criteria, media) and the runs' rationales and raw outputs (text search). Each page waits for the pass
 * it needs ({@link #awaitFirstLook()}, {@link #awaitRuns()}, {@link #awaitIndexed()}).
 */
public final class Explorer implements AutoCloseable {

    /** How the message of a failed background pass starts (pages show it). */
    static final String INDEX_FAILED = "the explorer could not index everything: ";

    /** The index: opened on a thread of its own for runs (loading DuckDB takes a while), at once for data. */
    private final CompletableFuture<ExploreDb> db;

    private final RunIndex runs;
    private volatile DataIndex data;
    private final AnnotationQueue queue;
    private final Map<String, Long> timings = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.CountDownLatch firstLook = new java.util.concurrent.CountDownLatch(1);
    private final java.util.concurrent.CountDownLatch serving = new java.util.concurrent.CountDownLatch(1);

    /** How long the whole runs' indexing waits, after a first look, for the server to listen. */
    static final long SERVER_START_WAIT_S = 3;

    private final java.util.concurrent.CountDownLatch runsIndexed = new java.util.concurrent.CountDownLatch(1);
    private final java.util.concurrent.CountDownLatch indexed = new java.util.concurrent.CountDownLatch(1);
    private volatile String indexing;
    private volatile RuntimeException indexFailure;
    private volatile boolean closed;
    private final boolean expectsData;

    private Explorer(
            CompletableFuture<ExploreDb> db,
            RunIndex runs,
            DataIndex data,
            AnnotationQueue queue,
            boolean expectsData) {
        this.db = db;
        this.runs = runs;
        this.data = data;
        this.queue = queue;
        this.expectsData = expectsData || data != null;
    }

    /**
     * Indexes on a daemon thread: a first look at large runs ({@link #awaitFirstLook()}), the runs' lines
     * ({@link #awaitRuns()} waits for them), then the benchmark's
     * records and, on a second thread meanwhile, the runs' lines and texts ({@link #awaitIndexed()}).
     */
    private void background(Path benchmark, LoadOptions opts, Consumer<String> notices) {
        indexing = "the runs' prediction lines";
        Thread t = new Thread(
                () -> {
                    try {
                        indexAll(benchmark, opts, notices);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        indexFailure = new IllegalStateException("interrupted");
                    } catch (RuntimeException e) {
                        if (!closed) {
                            RuntimeException cause = e instanceof java.util.concurrent.CompletionException
                                            && e.getCause() instanceof RuntimeException r
                                    ? r
                                    : e;
                            indexFailure = cause;
                            notices.accept("indexing stopped: " + cause.getMessage());
                        }
                    } finally {
                        indexing = null;
                        firstLook.countDown();
                        runsIndexed.countDown();
                        indexed.countDown();
                    }
                },
                "explore-index");
        t.setDaemon(true);
        t.start();
    }

    /**
     * The indexing, in the order pages need it: a first look at the runs (then the server may start),
     * the runs' whole files, then their lines and texts beside the benchmark's records.
     */
    private void indexAll(Path benchmark, LoadOptions opts, Consumer<String> notices) throws InterruptedException {
        long t0 = System.nanoTime();
        ExploreDb index = db.join();
        long t1 = System.nanoTime();
        if (runs.indexFirst(index, RunIndex.FIRST_BYTES)) {
            timings.put("first look", (System.nanoTime() - t1) / 1_000_000);
            firstLook.countDown();
            // the whole files (both cores) once the server listens, not while it starts
            serving.await(SERVER_START_WAIT_S, java.util.concurrent.TimeUnit.SECONDS);
        }
        firstLook.countDown();
        runs.index(index, notices);
        timings.put("runs", (System.nanoTime() - t1) / 1_000_000);
        timings.put("waited for DuckDB", (t1 - t0) / 1_000_000);
        runsIndexed.countDown();
        indexing = benchmark != null ? "the benchmark's records and the runs' rationales" : "the runs' rationales";
        // the runs' lines and texts (DuckDB reading the files) beside the benchmark (the Java reader)
        CompletableFuture<Void> texts = CompletableFuture.runAsync(
                () -> {
                    long t2 = System.nanoTime();
                    runs.indexLines();
                    timings.put("texts", (System.nanoTime() - t2) / 1_000_000);
                },
                r -> {
                    Thread x = new Thread(r, "explore-index-texts");
                    x.setDaemon(true);
                    x.start();
                });
        long t3 = System.nanoTime();
        if (benchmark != null) {
            data = DataIndex.load(index, benchmark, Optional.of(opts), null);
            warnOtherData(runs, benchmark, notices);
        }
        timings.put("data", (System.nanoTime() - t3) / 1_000_000);
        texts.join();
    }

    /**
     * Waits until the runs' prediction lines are indexed (lists and filters need them).
     *
     * @throws IllegalStateException when indexing failed, with its reason
     */
    public void awaitRuns() {
        await(runsIndexed);
    }

    /**
     * Waits until lists can be served: the runs' lines indexed, or for large runs a first look at them
     * ({@link RunIndex#partial()} says which, and pages that show it say so).
     *
     * @throws IllegalStateException when indexing failed, with its reason
     */
    public void awaitFirstLook() {
        await(firstLook);
    }

    /**
     * Says the server listens: indexing every line of large runs, which waits after the first look so as not to
     * take the two cores from the server's start, goes on.
     */
    public void serving() {
        serving.countDown();
    }

    /** Whether indexing the runs' lines is over (lists are then complete, or pages say why not). */
    public boolean runsIndexed() {
        return runsIndexed.getCount() == 0;
    }

    private void await(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the index");
        }
        if (indexFailure != null) {
            throw new IllegalStateException(INDEX_FAILED + indexFailure.getMessage(), indexFailure);
        }
    }

    /**
     * Waits until the background pass is done (at once when there is none).
     *
     * @throws IllegalStateException when it failed, with its reason
     */
    public void awaitIndexed() {
        await(indexed);
    }

    /** What the background pass is indexing now, or null when it is done. */
    public String indexing() {
        return indexing;
    }

    /** Whether a data set is (or will be, once the background pass is done) indexed. */
    public boolean expectsData() {
        return expectsData;
    }

    /** How long each part took to index, in milliseconds ({@code runs}, {@code data}), for the benchmark. */
    public Map<String, Long> timings() {
        return Collections.unmodifiableMap(timings);
    }

    /**
     * Runs, and the benchmark they ran on: {@code data} when given, else the {@code data} of the first run's
     * {@code run.json} when that path exists (a notice says when it does not: pages then show the predictions
     * without prompts and media). Returns once the summaries are read; the rest is indexed on a background
     * thread (see the class comment).
     *
     * @throws InvalidInputException when a path is not a run or {@code data} does not exist
     */
    public static Explorer runs(
            List<Path> runPaths, Optional<Path> data, Optional<Path> mediaRoot, Consumer<String> notices) {
        CompletableFuture<ExploreDb> db = ExploreDb.open();
        try {
            RunIndex runs = RunIndex.open(runPaths);
            Optional<Path> benchmark = data;
            JsonNode config = runs.runs().get(0).report().runConfig();
            if (benchmark.isEmpty()) {
                for (RunIndex.Run r : runs.runs()) {
                    String d = text(r.report().runConfig(), "data");
                    if (d == null && r.summary().data() != null) {
                        d = r.summary().data();
                    }
                    if (d != null) {
                        if (Files.exists(Path.of(d))) {
                            benchmark = Optional.of(Path.of(d));
                            config = r.report().runConfig();
                        } else {
                            notices.accept("the benchmark " + d + " that " + r.dir()
                                    + " ran on is not there; give --data" + " DIR to see prompts, criteria and media");
                        }
                        break;
                    }
                }
            }
            LoadOptions opts = LoadOptions.defaults();
            if (benchmark.isPresent()) {
                if (!Files.exists(benchmark.get())) {
                    throw new InvalidInputException("--data " + benchmark.get() + ": no such file or folder");
                }
                String format = text(config, "format");
                if (format != null) {
                    try {
                        opts = opts.withFormat(BenchmarkFormat.parse(format));
                    } catch (InvalidInputException e) {
                        // an unknown layout name: let the loader detect it
                    }
                }
                String root = text(config, "media_root");
                if (mediaRoot.isPresent()) {
                    opts = opts.withMediaRoot(mediaRoot.get());
                } else if (root != null && Files.isDirectory(Path.of(root))) {
                    opts = opts.withMediaRoot(Path.of(root));
                }
                JsonNode seed = config == null ? null : config.get("seed");
                if (seed != null && seed.canConvertToLong()) {
                    opts = opts.withSeed(seed.asLong());
                }
            }
            Explorer e = new Explorer(db, runs, null, null, benchmark.isPresent());
            e.background(benchmark.orElse(null), opts, notices);
            return e;
        } catch (RuntimeException e) {
            closeWhenOpen(db);
            throw e;
        }
    }

    private static void warnOtherData(RunIndex runs, Path shown, Consumer<String> notices) {
        List<String> others = new ArrayList<>();
        for (RunIndex.Run r : runs.runs()) {
            String d = text(r.report().runConfig(), "data");
            if (d != null
                    && !Path.of(d)
                            .toAbsolutePath()
                            .normalize()
                            .equals(shown.toAbsolutePath().normalize())) {
                others.add(r.dir() + " (" + d + ")");
            }
        }
        if (!others.isEmpty()) {
            notices.accept("showing the samples of " + shown + "; these runs name another benchmark: "
                    + String.join(", ", others));
        }
    }

    /** A data set alone: a benchmark folder, a unified JSONL file, a mix folder or a folder of JSONL files. */
    public static Explorer data(Path data, Optional<Path> mediaRoot, Progress progress) {
        return ofData(data, mediaRoot, null, progress);
    }

    /** An annotation queue over a data set, writing labels to {@code settings.out()}. */
    public static Explorer annotate(
            Path data, Optional<Path> mediaRoot, AnnotationQueue.Settings settings, Progress progress) {
        return ofData(data, mediaRoot, settings, progress);
    }

    /** A data set indexed at once (no background pass), with an annotation queue over it when asked for. */
    private static Explorer ofData(
            Path data, Optional<Path> mediaRoot, AnnotationQueue.Settings queue, Progress progress) {
        ExploreDb db = ExploreDb.create();
        try {
            Optional<LoadOptions> opts =
                    mediaRoot.map(m -> LoadOptions.defaults().withMediaRoot(m));
            DataIndex index = DataIndex.load(db, data, opts, progress);
            Explorer e = new Explorer(
                    CompletableFuture.completedFuture(db),
                    null,
                    index,
                    queue == null ? null : AnnotationQueue.open(index, queue),
                    true);
            e.firstLook.countDown();
            e.runsIndexed.countDown();
            e.indexed.countDown();
            return e;
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    private static String text(JsonNode config, String field) {
        if (config == null) {
            return null;
        }
        JsonNode v = config.get(field);
        return v == null || !v.isTextual() || v.asText().isBlank() ? null : v.asText();
    }

    /** The runs, or null. */
    public RunIndex runs() {
        return runs;
    }

    /** The data set (the runs' benchmark, or the one browsed or annotated), or null. */
    public DataIndex data() {
        return data;
    }

    /** The annotation queue, or null. */
    public AnnotationQueue queue() {
        return queue;
    }

    /** Deletes the index (once it is open, if it is still opening). */
    @Override
    public void close() {
        closed = true;
        closeWhenOpen(db);
    }

    private static void closeWhenOpen(CompletableFuture<ExploreDb> db) {
        db.whenComplete((index, failure) -> {
            if (index != null) {
                index.close();
            }
        });
    }
}
