package org.omnireward.spark;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.omnireward.bench.metrics.Prices;
import org.omnireward.bench.metrics.TieCalibrationMode;
import org.omnireward.bench.metrics.TieScope;
import org.omnireward.bench.results.PredictionRecord;
import org.omnireward.bench.results.PredictionsFile;
import org.omnireward.bench.results.Setting;
import org.omnireward.bench.run.ResumeLedger;
import org.omnireward.bench.run.RunFolder;
import org.omnireward.bench.run.RunManifest;
import org.omnireward.bench.run.RunSummaries;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.Preference;
import org.omnireward.core.RewardModel;
import org.omnireward.core.Task;
import org.omnireward.data.benchmark.BenchmarkSource;
import org.omnireward.data.benchmark.LoadOptions;
import org.omnireward.data.benchmark.LoadedEntry;
import org.omnireward.runtime.endpoint.Credentials;

/**
 * {@code spark bench}: {@code bench run} with the model calls spread over Spark's executors. The
 * driver reads the benchmark with the same loader, decides which (task, setting, id) lines are still
 * to write with the same {@link ResumeLedger} (earlier lines skipped, a repeated id written once),
 * and cuts the work into chunks of one task; executors evaluate them with {@code bench run}'s
 * evaluator into Parquet files under {@value #STORE}/ (a partition's file appears whole or not at
 * all). The driver then writes {@code run.json}, {@code predictions.jsonl} (every line of the store,
 * in benchmark order) and {@code summary.json} with the same code as {@code bench run}, so {@code bench
 * report}, {@code explore} and the summary's figures are the same.
 */
public final class SparkBench {

    /** The Parquet store of the run's lines inside the run folder. */
    public static final String STORE = "predictions.parquet";

    /**
     * What to run.
     *
     * @param partitions chunks to cut the work into, or 0 for four per task slot
     */
    public record Request(
            Path data,
            LoadOptions load,
            Path out,
            String spec,
            Map<String, String> options,
            Set<Setting> settings,
            Set<Task> tasks,
            Integer limit,
            long seed,
            int maxAttempts,
            boolean retryTruncated,
            int concurrency,
            int partitions,
            TieCalibrationMode tieCalibration,
            TieScope tieScope,
            Prices prices,
            String toolVersion) {}

    /** What a run did. */
    public record Result(
            Path out,
            long written,
            long failed,
            long alreadyDone,
            long duplicates,
            List<Task> unsupported,
            Path summary) {}

    private SparkBench() {}

    /** Runs (or resumes) the benchmark. */
    public static Result run(SparkSession spark, Request r, PrintStream log) {
        Path outDir = r.out().toAbsolutePath().normalize();
        RunFolder folder = new RunFolder(outDir);
        folder.prepare();
        Path store = outDir.resolve(STORE);
        if (Files.exists(folder.predictions()) && !Files.isDirectory(store)) {
            throw new InvalidInputException(outDir + " holds predictions of `bench run` (no " + STORE
                    + "/); resume it with `bench run`, or use a new --out for `spark bench`");
        }
        ModelRecipe recipe = SparkJobs.recipe(spark, r.spec(), r.options());
        ModelFacts facts = ModelFacts.probe(spark, recipe);
        JobSettings job = new JobSettings(recipe, r.seed(), r.maxAttempts(), r.retryTruncated(), r.concurrency());
        BenchPartition.Data data = BenchPartition.Data.of(r.data(), r.load());
        try (BenchmarkSource source = data.open()) {
            TaskSplit tasks = TaskSplit.of(selectTasks(source, r.tasks()), facts, r.spec());
            folder.writeManifest(manifest(r, source, facts, tasks.supported(), tasks.unsupported()));
            folder.removeStaleSummary();
            announce(log, r, source, facts, outDir, tasks.unsupported());
            List<PredictionRecord> existing = readStore(spark, store);
            Plan plan = plan(source, tasks.supported(), r, new ResumeLedger(existing), log);
            int partitions = r.partitions() > 0
                    ? r.partitions()
                    : 4 * spark.sparkContext().defaultParallelism();
            List<BenchChunk> chunks = plan.chunks(partitions);
            log.printf(
                    "%,d lines to write in %d partitions, %,d already there%s%n",
                    plan.lines,
                    chunks.size(),
                    plan.alreadyDone,
                    plan.duplicates > 0 ? ", " + plan.duplicates + " lines of repeated ids skipped" : "");
            PartitionCounters counters = PartitionCounters.create(spark.sparkContext());
            if (!chunks.isEmpty()) {
                SparkJobs.clearTemporary(store.toString(), spark.sparkContext().hadoopConfiguration());
                String runId = Long.toString(Instant.now().toEpochMilli(), 36);
                try (JobProgress ignored =
                        new JobProgress(spark.sparkContext(), counters.progress(), plan.lines, "bench", log)) {
                    new JavaSparkContext(spark.sparkContext())
                            .parallelize(chunks, chunks.size())
                            .foreachPartition(new BenchPartition(job, data, store.toString(), runId, counters));
                }
            }
            writePredictions(folder, readStore(spark, store));
            Path summary = RunSummaries.write(outDir);
            return new Result(
                    outDir,
                    counters.written().value(),
                    counters.failed().value(),
                    plan.alreadyDone,
                    plan.duplicates,
                    tasks.unsupported(),
                    summary);
        }
    }

