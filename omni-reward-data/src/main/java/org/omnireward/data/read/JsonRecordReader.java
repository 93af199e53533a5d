package org.omnireward.data.read;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.util.Json;
import org.omnireward.data.StrictUtf8Reader;

/**
 * The one streaming reader of JSON record files, used by the benchmark loaders and the training
 * readers alike: a file holding one JSON array of record objects, or JSON Lines (one object per
 * line, blank lines ignored). One record is in memory at a time.
 *
 * <p>Every item says where it is ({@link Position}: file, 1-based record, line). Problems never
 * throw: a record that is not an object, or a JSONL line that does not parse, is a non-fatal
 * {@link Problem} and reading goes on; broken array syntax, an unclosed array, content after it,
 * bytes that are not UTF-8 and I/O failures are a fatal {@link Problem}, after which the reader
 * yields nothing more. Callers decide how to report each (an invalid benchmark entry, a skipped
 * training record, an exception).
 *
 * <p>A file whose name ends in {@code .gz} is read through gzip; a gzip stream that ends early is a
 * fatal problem naming the last complete line.
 */
public final class JsonRecordReader implements Iterator<JsonRecordReader.Item>, AutoCloseable {

    /** How the records are laid out in the file. */
    public enum Shape {
        /** One JSON array of record objects. */
        ARRAY,
        /** One JSON object per line. */
        LINES;

        /** {@link #LINES} for a {@code .jsonl} name, else {@link #ARRAY}. */
        public static Shape byName(Path file) {
            String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
            return n.endsWith(".jsonl") || n.endsWith(".jsonl.gz") ? LINES : ARRAY;
        }
    }

    /**
     * Where an item is.
     *
     * @param record 1-based: the array element, or for JSON Lines the line number (so JSONL records
     *     and lines agree)
     * @param line the line the record (or the problem) is on, when known, else -1
     */
    public record Position(Path file, Shape shape, long record, long line) {

        /** 0-based array element (arrays) or the line number (JSON Lines). */
        public long index() {
            return shape == Shape.ARRAY ? record - 1 : record;
        }
    }

    /** One thing read from the file. */
    public sealed interface Item permits Record, Problem {
        /** Where it is. */
        Position position();
    }

    /** A record object. */
    public record Record(Position position, JsonNode node) implements Item {}

    /**
     * Something that is not a record: {@code message} says what, naming the file by its file name;
     * {@code fatal} when nothing more can be read from the file.
     */
    public record Problem(Position position, String message, boolean fatal) implements Item {}

    private final Path file;
    private final Shape shape;
    private final String name;
    private JsonParser parser;
    private BufferedReader lines;
    private boolean opened;
    private boolean done;
    private long record;
    private long line;
    private Item next;

    private JsonRecordReader(Path file, Shape shape) {
        this.file = file;
        this.shape = shape;
        this.name = file.getFileName().toString();
    }

    /** A reader of {@code file} laid out as {@code shape}. Nothing is read before the first {@link #hasNext()}. */
    public static JsonRecordReader open(Path file, Shape shape) {
        return new JsonRecordReader(file, shape);
    }

    /** A reader of {@code file} whose shape is {@linkplain #shapeOf detected} from its content. */
    public static JsonRecordReader open(Path file) {
        return new JsonRecordReader(file, shapeOf(file));
    }

    /** The file this reads. */
    public Path file() {
        return file;
    }

    /** The shape this reads. */
    public Shape shape() {
        return shape;
    }

    /**
     * {@link Shape#ARRAY} when the first non-blank character (after a UTF-8 byte order mark) is
     * {@code [}, else {@link Shape#LINES}.
     *
     * @throws InvalidInputException when the file is missing or cannot be read
     */
    public static Shape shapeOf(Path file) {
        try (InputStream in = openBytes(file)) {
            int c;
            boolean first = true;
            while ((c = in.read()) != -1) {
                if (first && c == 0xEF) { // UTF-8 byte order mark
                    in.skip(2);
                    first = false;
                    continue;
                }
                first = false;
                if (!Character.isWhitespace(c)) {
                    return c == '[' ? Shape.ARRAY : Shape.LINES;
                }
            }
            return Shape.LINES;
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("preference file not found: " + file);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The first item of the file that is a record or a problem, for format detection; empty when
     * the file holds no record at all.
     */
    public static Optional<Item> first(Path file) {
        try (JsonRecordReader r = open(file)) {
            return r.hasNext() ? Optional.of(r.next()) : Optional.empty();
        }
    }

    /** The file's bytes, decompressed when its name ends in {@code .gz}. */
    public static InputStream openBytes(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")) {
            return in;
        }
        try {
            return new java.util.zip.GZIPInputStream(in, 1 << 16);
        } catch (IOException e) {
            in.close();
            throw new IOException(
                    file.getFileName() + " is named .gz but is not gzip data (" + e.getMessage() + ")", e);
        }
    }

    /**
     * A reader that refuses bytes that are not UTF-8 with the exact line ({@link StrictUtf8Reader})
     * and drops a leading byte order mark.
     */
    public static BufferedReader utf8Reader(Path file) throws IOException {
        BufferedReader r = new BufferedReader(new StrictUtf8Reader(openBytes(file), file.toString()));
        r.mark(1);
        if (r.read() != '\uFEFF') {
            r.reset();
        }
        return r;
    }

    @Override
    public boolean hasNext() {
        if (next == null && !done) {
            try {
                next = shape == Shape.ARRAY ? advanceArray() : advanceLine();
            } catch (InvalidInputException e) { // bytes that are not UTF-8 (message names file and line)
                next = new Problem(new Position(file, shape, record + 1, line + 1), e.getMessage(), true);
            } catch (NoSuchFileException e) {
                next = new Problem(new Position(file, shape, 1, -1), "file not found: " + file, true);
            } catch (java.io.EOFException e) {
                next = new Problem(
                        new Position(file, shape, record + 1, line < 0 ? -1 : line + 1),
                        name
                                + ": the compressed data ends early"
                                + (shape == Shape.LINES ? " after line " + line : "")
                                + " (a truncated .gz file?): " + e.getMessage(),
                        true);
            } catch (IOException e) {
                next = new Problem(
                        new Position(file, shape, record + 1, line < 0 ? -1 : line + 1),
                        "cannot read " + name + (shape == Shape.LINES && line > 0 ? " after line " + line : "") + ": "
                                + e,
                        true);
            }
            if (next == null || next instanceof Problem p && p.fatal()) {
                done = true;
                close();
            }
        }
        return next != null;
    }

    @Override
    public Item next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Item i = next;
        next = null;
        return i;
    }

