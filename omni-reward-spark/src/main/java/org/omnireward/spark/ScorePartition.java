package org.omnireward.spark;

import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;
import org.omnireward.bench.results.Setting;
import org.omnireward.core.RewardModel;
import org.omnireward.data.benchmark.LoadedEntry;

/**
 * One partition of {@code spark score}: rows to samples ({@link UnifiedRows}), through the executor's
 * model ({@link ExecutorModels}, {@link PartitionWork}), into the partition's prediction file
 * ({@link PartitionOutput}), committed when the partition is complete.
 */
final class ScorePartition implements ForeachPartitionFunction<Row> {

    private final JobSettings job;
    private final Setting setting;
    private final boolean jsonLines;
    private final String outDir;
    private final String runId;
    private final LongAccumulator progress;
    private final LongAccumulator written;
    private final LongAccumulator failed;

    ScorePartition(
            JobSettings job,
            Setting setting,
            boolean jsonLines,
            String outDir,
            String runId,
            LongAccumulator progress,
            LongAccumulator written,
            LongAccumulator failed) {
        this.job = job;
        this.setting = setting;
        this.jsonLines = jsonLines;
        this.outDir = outDir;
        this.runId = runId;
        this.progress = progress;
        this.written = written;
        this.failed = failed;
    }

    @Override
    public void call(Iterator<Row> rows) throws Exception {
        if (!rows.hasNext()) {
            return;
        }
        TaskContext ctx = TaskContext.get();
        Configuration conf = HadoopConf.current();
        RewardModel model = ExecutorModels.get(job.model());
        UnifiedRows parser = new UnifiedRows(conf);
        Path out = new Path(outDir);
        try (PartitionOutput output = new PartitionOutput(out, conf);
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
            while (rows.hasNext()) {
                work.add(entry(parser, rows.next()), List.of(setting));
            }
            work.finish();
            if (ctx != null && ctx.isInterrupted()) {
                return; // killed (job cancelled, speculative copy): another attempt or a rerun writes this partition
            }
            String name = String.format("part-%s-%05d.parquet", runId, ctx == null ? 0 : ctx.partitionId());
            if (output.commit(new Path(out, name))) {
                written.add(output.lines());
                failed.add(output.failed());
            }
        }
    }

    private LoadedEntry entry(UnifiedRows parser, Row row) {
        String file = row.getString(row.fieldIndex(ScoreInput.FILE));
        String key = row.getString(row.fieldIndex(ScoreInput.KEY));
        int index = (int) Math.min(Integer.MAX_VALUE, row.getLong(row.fieldIndex(ScoreInput.INDEX)));
        return jsonLines
                ? parser.fromJson(row.getString(row.fieldIndex("value")), file, key, index)
                : parser.fromRow(row, file, key, index);
    }
}