    /** The selected tasks the model supports, and those it does not. */
    private record TaskSplit(List<Task> supported, List<Task> unsupported) {

        /** @throws InvalidInputException when the model supports none of {@code selected} */
        static TaskSplit of(List<Task> selected, ModelFacts facts, String spec) {
            List<Task> supported =
                    selected.stream().filter(facts.tasks()::contains).collect(Collectors.toList());
            List<Task> unsupported =
                    selected.stream().filter(t -> !facts.tasks().contains(t)).collect(Collectors.toList());
            if (supported.isEmpty()) {
                throw new InvalidInputException("model '" + Credentials.maskUrls(spec)
                        + "' supports none of the selected tasks (" + ids(selected) + ")");
            }
            return new TaskSplit(supported, unsupported);
        }
    }

    /** Says on {@code log} what runs on what, and which tasks are skipped. */
    private static void announce(
            PrintStream log, Request r, BenchmarkSource source, ModelFacts facts, Path outDir, List<Task> unsupported) {
        log.printf(
                "model %s (%s) on %s (%s format), out %s%n",
                Credentials.maskUrls(r.spec()),
                facts.kind(),
                source.dataDir(),
                source.format().cliName(),
                outDir);
        if (!unsupported.isEmpty()) {
            log.println("model '" + Credentials.maskUrls(r.spec()) + "' does not support " + ids(unsupported)
                    + "; these tasks are skipped and reported as unsupported");
        }
    }

    /** Every line of the store (none when it does not exist yet). */
    static List<PredictionRecord> readStore(SparkSession spark, Path store) {
        List<String> files = ScoreInput.predictionFiles(
                store.toString(), spark.sparkContext().hadoopConfiguration());
        if (files.isEmpty()) {
            return List.of();
        }
        List<PredictionRecord> out = new ArrayList<>();
        Iterator<Row> rows = spark.read()
                .schema(PredictionParquet.SCHEMA)
                .parquet(files.toArray(new String[0]))
                .toLocalIterator();
        while (rows.hasNext()) {
            out.add(PredictionParquet.fromRow(rows.next()));
        }
        return out;
    }

