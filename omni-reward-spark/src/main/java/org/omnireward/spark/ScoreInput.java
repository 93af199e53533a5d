package org.omnireward.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.omnireward.core.InvalidInputException;

/**
 * The rows {@code spark score} reads: unified JSONL (one JSON object per line, {@code .gz} too) or
 * Parquet whose columns are the unified keys, from files or folders on any Hadoop file system. Each
 * row gets its file ({@value #FILE}, media paths resolve beside it), its 0-based position in the
 * input as read ({@value #INDEX}, the {@code index} of its lines) and its key ({@value #KEY}: the
 * {@code id}, or {@code <file name>#<position + 1>} for a row without one).
 */
final class ScoreInput {

    static final String FILE = "_omni_file";
    static final String INDEX = "_omni_index";
    static final String KEY = "_omni_key";

    /** The input formats. */
    enum Format {
        JSONL,
        PARQUET;

        static Format parse(String s) {
            return switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "jsonl", "json" -> JSONL;
                case "parquet" -> PARQUET;
                default -> throw new InvalidInputException("unknown --format '" + s + "'; expected jsonl or parquet");
            };
        }
    }

    private ScoreInput() {}

    /** The format of {@code path}: by extension, or for a folder by the files in it. */
    static Format detect(String path, Configuration conf) {
        Path p = new Path(path);
        try {
            FileSystem fs = p.getFileSystem(conf);
            if (!fs.exists(p)) {
                throw new InvalidInputException("--in " + path + " does not exist");
            }
            if (fs.getFileStatus(p).isDirectory()) {
                for (FileStatus st : fs.listStatus(p)) {
                    Format f = byName(st.getPath().getName());
                    if (f != null) {
                        return f;
                    }
                }
                throw new InvalidInputException("--in " + path + " holds no .parquet, .jsonl or .json file; "
                        + "name the format with --format jsonl|parquet");
            }
            Format f = byName(p.getName());
            if (f == null) {
                throw new InvalidInputException("cannot tell the format of --in " + path
                        + " from its name (expected .parquet, .jsonl, .json or .jsonl.gz); use --format jsonl|parquet");
            }
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read --in " + path + ": " + e.getMessage(), e);
        }
    }

    private static Format byName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.startsWith("_") || n.startsWith(".")) {
            return null;
        }
        if (n.endsWith(".parquet")) {
            return Format.PARQUET;
        }
        if (n.endsWith(".jsonl") || n.endsWith(".json") || n.endsWith(".jsonl.gz") || n.endsWith(".json.gz")) {
            return Format.JSONL;
        }
        return null;
    }

    /** The input rows with file, index and key columns. */
    static Dataset<Row> read(SparkSession spark, String path, Format format) {
        Dataset<Row> raw = format == Format.JSONL
                ? spark.read().text(path).filter(trim(col("value")).notEqual(lit("")))
                : spark.read().parquet(path);
        raw = raw.withColumn(FILE, col("_metadata.file_path"));
        Column id = format == Format.JSONL ? get_json_object(col("value"), "$.id") : idColumn(raw);
        return keyed(withIndex(spark, raw), id);
    }

    /** {@code rows} with a key column from {@code id}, or the file name and position when blank. */
    static Dataset<Row> keyed(Dataset<Row> rows, Column id) {
        Column fallback = concat(
                element_at(split(col(FILE), "/"), -1),
                lit("#"),
                col(INDEX).plus(1).cast(DataTypes.StringType));
        return rows.withColumn(
                KEY,
                when(id.isNull().or(trim(id.cast(DataTypes.StringType)).equalTo("")), fallback)
                        .otherwise(id.cast(DataTypes.StringType)));
    }

    private static Column idColumn(Dataset<Row> raw) {
        for (String c : raw.columns()) {
            if (c.equals("id")) {
                return col("id");
            }
        }
        return lit(null).cast(DataTypes.StringType);
    }

    /** {@code rows} with their 0-based position as read ({@value #INDEX}). */
    static Dataset<Row> withIndex(SparkSession spark, Dataset<Row> rows) {
        StructType schema = rows.schema().add(INDEX, DataTypes.LongType, false);
        JavaRDD<Row> indexed = rows.javaRDD().zipWithIndex().map(t -> {
            Row r = t._1();
            Object[] values = new Object[r.length() + 1];
            for (int i = 0; i < r.length(); i++) {
                values[i] = r.get(i);
            }
            values[r.length()] = t._2();
            return RowFactory.create(values);
        });
        return spark.createDataFrame(indexed, schema);
    }

    /** The prediction files of an output folder ({@code part-*.parquet}; hidden ones skipped). */
    static List<String> predictionFiles(String outDir, Configuration conf) {
        Path p = new Path(outDir);
        List<String> out = new ArrayList<>();
        try {
            FileSystem fs = p.getFileSystem(conf);
            if (!fs.exists(p)) {
                return out;
            }
            for (FileStatus st : fs.listStatus(p)) {
                String n = st.getPath().getName();
                if (st.isFile() && n.startsWith("part-") && n.endsWith(".parquet")) {
                    out.add(st.getPath().toString());
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list --out " + outDir + ": " + e.getMessage(), e);
        }
    }
}
