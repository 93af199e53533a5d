package org.omnireward.data;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.omnireward.core.util.Json;

/**
 * The list of records a job could not use, one JSON object per line ({@code file, record, field,
 * reason, detail}). It is written beside its final name and appears there only when the job
 * {@link #commit commits} with at least one record in it; a failed job {@link #close closes} it
 * without committing and leaves nothing behind.
 */
public final class SkippedRecordFile implements Closeable {

    private final Path file;
    private final Path part;
    private final BufferedWriter out;
    private long written;
    private boolean closed;
    private boolean committed;

    public SkippedRecordFile(Path file) {
        this.file = file.toAbsolutePath().normalize();
        this.part = this.file.resolveSibling("." + this.file.getFileName() + ".part");
        try {
            Files.createDirectories(this.file.getParent());
            this.out = Files.newBufferedWriter(part, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + part + ": " + e.getMessage(), e);
        }
    }

    /** Appends one record. */
    public synchronized void write(SkippedRecord r) {
        Line line = new Line(r.file(), r.record(), r.field(), r.reason().key(), r.detail());
        try {
            out.write(Json.mapper().writeValueAsString(line));
            out.write('\n');
            written++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + part + ": " + e.getMessage(), e);
        }
    }

    /** One line of the file, in its key order; a missing field is written as {@code null}. */
    private record Line(String file, String record, String field, String reason, String detail) {}

    /** Records written. */
    public synchronized long written() {
        return written;
    }

    /**
     * Finishes the list: moves it to its name when it holds records (and returns that path), else removes
     * it and any older list of that name (and returns null).
     */
    public synchronized Path commit() {
        closeStream();
        committed = true;
        try {
            if (written == 0) {
                Files.deleteIfExists(part);
                Files.deleteIfExists(file);
                return null;
            }
            Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Closes the list; unless {@link #commit} ran, nothing of it stays. */
    @Override
    public synchronized void close() {
        closeStream();
        if (!committed) {
            try {
                Files.deleteIfExists(part);
            } catch (IOException e) {
                // best effort
            }
        }
    }

    private void closeStream() {
        if (!closed) {
            closed = true;
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + part + ": " + e.getMessage(), e);
            }
        }
    }
}
