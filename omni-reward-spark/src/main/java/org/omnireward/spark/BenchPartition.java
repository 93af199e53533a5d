package org.omnireward.spark;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.VoidFunction;
import org.apache.spark.util.LongAccumulator;
import org.omnireward.bench.results.Setting;
import org.omnireward.core.RewardModel;
import org.omnireward.core.Task;
import org.omnireward.data.benchmark.BenchmarkFormat;
import org.omnireward.data.benchmark.BenchmarkLoader;
import org.omnireward.data.benchmark.BenchmarkSource;
import org.omnireward.data.benchmark.LoadOptions;
import org.omnireward.data.benchmark.LoadedEntry;

/**
 * One partition of {@code spark bench}: opens the benchmark with the same loader and options as
 * {@code bench run} (the folder must be readable at the same path on every executor), streams the
 * chunk's task and evaluates the chunk's records into the partition's prediction file.
 */
final class BenchPartition implements VoidFunction<Iterator<BenchChunk>> {

    /** The loader's options as plain values. */
    record Data(String dir, String format, String mediaRoot, String task, long seed) implements Serializable {
        static Data of(Path dir, LoadOptions o) {
            return new Data(
                    dir.toAbsolutePath().normalize().toString(),
                    o.format().map(BenchmarkFormat::cliName).orElse(null),
                    o.mediaRoot()
                            .map(p -> p.toAbsolutePath().normalize().toString())
                            .orElse(null),
                    o.task().map(Task::id).orElse(null),
                    o.seed());
        }

        LoadOptions options() {
            LoadOptions o = LoadOptions.defaults().withSeed(seed);
            if (format != null) {
                o = o.withFormat(BenchmarkFormat.parse(format));
            }
            if (mediaRoot != null) {
                o = o.withMediaRoot(Path.of(mediaRoot));
            }
            if (task != null) {
                o = o.withTask(Task.parse(task));
            }
            return o;
        }

        BenchmarkSource open() {
            return BenchmarkLoader.open(Path.of(dir), options());
        }
    }

    private final JobSettings job;
    private final Data data;
    private final String outDir;
    private final String runId;
    private final LongAccumulator progress;
    private final LongAccumulator written;
    private final LongAccumulator failed;

    BenchPartition(
            JobSettings job,
            Data data,
            String outDir,
            String runId,
            LongAccumulator progress,
            LongAccumulator written,
            LongAccumulator failed) {
        this.job = job;
        this.data = data;
        this.outDir = outDir;
        this.runId = runId;
        this.progress = progress;
        this.written = written;
        this.failed = failed;
    }

    @Override
    public void call(Iterator<BenchChunk> chunks) throws Exception {
        TaskContext ctx = TaskContext.get();
        Configuration conf = HadoopConf.current();
        RewardModel model = ExecutorModels.get(job.model());
        org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(outDir);
        while (chunks.hasNext()) {
            BenchChunk chunk = chunks.next();
            try (BenchmarkSource source = data.open();
                    PartitionOutput output = new PartitionOutput(out, conf);
                    PartitionWork work = new PartitionWork(
                            model,
                            job.seed(),
                            job.retryPolicy(),
                            job.concurrency(),
                            (task, line) -> {
                                output.record(task, line);
                                progress.add(1);
                            },
                            () -> ctx != null && ctx.isInterrupted())) {
                Task task = Task.parse(chunk.task());
                int next = 0;
                try (Stream<LoadedEntry> stream = source.entries(task)) {
                    Iterator<LoadedEntry> it = stream.iterator();
                    while (next < chunk.indexes().length && it.hasNext()) {
                        LoadedEntry e = it.next();
                        if (e.index() == chunk.indexes()[next]) {
                            work.add(e, settings(chunk.settings().get(next)));
                            next++;
                        }
                    }
                }
                if (next < chunk.indexes().length) {
                    throw new IllegalStateException("task " + task.id() + " of " + data.dir()
                            + " has no record at position "
                            + chunk.indexes()[next] + " on this executor; the benchmark changed during the run, or "
                            + "the folder differs between the driver and the executors");
                }
                work.finish();
                if (ctx != null && ctx.isInterrupted()) {
                    return; // killed (job cancelled, speculative copy): another attempt or a rerun writes this
                    // partition
                }
                String name = String.format("part-%s-%05d.parquet", runId, chunk.number());
                if (output.commit(new org.apache.hadoop.fs.Path(out, name))) {
                    written.add(output.lines());
                    failed.add(output.failed());
                }
            }
        }
    }

    private static List<Setting> settings(List<String> names) {
        List<Setting> out = new ArrayList<>(names.size());
        for (String n : names) {
            out.add(Setting.parse(n));
        }
        return out;
    }
}