    private Item advanceArray() throws IOException {
        boolean inElement = false;
        try {
            if (!opened) {
                opened = true;
                parser = Json.mapper().createParser(openBytes(file));
                JsonToken first = parser.nextToken();
                if (first == null) {
                    return fatal(1, name + ": the file is empty; expected a JSON array of records");
                }
                if (first != JsonToken.START_ARRAY) {
                    String found = first == JsonToken.START_OBJECT ? "an object" : "'" + parser.getText() + "'";
                    return fatal(
                            1,
                            name + ": expected a JSON array of records at line 1, found " + found
                                    + (first == JsonToken.START_OBJECT
                                            ? " (for one object per line name the file .jsonl)"
                                            : ""));
                }
            }
            JsonToken t = parser.nextToken();
            if (t == null) {
                return fatal(
                        record + 1,
                        name + ": unexpected end of file at " + location(parser.currentLocation()) + " after record "
                                + record + ": the array is not closed");
            }
            if (t == JsonToken.END_ARRAY) {
                if (parser.nextToken() != null) {
                    return fatal(
                            record + 1,
                            name + ": unexpected content after the closing ']' at "
                                    + location(parser.currentLocation()));
                }
                return null;
            }
            record++;
            inElement = true;
            long startLine = parser.currentTokenLocation().getLineNr();
            JsonNode node = parser.readValueAsTree();
            Position pos = new Position(file, shape, record, startLine);
            if (node != null && node.isObject()) {
                return new Record(pos, node);
            }
            return new Problem(
                    pos, "array element " + record + " is " + typeName(node) + ", expected a JSON object", false);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String at = loc == null || loc.getLineNr() < 0 ? "" : " at " + location(loc);
            return new Problem(
                    new Position(file, shape, inElement ? record : record + 1, loc == null ? -1 : loc.getLineNr()),
                    "bad JSON in " + name + at + ": " + message(e),
                    true);
        }
    }

    private Item advanceLine() throws IOException {
        if (!opened) {
            opened = true;
            lines = utf8Reader(file);
        }
        String text;
        do {
            text = lines.readLine();
            if (text == null) {
                return null;
            }
            line++;
        } while (text.isBlank());
        record = line;
        Position pos = new Position(file, shape, line, line);
        try {
            JsonNode node = Json.strictLines().readTree(text);
            if (node == null || !node.isObject()) {
                return new Problem(pos, "line " + line + " is " + typeName(node) + ", expected a JSON object", false);
            }
            return new Record(pos, node);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String col = loc == null || loc.getColumnNr() < 0 ? "" : " column " + loc.getColumnNr();
            return new Problem(pos, "bad JSON in " + name + " at line " + line + col + ": " + message(e), false);
        }
    }

    private Item fatal(long rec, String message) {
        return new Problem(
                new Position(
                        file,
                        shape,
                        rec,
                        parser == null ? -1 : parser.currentLocation().getLineNr()),
                message,
                true);
    }

    private static String location(JsonLocation loc) {
        return "line " + loc.getLineNr() + " column " + loc.getColumnNr();
    }

    /** The Jackson message without its source excerpt, on one line. */
    public static String message(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        if (m == null) {
            m = e.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        return (nl >= 0 ? m.substring(0, nl) : m).trim();
    }

    /** "line L column C" of a Jackson error, or "" when it has no location. */
    public static String position(JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        return loc == null || loc.getLineNr() < 0 ? "" : location(loc);
    }

    /** A JSON type name for messages: {@code an array}, {@code a string}, {@code null}, … */
    public static String typeName(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "nothing";
        }
        return switch (n.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> n.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    @Override
    public void close() {
        try {
            if (parser != null) {
                parser.close();
            }
            if (lines != null) {
                lines.close();
            }
        } catch (IOException ignored) {
            // nothing useful to do: we only read
        }
        parser = null;
        lines = null;
        done = true;
    }
}
