package org.omnireward.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        String line = line(record, root, file.toString());
        try {
            out.write(line);
            out.write('\n');
            written++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The JSON line (without its line end) of {@code record} in a file whose folder is {@code root};
     * {@code target} names that file in messages. What {@link #write(UnifiedRecord)} writes.
     */
    public static String line(UnifiedRecord record, Path root, String target) {
        PreferencePair pair = record.pair();
        Path absRoot = root.toAbsolutePath().normalize();
        Object chosen = response("chosen", pair, pair.chosen(), absRoot, target);
        Object rejected = response("rejected", pair, pair.rejected(), absRoot, target);
        List<Media> inputs = null;
        if (!pair.inputs().isEmpty()) {
            inputs = new ArrayList<>();
            for (int i = 0; i < pair.inputs().size(); i++) {
                int turn = record.inputTurn(i);
                inputs.add(media(pair, pair.inputs().get(i), "input", absRoot, target, turn > 0 ? turn : null));
            }
        }
        Line line = new Line(
                pair.id(),
                pair.task().id(),
                pair.group(),
                pair.criteria(),
                pair.prompt(),
                chosen,
                rejected,
                pair.tie(),
                pair.source(),
                inputs,
                record.provenance(),
                record.split(),
                UnifiedJsonlReader.SCHEMA_VERSION);
        try {
            return Json.mapper().writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise pair " + pair.id(), e);
        }
    }

    /**
     * One line of the unified format; the field order is the key order, and the optional parts (input media,
     * provenance, split) are left out when absent.
     *
     * @param chosen the text, or a {@link Media} object
     * @param rejected the text, or a {@link Media} object
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private record Line(
            String id,
            String task,
            String group,
            String criteria,
            String prompt,
            Object chosen,
            Object rejected,
            boolean tie,
            String source,
            @JsonProperty("input_media") List<Media> inputMedia,
            JsonNode provenance,
            String split,
            @JsonProperty("schema_version") int schemaVersion) {}

    /**
     * A media item: its modality and path relative to the file's folder; an input medium also names its user turn
     * when that is not the first.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private record Media(String type, String path, Integer turn) {}

    /** The folder media paths are written relative to (the file's folder). */
    public Path root() {
        return root;
    }

    /** Pairs written so far. */
    public long written() {
        return written;
    }

    /** A response as written: its text, or its media item; refuses a response of the wrong modality. */
    private static Object response(String field, PreferencePair pair, Response r, Path root, String target) {
        if (r.isText() != pair.task().hasTextResponses()) {
            throw new InvalidInputException("pair " + pair.id() + ": the " + field + " response of a "
                    + pair.task().id()
                    + " pair must be " + pair.task().responseModality().wireName() + ", not "
                    + r.modality().wireName());
        }
        return r.isText() ? r.requireText() : media(pair, r.media().orElseThrow(), field, root, target, null);
    }

    private static Media media(PreferencePair pair, MediaRef m, String which, Path root, String target, Integer turn) {
        return new Media(m.modality().wireName(), relative(pair, m, which, root, target), turn);
    }

    private static String relative(PreferencePair pair, MediaRef m, String which, Path root, String target) {
        Path p = m.path()
                .orElseThrow(() -> new InvalidInputException("pair " + pair.id() + ": " + which
                        + " media held in memory cannot be written to " + target + "; save it as a file first"));
        Path abs = p.toAbsolutePath().normalize();
        if (!abs.startsWith(root)) {
            throw new InvalidInputException("pair " + pair.id() + ": " + which + " media " + abs
                    + " is outside the folder of " + target + "; media paths are written relative to it");
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
