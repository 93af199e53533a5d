package org.omnireward.data;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("file", r.file());
        o.put("record", r.record());
        o.put("field", r.field());
        o.put("reason", r.reason().key());
        o.put("detail", r.detail());
        try {
            out.write(Json.mapper().writeValueAsString(o));
            out.write('\n');
            written++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + part + ": " + e.getMessage(), e);
        }
    }

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
