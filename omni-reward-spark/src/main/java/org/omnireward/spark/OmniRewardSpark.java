package org.omnireward.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.omnireward.bench.results.PredictionRecord;
import org.omnireward.bench.results.Setting;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.RewardModel;
import org.omnireward.data.benchmark.LoadedEntry;

/**
 * The Java/Scala API: a {@code Dataset<Row>} of preference pairs in the unified schema (columns
 * {@code id, task, criteria, prompt, chosen, rejected}, optional {@code tie, input_media,
 * chosen_media, rejected_media}; see {@link UnifiedRows}) in, the same rows with the model's answer
 * appended as the {@code predictions.jsonl} columns ({@link #RESULT_COLUMNS}) out. Lazy, like any
 * transformation; each executor creates the model once ({@link ExecutorModels}). Scalar models give
 * {@code scores = [reward of chosen, reward of rejected]}, judges a {@code prediction}; a row that
 * cannot be evaluated gets {@code failed}, {@code error} and {@code error_kind} instead of failing the job.
 *
 * <pre>{@code
 * Dataset<Row> scored = OmniRewardSpark.score(pairs, OmniRewardSpark.options(spark, "embedded"));
 * }</pre>
 */
public final class OmniRewardSpark {

    /** The columns appended to each row: the fields of a predictions line but its id, task and index. */
    public static final List<String> RESULT_COLUMNS = List.of(
            "setting",
            "label",
            "prediction",
            "swapped",
            "scores",
            "failed",
            "invalid",
            "error",
            "error_kind",
            "finish_reason",
            "attempts",
            "latency_ms",
            "rationale",
            "raw_output",
            "input_tokens",
            "output_tokens",
            "swap_consistent");

    /**
     * How to score.
     *
     * @param job the model recipe and how to call it
     * @param setting {@code NO_TIES}, or {@code TIES} (a judge may answer tie)
     * @param mediaRoot the folder media paths in the rows are relative to (any Hadoop file system)
     */
    public record Options(JobSettings job, Setting setting, String mediaRoot) implements Serializable {}

    private OmniRewardSpark() {}

    /**
     * Options for {@code model} in {@code spark}'s application: no ties, seed 0, five attempts, four
     * calls in flight per partition, media relative to the working folder.
     */
    public static Options options(org.apache.spark.sql.SparkSession spark, String model) {
        return options(spark, model, Map.of());
    }

    /** {@link #options(org.apache.spark.sql.SparkSession, String)} with model options. */
    public static Options options(
            org.apache.spark.sql.SparkSession spark, String model, Map<String, String> modelOptions) {
        return new Options(
                new JobSettings(SparkJobs.recipe(spark, model, modelOptions), 0L, 5, false, 4),
                Setting.NO_TIES,
                new java.io.File(".")
                        .getAbsoluteFile()
                        .toPath()
                        .normalize()
                        .toUri()
                        .toString());
    }

    /** {@code pairs} with the model's answer for each row appended. */
    public static Dataset<Row> score(Dataset<Row> pairs, Options options) {
        StructType in = pairs.schema();
        Set<String> names = new HashSet<>(List.of(in.fieldNames()));
        StructType out = in;
        for (StructField f : PredictionParquet.SCHEMA.fields()) {
            if (RESULT_COLUMNS.contains(f.name())) {
                if (names.contains(f.name())) {
                    throw new InvalidInputException("the input already has a column '" + f.name()
                            + "', which the result would add; rename or drop it first");
                }
                out = out.add(f);
            }
        }
        return pairs.mapPartitions(new Scorer(options), Encoders.row(out));
    }

    /** Scores one partition, a slice of rows at a time, keeping the rows' order. */
    private static final class Scorer implements MapPartitionsFunction<Row, Row> {
        private final Options options;

        Scorer(Options options) {
            this.options = options;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            return new ScoredRows(rows, options);
        }

