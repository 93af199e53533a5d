package org.omnireward.data;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.MediaRef;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.Response;
import org.omnireward.core.util.Json;

/**
 * Writes pairs as the unified preference JSONL, schema version {@value UnifiedJsonlReader#SCHEMA_VERSION}
 * (docs/preference-format.md), one object per line in a fixed field order, UTF-8, {@code \n} line
 * ends. A text response is a string; a media response, and every input media item, is an object
 * {@code {"type": "image", "path": "media/x.jpg"}} with the path relative to the file's folder; media
 * outside that folder or held only in memory cannot be written and are refused.
 * {@link UnifiedJsonlReader} reads back exactly what this writes.
 */
public final class UnifiedJsonlWriter implements Closeable {

    private final Path file;
    private final Path root;
    private final BufferedWriter out;
    private long written;

    private UnifiedJsonlWriter(Path file) throws IOException {
        this.file = file;
        this.root = file.toAbsolutePath().normalize().getParent();
        Files.createDirectories(root);
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    /** Creates (or replaces) {@code file}. */
    public static UnifiedJsonlWriter create(Path file) {
        try {
            return new UnifiedJsonlWriter(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes all pairs to {@code file} (replacing it); returns how many. */
    public static long writeAll(Path file, Iterable<PreferencePair> pairs) {
        try (UnifiedJsonlWriter w = create(file)) {
            for (PreferencePair p : pairs) {
                w.write(p);
            }
            return w.written();
        }
    }

    /** Appends one pair as one line. */
    public void write(PreferencePair pair) {
        write(UnifiedRecord.of(pair));
    }

    /** Appends one record (pair, provenance, split) as one line. */
    public void write(UnifiedRecord record) {
        PreferencePair pair = record.pair();
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("id", pair.id());
        o.put("task", pair.task().id());
        o.put("group", pair.group());
        o.put("criteria", pair.criteria());
        o.put("prompt", pair.prompt());
        response(o, "chosen", pair, pair.chosen());
        response(o, "rejected", pair, pair.rejected());
        o.put("tie", pair.tie());
        o.put("source", pair.source());
        if (!pair.inputs().isEmpty()) {
            ArrayNode in = o.putArray("input_media");
            for (MediaRef m : pair.inputs()) {
                media(in.addObject(), pair, m, "input");
            }
        }
        if (record.provenance() != null) {
            o.set("provenance", record.provenance());
        }
        if (record.split() != null) {
            o.put("split", record.split());
        }
        o.put("schema_version", UnifiedJsonlReader.SCHEMA_VERSION);
        try {
            out.write(Json.mapper().writeValueAsString(o));
            out.write('\n');
            written++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The folder media paths are written relative to (the file's folder). */
    public Path root() {
        return root;
    }

    /** Pairs written so far. */
    public long written() {
        return written;
    }

    private void response(ObjectNode o, String field, PreferencePair pair, Response r) {
        if (r.isText() != pair.task().hasTextResponses()) {
            throw new InvalidInputException("pair " + pair.id() + ": the " + field + " response of a " + pair.task().id()
                    + " pair must be " + pair.task().responseModality().wireName() + ", not "
                    + r.modality().wireName());
        }
        if (r.isText()) {
            o.put(field, r.requireText());
        } else {
            media(o.putObject(field), pair, r.media().orElseThrow(), field);
        }
    }

    private void media(ObjectNode o, PreferencePair pair, MediaRef m, String which) {
        o.put("type", m.modality().wireName());
        o.put("path", relative(pair, m, which));
    }

    private String relative(PreferencePair pair, MediaRef m, String which) {
        Path p = m.path().orElseThrow(() -> new InvalidInputException("pair " + pair.id() + ": " + which
                + " media held in memory cannot be written to " + file + "; save it as a file first"));
        Path abs = p.toAbsolutePath().normalize();
        if (!abs.startsWith(root)) {
            throw new InvalidInputException("pair " + pair.id() + ": " + which + " media " + abs
                    + " is outside the folder of " + file + "; media paths are written relative to it");
        }
        return root.relativize(abs).toString().replace('\\', '/');
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
