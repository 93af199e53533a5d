package org.omnireward.data.benchmark;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Streams the elements of a file holding one JSON array of record objects, one element at a time
 * (Jackson's streaming parser plus a tree per element), so the file is never held whole in memory.
 * Broken syntax ends the file with one fatal item giving line and column.
 */
final class JsonArrayReader extends RecordReader {

    private final Path file;
    private JsonParser parser;
    private boolean opened;
    private long record;

    JsonArrayReader(Path file) {
        this.file = file;
    }


    @Override
    protected RawItem.Unreadable failure(Exception e) {
        return new RawItem.Unreadable(1, "cannot read " + file.getFileName() + ": " + e, true);
    }

    @Override
    protected RawItem advance() {
        boolean inElement = false;
        try {
            if (!opened) {
                opened = true;
                parser = JsonValues.MAPPER.createParser(file.toFile());
                JsonToken first = parser.nextToken();
                if (first == null) {
                    return fatal("the file is empty; expected a JSON array of records");
                }
                if (first != JsonToken.START_ARRAY) {
                    String found = first == JsonToken.START_OBJECT ? "an object" : "'" + parser.getText() + "'";
                    return fatal("expected a JSON array of records at line 1, found " + found
                            + (first == JsonToken.START_OBJECT ? " (for one object per line name the file .jsonl)" : ""));
                }
            }
            JsonToken t = parser.nextToken();
            if (t == null) {
                return fatal("unexpected end of file at " + location() + ": the array is not closed");
            }
            if (t == JsonToken.END_ARRAY) {
                JsonToken after = parser.nextToken();
                if (after != null) {
                    return fatal("unexpected content after the closing ']' at " + location());
                }
                return null;
            }
            record++;
            inElement = true;
            if (t == JsonToken.START_OBJECT) {
                JsonNode node = parser.readValueAsTree();
                return new RawItem.Row(record, JsonValues.toMap(node));
            }
            JsonNode other = parser.readValueAsTree();
            return new RawItem.Unreadable(record, "array element " + record + " is " + JsonValues.typeName(other)
                    + ", expected a JSON object", false);
        } catch (JsonProcessingException e) {
            String pos = JsonValues.position(e);
            return new RawItem.Unreadable(inElement ? record : record + 1, "bad JSON in " + file.getFileName()
                    + (pos.isEmpty() ? "" : " at " + pos) + ": " + JsonValues.message(e), true);
        } catch (IOException e) {
            return new RawItem.Unreadable(inElement ? record : record + 1, "cannot read " + file + ": " + e, true);
        }
    }

    private String location() {
        var loc = parser.currentLocation();
        return "line " + loc.getLineNr() + " column " + loc.getColumnNr();
    }

    private RawItem fatal(String reason) {
        return new RawItem.Unreadable(record + 1, file.getFileName() + ": " + reason, true);
    }

    @Override
    public void close() {
        if (parser != null) {
            try {
                parser.close();
            } catch (IOException ignored) {
                // nothing useful to do: we only read
            }
            parser = null;
        }
    }
}
