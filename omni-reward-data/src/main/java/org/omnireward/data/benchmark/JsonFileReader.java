package org.omnireward.data.benchmark;

import java.nio.file.Path;
import org.omnireward.data.read.JsonRecordReader;
import org.omnireward.data.read.PlainValues;

/**
 * Streams a benchmark JSON file (one array of records, or JSON Lines for {@code .jsonl}) through the
 * shared {@link JsonRecordReader}, turning its records into plain-value rows and its problems into
 * {@link RawItem.Unreadable} items: a bad JSONL line or a non-object element is one invalid record;
 * broken array syntax, bytes that are not UTF-8 and I/O failures end the file.
 */
final class JsonFileReader extends RecordReader {

    private final JsonRecordReader reader;

    JsonFileReader(Path file, JsonRecordReader.Shape shape) {
        this.reader = JsonRecordReader.open(file, shape);
    }

    @Override
    protected RawItem.Unreadable failure(Exception e) {
        return new RawItem.Unreadable(1, "cannot read " + reader.file().getFileName() + ": " + e, true);
    }

    @Override
    protected RawItem advance() {
        if (!reader.hasNext()) {
            return null;
        }
        JsonRecordReader.Item item = reader.next();
        long record = item.position().record();
        if (item instanceof JsonRecordReader.Record r) {
            return new RawItem.Row(record, PlainValues.toMap(r.node()));
        }
        JsonRecordReader.Problem p = (JsonRecordReader.Problem) item;
        return new RawItem.Unreadable(record, p.message(), p.fatal());
    }

    @Override
    public void close() {
        reader.close();
    }
}
