package org.omnireward.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.omnireward.bench.results.PredictionRecord;

/**
 * Prediction lines as Parquet: the fields of {@code predictions.jsonl} (docs/results-format.md), in
 * its order, as columns. Written by executors one file per partition ({@link #writer}), read back by
 * Spark ({@link #SCHEMA}, {@link #fromRow}).
 */
public final class PredictionParquet {

    /** The Parquet schema of a prediction file. */
    static final MessageType PARQUET = MessageTypeParser.parseMessageType("message prediction {\n"
            + "  required binary id (STRING);\n"
            + "  required binary task (STRING);\n"
            + "  required binary setting (STRING);\n"
            + "  required int32 index;\n"
            + "  optional binary label (STRING);\n"
            + "  optional binary prediction (STRING);\n"
            + "  optional boolean swapped;\n"
            + "  optional group scores (LIST) { repeated group list { required double element; } }\n"
            + "  required boolean failed;\n"
            + "  required boolean invalid;\n"
            + "  optional binary error (STRING);\n"
            + "  optional binary error_kind (STRING);\n"
            + "  optional binary finish_reason (STRING);\n"
            + "  required int32 attempts;\n"
            + "  required int64 latency_ms;\n"
            + "  optional binary rationale (STRING);\n"
            + "  optional binary raw_output (STRING);\n"
            + "  optional int64 input_tokens;\n"
            + "  optional int64 output_tokens;\n"
            + "  optional boolean swap_consistent;\n"
            + "}");

    /** The same columns as Spark sees them. */
    public static final StructType SCHEMA = new StructType(new StructField[] {
        DataTypes.createStructField("id", DataTypes.StringType, false),
        DataTypes.createStructField("task", DataTypes.StringType, false),
        DataTypes.createStructField("setting", DataTypes.StringType, false),
        DataTypes.createStructField("index", DataTypes.IntegerType, false),
        DataTypes.createStructField("label", DataTypes.StringType, true),
        DataTypes.createStructField("prediction", DataTypes.StringType, true),
        DataTypes.createStructField("swapped", DataTypes.BooleanType, true),
        DataTypes.createStructField("scores", DataTypes.createArrayType(DataTypes.DoubleType, false), true),
        DataTypes.createStructField("failed", DataTypes.BooleanType, false),
        DataTypes.createStructField("invalid", DataTypes.BooleanType, false),
        DataTypes.createStructField("error", DataTypes.StringType, true),
        DataTypes.createStructField("error_kind", DataTypes.StringType, true),
        DataTypes.createStructField("finish_reason", DataTypes.StringType, true),
        DataTypes.createStructField("attempts", DataTypes.IntegerType, false),
        DataTypes.createStructField("latency_ms", DataTypes.LongType, false),
        DataTypes.createStructField("rationale", DataTypes.StringType, true),
        DataTypes.createStructField("raw_output", DataTypes.StringType, true),
        DataTypes.createStructField("input_tokens", DataTypes.LongType, true),
        DataTypes.createStructField("output_tokens", DataTypes.LongType, true),
        DataTypes.createStructField("swap_consistent", DataTypes.BooleanType, true)
    });

    private PredictionParquet() {}

    /** Opens a writer of prediction lines to {@code file} (replaced when it exists). */
    static ParquetWriter<Group> writer(Path file, Configuration conf) throws IOException {
        return ExampleParquetWriter.builder(file)
                .withConf(conf)
                .withType(PARQUET)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withRowGroupSize(16L * 1024 * 1024)
                .build();
    }

    /** The Parquet record of one line. */
    static Group toGroup(SimpleGroupFactory factory, PredictionRecord r) {
        Group g = factory.newGroup();
        g.append("id", r.id()).append("task", r.task()).append("setting", r.setting());
        g.append("index", r.index());
        optional(g, "label", r.label());
        optional(g, "prediction", r.prediction());
        if (r.swapped() != null) {
            g.append("swapped", r.swapped());
        }
        if (r.scores() != null) {
            Group scores = g.addGroup("scores");
            for (Double d : r.scores()) {
                scores.addGroup("list").append("element", d);
            }
        }
        g.append("failed", r.failed()).append("invalid", r.invalid());
        optional(g, "error", r.error());
        optional(g, "error_kind", r.errorKind());
        optional(g, "finish_reason", r.finishReason());
        g.append("attempts", r.attempts()).append("latency_ms", r.latencyMs());
        optional(g, "rationale", r.rationale());
        optional(g, "raw_output", r.rawOutput());
        if (r.inputTokens() != null) {
            g.append("input_tokens", r.inputTokens());
        }
        if (r.outputTokens() != null) {
            g.append("output_tokens", r.outputTokens());
        }
        if (r.swapConsistent() != null) {
            g.append("swap_consistent", r.swapConsistent());
        }
        return g;
    }

    private static void optional(Group g, String field, String value) {
        if (value != null) {
            g.append(field, value);
        }
    }

    /** A factory of records of {@link #PARQUET}. */
    static SimpleGroupFactory factory() {
        return new SimpleGroupFactory(PARQUET);
    }

    /** The line a row of {@link #SCHEMA} holds. */
    public static PredictionRecord fromRow(Row row) {
        List<Double> scores = null;
        if (!row.isNullAt(row.fieldIndex("scores"))) {
            scores = new ArrayList<>(row.<Double>getList(row.fieldIndex("scores")));
        }
        return new PredictionRecord(
                row.getString(row.fieldIndex("id")),
                row.getString(row.fieldIndex("task")),
                row.getString(row.fieldIndex("setting")),
                row.getInt(row.fieldIndex("index")),
                string(row, "label"),
                string(row, "prediction"),
                bool(row, "swapped"),
                scores,
                row.getBoolean(row.fieldIndex("failed")),
                row.getBoolean(row.fieldIndex("invalid")),
                string(row, "error"),
                row.getInt(row.fieldIndex("attempts")),
                row.getLong(row.fieldIndex("latency_ms")),
                string(row, "rationale"),
                string(row, "raw_output"),
                longValue(row, "input_tokens"),
                longValue(row, "output_tokens"),
                bool(row, "swap_consistent"),
                string(row, "error_kind"),
                string(row, "finish_reason"));
    }

    /** The values of a line in {@link #SCHEMA} order (for rows built in memory). */
    static Object[] values(PredictionRecord r) {
        return new Object[] {
            r.id(),
            r.task(),
            r.setting(),
            r.index(),
            r.label(),
            r.prediction(),
            r.swapped(),
            r.scores() == null
                    ? null
                    : scala.jdk.javaapi.CollectionConverters.asScala(r.scores()).toSeq(),
            r.failed(),
            r.invalid(),
            r.error(),
            r.errorKind(),
            r.finishReason(),
            r.attempts(),
            r.latencyMs(),
            r.rationale(),
            r.rawOutput(),
            r.inputTokens(),
            r.outputTokens(),
            r.swapConsistent()
        };
    }

    private static String string(Row row, String field) {
        int i = row.fieldIndex(field);
        return row.isNullAt(i) ? null : row.getString(i);
    }

    private static Boolean bool(Row row, String field) {
        int i = row.fieldIndex(field);
        return row.isNullAt(i) ? null : row.getBoolean(i);
    }

    private static Long longValue(Row row, String field) {
        int i = row.fieldIndex(field);
        return row.isNullAt(i) ? null : row.getLong(i);
    }

    /** Wraps an I/O failure of a prediction file. */
    static UncheckedIOException failure(String what, Path file, IOException e) {
        return new UncheckedIOException("cannot " + what + " " + file + ": " + e.getMessage(), e);
    }
}
