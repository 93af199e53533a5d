package org.omnireward.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.omnireward.bench.results.Setting;
import org.omnireward.spark.ScoreInput.Format;

/**
 * The rows a {@code spark score} run evaluates, planned in one Spark action: the input spread over
 * the partitions by key (the only shuffle of the input), the first row of each key by position
 * (later rows of a key are left out, as {@code bench run} uses only the first record of a repeated
 * id), minus the keys an earlier run wrote (a left anti-join on the key), kept in memory (spilled to
 * disk) for the scoring job. The counts the run reports come from the same pass (accumulators), so a
 * run costs this action and the scoring job and no other Spark job (see {@code SparkScoreJobsTest}).
 *
 * @param todo the rows to evaluate, persisted; {@link #release()} when done
 * @param inputRows rows read
 * @param uniqueRows distinct keys among them
 * @param todoRows rows in {@code todo}
 * @param partitions the partitions of {@code todo}
 */
record ScorePlan(Dataset<Row> todo, long inputRows, long uniqueRows, long todoRows, int partitions) {

    private static final String RANK = "_omni_rank";

    /** Rows left out because an earlier row has the same key. */
    long duplicates() {
        return inputRows - uniqueRows;
    }

    /** Rows whose key an earlier run wrote. */
    long alreadyDone() {
        return uniqueRows - todoRows;
    }

    /**
     * Plans the run: reads {@code in}, leaves out repeated keys and the keys of {@code existing}
     * prediction files in {@code setting}, spreads the rest over {@code partitions} and counts.
     */
    static ScorePlan of(
            SparkSession spark, String in, Format format, List<String> existing, Setting setting, int partitions) {
        FirstOfKey first = new FirstOfKey(spark.sparkContext());
        Dataset<Row> todo = ScoreInput.read(spark, in, format)
                .repartition(partitions, col(ScoreInput.KEY))
                // the window's partitioning is the repartition's: no second shuffle
                .withColumn(
                        RANK,
                        row_number().over(Window.partitionBy(ScoreInput.KEY).orderBy(ScoreInput.INDEX)))
                .filter(first)
                .drop(RANK);
        if (!existing.isEmpty()) {
            // no distinct(): a left anti-join keeps the rows with no match, however many there are
            Dataset<Row> done = spark.read()
                    .schema(PredictionParquet.SCHEMA)
                    .parquet(existing.toArray(new String[0]))
                    .filter(col("setting").equalTo(setting.wireName()))
                    .select(col("id").as("_omni_done"));
            todo = todo.join(done, todo.col(ScoreInput.KEY).equalTo(done.col("_omni_done")), "left_anti");
        }
        todo = todo.persist(StorageLevel.MEMORY_AND_DISK());
        // one job over the persisted rows (a Dataset count adds two under adaptive execution); the filter
        // counts the input as the rows are made
        long todoRows = todo.javaRDD().count();
        return new ScorePlan(todo, first.rows.value(), first.keys.value(), todoRows, partitions);
    }

    /**
     * Keeps the first row of each key and counts rows and keys on the way. It runs in the stage that
     * makes the persisted rows, whose tasks are result tasks: Spark adds each partition's counts once,
     * however often a task is retried.
     */
    private static final class FirstOfKey implements FilterFunction<Row> {
        private final LongAccumulator rows;
        private final LongAccumulator keys;

        FirstOfKey(SparkContext sc) {
            this.rows = sc.longAccumulator("omni-reward input rows");
            this.keys = sc.longAccumulator("omni-reward input keys");
        }

        @Override
        public boolean call(Row row) {
            rows.add(1);
            if (row.getInt(row.length() - 1) != 1) { // RANK, the last column
                return false;
            }
            keys.add(1);
            return true;
        }
    }

    /** Drops the persisted rows. */
    void release() {
        todo.unpersist();
    }
}