        private static Row joined(Row input, PredictionRecord line) {
            Object[] all = PredictionParquet.values(line);
            Object[] values = new Object[input.length() + RESULT_COLUMNS.size()];
            for (int i = 0; i < input.length(); i++) {
                values[i] = input.get(i);
            }
            int j = input.length();
            for (int i = 0; i < PredictionParquet.SCHEMA.fields().length; i++) {
                if (RESULT_COLUMNS.contains(PredictionParquet.SCHEMA.fields()[i].name())) {
                    values[j++] = all[i];
                }
            }
            return RowFactory.create(values);
        }
    }

    /** The rows of one partition with their answers appended, scored a slice at a time, in order. */
    private static final class ScoredRows implements Iterator<Row> {
        private final Iterator<Row> rows;
        private final Options options;
        private final List<Row> ready = new ArrayList<>();
        private int next;
        private long position;

        ScoredRows(Iterator<Row> rows, Options options) {
            this.rows = rows;
            this.options = options;
        }

        @Override
        public boolean hasNext() {
            if (next < ready.size()) {
                return true;
            }
            ready.clear();
            next = 0;
            if (rows.hasNext()) {
                fill();
            }
            return next < ready.size();
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            return ready.get(next++);
        }

        /**
         * Rows read for one round of model calls, as samples; the first {@code together} are evaluated
         * at once, a last one whose id repeats one of them alone, so each line maps to its own row.
         */
        private record Slice(List<Row> inputs, List<LoadedEntry> entries, int together) {}

        /** Reads the next slice, scores it and makes its rows ready. */
        private void fill() {
            TaskContext ctx = TaskContext.get();
            RewardModel model = ExecutorModels.get(options.job().model());
            Slice slice = readSlice(ctx == null ? 0 : ctx.partitionId());
            try {
                int together = slice.together();
                Map<String, PredictionRecord> lines = evaluate(
                        model,
                        slice.entries().subList(0, together),
                        options.job().concurrency(),
                        ctx);
                for (int i = 0; i < together; i++) {
                    ready.add(Scorer.joined(
                            slice.inputs().get(i),
                            lines.get(slice.entries().get(i).id())));
                }
                if (together < slice.inputs().size()) {
                    // evaluated alone: its id repeats one of this slice
                    LoadedEntry repeat = slice.entries().get(together);
                    Map<String, PredictionRecord> alone = evaluate(model, List.of(repeat), 1, ctx);
                    ready.add(Scorer.joined(slice.inputs().get(together), alone.get(repeat.id())));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }

        /** Up to 64 rows per call in flight, as samples; stops after the first row whose id repeats. */
        private Slice readSlice(int partition) {
            UnifiedRows parser = new UnifiedRows(HadoopConf.current());
            String file = options.mediaRoot().endsWith("/")
                    ? options.mediaRoot() + "dataset"
                    : options.mediaRoot() + "/dataset";
            int size = 64 * options.job().concurrency();
            List<Row> inputs = new ArrayList<>();
            List<LoadedEntry> entries = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            while (rows.hasNext() && inputs.size() < size) {
                Row row = rows.next();
                String key = "row-" + partition + "-" + position;
                LoadedEntry e = parser.fromRow(row, file, key, (int) Math.min(Integer.MAX_VALUE, position));
                position++;
                inputs.add(row);
                entries.add(e);
                if (!ids.add(e.id())) {
                    break; // a repeated id waits for the next slice, so each line maps to its own row
                }
            }
            return new Slice(inputs, entries, ids.size() < entries.size() ? entries.size() - 1 : entries.size());
        }

        /** The lines of {@code entries} by id, {@code concurrency} calls at once. */
        private Map<String, PredictionRecord> evaluate(
                RewardModel model, List<LoadedEntry> entries, int concurrency, TaskContext ctx)
                throws InterruptedException {
            Map<String, PredictionRecord> lines = new HashMap<>();
            try (PartitionWork work = new PartitionWork(
                    model,
                    options.job().seed(),
                    options.job().retryPolicy(),
                    concurrency,
                    (task, line) -> {
                        synchronized (lines) {
                            lines.put(line.id(), line);
                        }
                    },
                    () -> ctx != null && ctx.isInterrupted())) {
                for (LoadedEntry e : entries) {
                    work.add(e, List.of(options.setting()));
                }
                work.finish();
            }
            return lines;
        }
    }
}
