package org.omnireward.bench.run;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.omnireward.bench.results.PredictionRecord;
import org.omnireward.bench.results.PredictionsFile;

/**
 * Appends lines to {@code predictions.jsonl}, each with one unbuffered write, so a kill leaves at
 * most one truncated last line. Opening drops such a line first, then reads what is left, so the
 * lines reported as existing are exactly the lines kept in the file.
 */
final class PredictionWriter implements AutoCloseable {

    private final Path file;
    private final List<PredictionRecord> existing;
    private final OutputStream out;

    private PredictionWriter(Path file, List<PredictionRecord> existing, OutputStream out) {
        this.file = file;
        this.existing = existing;
        this.out = out;
    }

    /** Opens {@code file} for appending, truncating an incomplete last line. */
    static PredictionWriter open(Path file) {
        try {
            if (Files.exists(file)) {
                long keep = PredictionsFile.completePrefixLength(file);
                if (keep < Files.size(file)) {
                    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                        ch.truncate(keep);
                    }
                }
            }
            List<PredictionRecord> existing = PredictionsFile.read(file);
            return new PredictionWriter(file, List.copyOf(existing), new FileOutputStream(file.toFile(), true));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file + " for appending", e);
        }
    }

    /** The complete lines the file held when it was opened. */
    List<PredictionRecord> existing() {
        return existing;
    }

    /** Appends one line with a single write. Not thread-safe: callers serialise. */
    void write(PredictionRecord record) {
        byte[] bytes = PredictionsFile.toLineBytes(record);
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file, e);
        }
    }
}
