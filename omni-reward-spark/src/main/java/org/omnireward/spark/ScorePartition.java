package org.omnireward.spark;

import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Row;
import org.omnireward.bench.results.Setting;
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
    private final PartitionCounters counters;

    ScorePartition(
            JobSettings job,
            Setting setting,
            boolean jsonLines,
            String outDir,
            String runId,
            PartitionCounters counters) {
        this.job = job;
        this.setting = setting;
        this.jsonLines = jsonLines;
        this.outDir = outDir;
        this.runId = runId;
        this.counters = counters;
    }

    @Override
    public void call(Iterator<Row> rows) throws Exception {
        if (!rows.hasNext()) {
            return;
        }
        TaskContext ctx = TaskContext.get();
        UnifiedRows parser = new UnifiedRows(HadoopConf.current());
        String name = String.format("part-%s-%05d.parquet", runId, ctx == null ? 0 : ctx.partitionId());
        PartitionWork.intoFile(job, counters, outDir, name, work -> {
            while (rows.hasNext()) {
                work.add(entry(parser, rows.next()), List.of(setting));
            }
        });
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
