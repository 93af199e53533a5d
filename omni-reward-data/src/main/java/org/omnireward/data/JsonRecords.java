package org.omnireward.data;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.omnireward.core.InvalidInputException;

/**
 * Streams the record objects of a JSON file that is either one array of objects ({@code [...]}) or
 * JSON Lines (one object per line), deciding by the first non-blank character. One record is in
 * memory at a time. In JSON Lines a bad line is one skipped record and reading goes on; in an array
 * broken syntax ends the file with an {@link InvalidInputException} giving line and column.
 */
final class JsonRecords {

    /** For streaming parsers and writing. */
    static final ObjectMapper MAPPER = new ObjectMapper();
    /** For one JSONL line: content after the object makes the line invalid. */
    private static final ObjectMapper LINE_MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Where a record is: {@code label} goes into ids ({@code #12}, {@code #L12}), {@code where} into messages. */
    record RecordRef(Path file, String label, String where) {
    }

    /** Maps one record; throws {@link RecordException} to skip it with a reason. */
    interface Handler {
        void record(RecordRef ref, JsonNode node);
    }

    private JsonRecords() {
    }

    /** True when the file's first non-blank character is {@code [}. */
    static boolean isArray(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
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
                    return c == '[';
                }
            }
            return false;
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("preference file not found: " + file);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Streams every record to {@code handler}; skipped records go to {@code sink}. */
    static void stream(Path file, Handler handler, PairSink sink) {
        if (isArray(file)) {
            streamArray(file, handler, sink);
        } else {
            streamLines(file, handler, sink);
        }
    }

    /** The first record object of the file, for format detection; empty when the file has none. */
    static Optional<JsonNode> firstRecord(Path file) {
        if (isArray(file)) {
            try (JsonParser p = MAPPER.createParser(file.toFile())) {
                p.nextToken();
                JsonToken t = p.nextToken();
                if (t == JsonToken.START_OBJECT) {
                    return Optional.of(p.readValueAsTree());
                }
                return Optional.empty();
            } catch (JsonProcessingException e) {
                throw syntaxError(file, e);
            } catch (IOException e) {
                throw new InvalidInputException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        try (BufferedReader in = utf8Reader(file)) {
            String line;
            long n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (!line.isBlank()) {
                    try {
                        JsonNode node = LINE_MAPPER.readTree(line);
                        return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
                    } catch (JsonProcessingException e) {
                        throw new InvalidInputException(file + " line " + n + " is not valid JSON (" + message(e)
                                + "); expected a JSON array of records or one JSON object per line");
                    }
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void streamArray(Path file, Handler handler, PairSink sink) {
        long index = -1;
        try (JsonParser p = MAPPER.createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new InvalidInputException(file + ": expected a JSON array of records");
            }
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    throw new InvalidInputException(file + ": unexpected end of file after record " + index
                            + "; the JSON array is not closed");
                }
                index++;
                JsonNode node = p.readValueAsTree();
                RecordRef ref = new RecordRef(file, "#" + index, "record " + index);
                if (!node.isObject()) {
                    sink.skipped(new SkippedRecord(file.toString(), ref.where(), "", SkipReason.MALFORMED,
                            "expected a JSON object, found " + typeName(node)));
                    continue;
                }
                handle(ref, node, handler, sink);
            }
            if (p.nextToken() != null) {
                throw new InvalidInputException(file + ": unexpected content after the closing ']' at "
                        + position(p.currentLocation()));
            }
        } catch (JsonProcessingException e) {
            throw syntaxError(file, e, index);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void streamLines(Path file, Handler handler, PairSink sink) {
        long n = 0;
        try (BufferedReader in = utf8Reader(file)) {
            String line;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                RecordRef ref = new RecordRef(file, "#L" + n, "line " + n);
                JsonNode node;
                try {
                    node = LINE_MAPPER.readTree(line);
                } catch (JsonProcessingException e) {
                    sink.skipped(new SkippedRecord(file.toString(), ref.where(), "", SkipReason.MALFORMED,
                            "not valid JSON: " + message(e)));
                    continue;
                }
                if (node == null || !node.isObject()) {
                    sink.skipped(new SkippedRecord(file.toString(), ref.where(), "", SkipReason.MALFORMED,
                            "expected a JSON object, found " + typeName(node)));
                    continue;
                }
                handle(ref, node, handler, sink);
            }
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("preference file not found: " + file);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + file + " after line " + n + ": " + e.getMessage(), e);
        }
    }

    private static void handle(RecordRef ref, JsonNode node, Handler handler, PairSink sink) {
        try {
            handler.record(ref, node);
        } catch (RecordException e) {
            sink.skipped(new SkippedRecord(ref.file().toString(), ref.where(), e.field(), e.reason(), e.getMessage()));
        }
    }

    /**
     * A reader that refuses bytes that are not UTF-8 with the exact line ({@link StrictUtf8Reader}) and
     * drops a leading byte order mark.
     */
    static BufferedReader utf8Reader(Path file) throws IOException {
        BufferedReader r = new BufferedReader(new StrictUtf8Reader(Files.newInputStream(file), file.toString()));
        r.mark(1);
        if (r.read() != '\uFEFF') {
            r.reset();
        }
        return r;
    }

    private static InvalidInputException syntaxError(Path file, JsonProcessingException e) {
        return syntaxError(file, e, -2);
    }

    private static InvalidInputException syntaxError(Path file, JsonProcessingException e, long lastIndex) {
        String after = lastIndex >= 0 ? " (in or after record " + lastIndex + ")" : lastIndex == -1 ? " (before the first record)" : "";
        return new InvalidInputException("bad JSON in " + file + " at " + position(e.getLocation()) + after + ": "
                + message(e) + "; the rest of the file cannot be read", e);
    }

    private static String position(JsonLocation loc) {
        return loc == null ? "unknown position" : "line " + loc.getLineNr() + " column " + loc.getColumnNr();
    }

    static String message(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        return m == null ? e.getClass().getSimpleName() : m.replace('\n', ' ');
    }

    static String typeName(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
