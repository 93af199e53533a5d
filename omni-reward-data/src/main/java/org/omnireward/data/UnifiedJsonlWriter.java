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

/**
 * Writes pairs as the unified preference JSONL (docs/preference-format.md), one object per line in
 * a fixed field order, UTF-8, {@code \n} line ends. Media are written as paths relative to the
 * file's folder; media outside that folder or held only in memory cannot be written and are refused.
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
        ObjectNode o = JsonRecords.MAPPER.createObjectNode();
        o.put("id", pair.id());
        o.put("task", pair.task().id());
        o.put("group", pair.group());
        o.put("criteria", pair.criteria());
        o.put("prompt", pair.prompt());
        o.put("chosen", pair.chosen().text().orElse(""));
        o.put("rejected", pair.rejected().text().orElse(""));
        o.put("tie", pair.tie());
        o.put("source", pair.source());
        if (!pair.chosen().isText()) {
            o.put("chosen_media", relative(pair, pair.chosen(), "chosen"));
            o.put("rejected_media", relative(pair, pair.rejected(), "rejected"));
        }
        if (!pair.inputs().isEmpty()) {
            ArrayNode in = o.putArray("input_media");
            for (MediaRef m : pair.inputs()) {
                in.add(relative(pair, m, "input"));
            }
        }
        try {
            out.write(JsonRecords.MAPPER.writeValueAsString(o));
            out.write('\n');
            written++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Pairs written so far. */
    public long written() {
        return written;
    }

    private String relative(PreferencePair pair, Response r, String which) {
        return relative(pair, r.media().orElseThrow(() -> new InvalidInputException("pair " + pair.id() + ": the "
                + which + " response of a " + pair.task().id() + " pair must be media")), which);
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
