package org.omnireward.spark;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.api.java.function.VoidFunction;
import org.omnireward.bench.results.Setting;
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
    private final PartitionCounters counters;

    BenchPartition(JobSettings job, Data data, String outDir, String runId, PartitionCounters counters) {
        this.job = job;
        this.data = data;
        this.outDir = outDir;
        this.runId = runId;
        this.counters = counters;
    }

    @Override
    public void call(Iterator<BenchChunk> chunks) throws Exception {
        while (chunks.hasNext()) {
            BenchChunk chunk = chunks.next();
            String name = String.format("part-%s-%05d.parquet", runId, chunk.number());
            try (BenchmarkSource source = data.open()) {
                if (!PartitionWork.intoFile(job, counters, outDir, name, work -> evaluate(source, chunk, work))) {
                    return; // killed: the remaining chunks are left to another attempt or a rerun
                }
            }
        }
    }

    /** Adds the chunk's records, read from the benchmark on this executor, to {@code work}. */
    private void evaluate(BenchmarkSource source, BenchChunk chunk, PartitionWork work) throws InterruptedException {
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
    }

    private static List<Setting> settings(List<String> names) {
        List<Setting> out = new ArrayList<>(names.size());
        for (String n : names) {
            out.add(Setting.parse(n));
        }
        return out;
    }
}
