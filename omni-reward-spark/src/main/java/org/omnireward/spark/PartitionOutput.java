package org.omnireward.spark;

import java.io.IOException;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.omnireward.bench.results.PredictionRecord;
import org.omnireward.bench.run.SampleEvaluator;
import org.omnireward.core.Task;

/**
 * One partition's prediction file. Lines are streamed into a hidden temporary file ({@code _tmp/} of
 * the output folder, which Spark's readers skip) as they finish; {@link #commit} renames it to its
 * final name only once the partition is complete. A partition is thus in the output whole or not at
 * all: a killed job loses the partitions it had not finished, and a retried task attempt whose file
 * is already there discards its own, so every line is written exactly once. The file is opened with
 * the first line, so that opening it (the first time in a JVM: loading Parquet's writer) overlaps the
 * first model call instead of preceding it; a partition without lines leaves no file.
 */
final class PartitionOutput implements SampleEvaluator.LineSink, AutoCloseable {

    /** The hidden folder of unfinished partition files. */
    static final String TMP = "_tmp";

    private final FileSystem fs;
    private final Path tmp;
    private final Configuration conf;
    /** Opened with the first line. */
    private ParquetWriter<Group> writer;

    private final SimpleGroupFactory factory = PredictionParquet.factory();
    private long lines;
    private long failed;
    private boolean closed;

    PartitionOutput(Path outDir, Configuration conf) throws IOException {
        this.fs = outDir.getFileSystem(conf);
        this.tmp = new Path(new Path(outDir, TMP), UUID.randomUUID() + ".parquet");
        this.conf = conf;
    }

    @Override
    public synchronized void record(Task task, PredictionRecord line) {
        if (closed) {
            throw new IllegalStateException("partition file " + tmp + " is closed");
        }
        try {
            if (writer == null) {
                writer = PredictionParquet.writer(tmp, conf);
            }
            writer.write(PredictionParquet.toGroup(factory, line));
        } catch (IOException e) {
            throw PredictionParquet.failure("write", tmp, e);
        }
        lines++;
        if (line.failed()) {
            failed++;
        }
    }

    /** Lines written so far. */
    synchronized long lines() {
        return lines;
    }

    /** Failed lines written so far. */
    synchronized long failed() {
        return failed;
    }

    /**
     * Closes the file and moves it to {@code target} (an empty partition leaves no file).
     *
     * @return whether this attempt's file became the partition's (false: another attempt's was there)
     */
    synchronized boolean commit(Path target) throws IOException {
        closed = true;
        if (writer == null) {
            return false; // no line, no file
        }
        writer.close();
        if (fs.exists(target)) {
            fs.delete(tmp, false);
            return false;
        }
        if (!fs.rename(tmp, target)) {
            fs.delete(tmp, false);
            if (!fs.exists(target)) {
                throw new IOException("cannot move " + tmp + " to " + target);
            }
            return false;
        }
        return true;
    }

    /** Drops the unfinished file. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (writer == null) {
            return;
        }
        try {
            writer.close();
            fs.delete(tmp, false);
        } catch (IOException | RuntimeException e) {
            // best effort: an unfinished file under _tmp/ is never read and is removed by the next run
        }
    }
}