    /** Writes {@code predictions.jsonl} from {@code lines}, in task, position and setting order, atomically. */
    static void writePredictions(RunFolder folder, List<PredictionRecord> lines) {
        List<PredictionRecord> sorted = new ArrayList<>(lines);
        sorted.sort(Comparator.comparing((PredictionRecord l) ->
                        Task.lookup(l.task()).map(Enum::ordinal).orElse(Integer.MAX_VALUE))
                .thenComparingInt(PredictionRecord::index)
                .thenComparing(l -> Setting.parse(l.setting()).ordinal())
                .thenComparing(PredictionRecord::id));
        Path file = folder.predictions();
        Path tmp = file.resolveSibling(PredictionsFile.NAME + ".tmp");
        try (var w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            for (PredictionRecord l : sorted) {
                w.write(PredictionsFile.toLine(l));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + tmp, e);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + tmp + " to " + file, e);
        }
    }

    /** The work of a run: what each task still needs, as {@code bench run}'s ledger decides it. */
    private static final class Plan {
        final List<BenchChunk.Builder> perTask = new ArrayList<>();
        long lines;
        long alreadyDone;
        long duplicates;

        List<BenchChunk> chunks(int partitions) {
            long items = perTask.stream().mapToLong(b -> b.indexes.size()).sum();
            int size = (int) Math.max(1, (items + partitions - 1) / Math.max(1, partitions));
            List<BenchChunk> out = new ArrayList<>();
            for (BenchChunk.Builder b : perTask) {
                for (int from = 0; from < b.indexes.size(); from += size) {
                    out.add(b.chunk(out.size(), from, Math.min(b.indexes.size(), from + size)));
                }
            }
            return out;
        }
    }

    private static Plan plan(
            BenchmarkSource source, List<Task> tasks, Request r, ResumeLedger ledger, PrintStream log) {
        Plan plan = new Plan();
        for (Task task : tasks) {
            BenchChunk.Builder b = new BenchChunk.Builder(task);
            try (Stream<LoadedEntry> stream = source.entries(task)) {
                Iterator<LoadedEntry> it = stream.iterator();
                int n = 0;
                while ((r.limit() == null || n < r.limit()) && it.hasNext()) {
                    LoadedEntry entry = it.next();
                    n++;
                    List<String> needed = new ArrayList<>(2);
                    boolean warned = false;
                    for (Setting s : settingsFor(r.settings(), labelOf(entry))) {
                        switch (ledger.claim(task, s, entry.id())) {
                            case DUPLICATE -> {
                                plan.duplicates++;
                                if (!warned) {
                                    log.println(
                                            "task " + task.id() + ": sample id '" + entry.id() + "' appears again at "
                                                    + entry.origin() + "; only its first record is used");
                                    warned = true;
                                }
                            }
                            case ALREADY_DONE -> plan.alreadyDone++;
                            case NEW -> needed.add(s.wireName());
                            default -> throw new IllegalStateException();
                        }
                    }
                    if (!needed.isEmpty()) {
                        b.add(entry.index(), needed);
                        plan.lines += needed.size();
                    }
                }
            }
            plan.perTask.add(b);
        }
        return plan;
    }

    private static List<Setting> settingsFor(Set<Setting> settings, Preference label) {
        List<Setting> out = new ArrayList<>(2);
        for (Setting s : EnumSet.copyOf(settings)) {
            if (s == Setting.NO_TIES && label == Preference.TIE) {
                continue;
            }
            out.add(s);
        }
        return out;
    }

    private static Preference labelOf(LoadedEntry entry) {
        return entry instanceof LoadedEntry.Valid v
                ? v.sample().label().orElse(null)
                : ((LoadedEntry.Invalid) entry).label();
    }

    private static List<Task> selectTasks(BenchmarkSource source, Set<Task> filter) {
        List<Task> available = source.tasks();
        if (filter.isEmpty()) {
            return List.copyOf(available);
        }
        List<Task> missing = filter.stream().filter(t -> !available.contains(t)).collect(Collectors.toList());
        if (!missing.isEmpty()) {
            throw new InvalidInputException("requested task(s) " + ids(missing) + " not found in the benchmark at "
                    + source.dataDir() + " (it has " + (available.isEmpty() ? "no tasks" : ids(available)) + ")");
        }
        return available.stream().filter(filter::contains).collect(Collectors.toList());
    }

    private static RunManifest manifest(
            Request r, BenchmarkSource source, ModelFacts facts, List<Task> supported, List<Task> unsupported) {
        String now = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        return new RunManifest(
                org.omnireward.core.ModelSpec.parse(r.spec()).toString(),
                RunManifest.maskSecrets(r.options()),
                facts.kind(),
                source.dataDir().toAbsolutePath().normalize().toString(),
                source.format().cliName(),
                source.mediaRoot().toAbsolutePath().normalize().toString(),
                r.settings().stream().sorted().map(Setting::wireName).collect(Collectors.toList()),
                supported.stream().map(Task::id).collect(Collectors.toList()),
                unsupported.stream().map(Task::id).collect(Collectors.toList()),
                r.limit(),
                r.seed(),
                r.concurrency(),
                r.maxAttempts(),
                r.tieCalibration().wireName(),
                r.tieScope().wireName(),
                r.prices(),
                r.toolVersion(),
                now,
                now,
                r.retryTruncated() ? Boolean.TRUE : null);
    }

    private static String ids(List<Task> tasks) {
        return tasks.stream().sorted().map(Task::id).collect(Collectors.joining(", "));
    }

    /** What the driver needs to know of the model: its kind and tasks, asked of an executor's instance. */
    record ModelFacts(String kind, Set<Task> tasks) implements java.io.Serializable {
        static ModelFacts probe(SparkSession spark, ModelRecipe recipe) {
            return new JavaSparkContext(spark.sparkContext())
                    .parallelize(List.of(0), 1)
                    .map(x -> {
                        RewardModel m = ExecutorModels.get(recipe);
                        Set<Task> tasks = EnumSet.noneOf(Task.class);
                        tasks.addAll(m.supportedTasks());
                        return new ModelFacts(m.kind().id(), tasks);
                    })
                    .collect()
                    .get(0);
        }
    }
}
