package org.omnireward.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.omnireward.core.InvalidInputException;
import org.omnireward.data.read.JsonRecordReader;

/**
 * The training readers' use of the shared {@link JsonRecordReader}: a file that is either one array
 * of objects ({@code [...]}) or JSON Lines, decided by the first non-blank character. In JSON Lines
 * a bad line is one skipped record ({@link SkipReason#MALFORMED}) and reading goes on; in an array a
 * non-object element is skipped, and broken syntax (or bytes that are not UTF-8) ends the file with
 * an {@link InvalidInputException} giving the position.
 */
final class JsonRecords {

    /**
     * Where a record is: {@code label} goes into ids ({@code #12}: 0-based array element, {@code #L12}:
     * line), {@code where} into messages ({@code record 12}, {@code line 12}).
     */
    record RecordRef(Path file, String label, String where) {

        static RecordRef of(JsonRecordReader.Position p) {
            return p.shape() == JsonRecordReader.Shape.ARRAY
                    ? new RecordRef(p.file(), "#" + p.index(), "record " + p.index())
                    : new RecordRef(p.file(), "#L" + p.record(), "line " + p.record());
        }
    }

    /** Maps one record; throws {@link RecordException} to skip it with a reason. */
    interface Handler {
        void record(RecordRef ref, JsonNode node);
    }

    private JsonRecords() {}

    /** Streams every record to {@code handler}; skipped records go to {@code sink}. */
    static void stream(Path file, Handler handler, PairSink sink) {
        try (JsonRecordReader r = JsonRecordReader.open(file)) {
            while (r.hasNext()) {
                JsonRecordReader.Item item = r.next();
                RecordRef ref = RecordRef.of(item.position());
                if (item instanceof JsonRecordReader.Problem p) {
                    if (p.fatal()) {
                        throw fatal(file, p);
                    }
                    sink.skipped(
                            new SkippedRecord(file.toString(), ref.where(), "", SkipReason.MALFORMED, p.message()));
                    continue;
                }
                try {
                    handler.record(ref, ((JsonRecordReader.Record) item).node());
                } catch (RecordException e) {
                    sink.skipped(
                            new SkippedRecord(file.toString(), ref.where(), e.field(), e.reason(), e.getMessage()));
                }
            }
        }
    }

    /** The first record object of the file, for format detection; empty when the file has none. */
    static Optional<JsonNode> firstRecord(Path file) {
        Optional<JsonRecordReader.Item> first = JsonRecordReader.first(file);
        if (first.isEmpty()) {
            return Optional.empty();
        }
        if (first.get() instanceof JsonRecordReader.Record r) {
            return Optional.of(r.node());
        }
        JsonRecordReader.Problem p = (JsonRecordReader.Problem) first.get();
        if (p.fatal()) {
            throw fatal(file, p);
        }
        if (p.position().shape() == JsonRecordReader.Shape.ARRAY || !p.message().startsWith("bad JSON")) {
            return Optional.empty(); // the first record is valid JSON but not an object
        }
        throw new InvalidInputException(file + " line " + p.position().record() + " is not valid JSON (" + p.message()
                + "); expected a JSON array of records or one JSON object per line");
    }

    private static InvalidInputException fatal(Path file, JsonRecordReader.Problem p) {
        String m = p.message();
        return new InvalidInputException(
                m.contains(file.toString()) ? m : file + ": " + m + "; the rest of the file cannot be read");
    }

    /** A strict UTF-8 reader without byte order mark (see {@link JsonRecordReader#utf8Reader}). */
    static BufferedReader utf8Reader(Path file) throws IOException {
        return JsonRecordReader.utf8Reader(file);
    }

    static String typeName(JsonNode node) {
        return JsonRecordReader.typeName(node);
    }
}
