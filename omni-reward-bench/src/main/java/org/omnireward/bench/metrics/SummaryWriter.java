package org.omnireward.bench.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.omnireward.core.util.Json;

/**
 * Writes {@code summary.json}: pretty-printed, keys in a fixed order, trailing newline. The file
 * is written to a temporary sibling and moved into place, so a reader never sees half a summary.
 */
public final class SummaryWriter {

    /** File name inside a run directory. */
    public static final String NAME = "summary.json";

    private SummaryWriter() {}

    /** The JSON text exactly as {@link #write} stores it. */
    public static String toJson(Summary summary) {
        try {
            return Json.pretty().writeValueAsString(summary) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the summary of model " + summary.model(), e);
        }
    }

    /** Writes {@code summary} to {@code file}, replacing it. */
    public static void write(Path file, Summary summary) {
        String json = toJson(summary);
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, json, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
