package org.omnireward.data.benchmark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Streams a JSON Lines file: one record object per line, blank lines ignored. Lines are independent,
 * so a line that does not parse is one invalid record (with line and column) and reading goes on;
 * only an I/O failure (including bytes that are not UTF-8) ends the file.
 */
final class JsonLinesReader extends RecordReader {

    private final Path file;
    private BufferedReader in;
    private boolean opened;
    private long line;

    JsonLinesReader(Path file) {
        this.file = file;
    }


    @Override
    protected RawItem.Unreadable failure(Exception e) {
        return new RawItem.Unreadable(1, "cannot read " + file.getFileName() + ": " + e, true);
    }

    @Override
    protected RawItem advance() {
        try {
            if (!opened) {
                opened = true;
                in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
            }
            String text;
            do {
                text = in.readLine();
                if (text == null) {
                    return null;
                }
                line++;
            } while (text.isBlank());
            try {
                JsonNode node = JsonValues.LINE_MAPPER.readTree(text);
                if (node == null || !node.isObject()) {
                    return new RawItem.Unreadable(line, "line " + line + " is " + JsonValues.typeName(node)
                            + ", expected a JSON object", false);
                }
                return new RawItem.Row(line, JsonValues.toMap(node));
            } catch (JsonProcessingException e) {
                var loc = e.getLocation();
                String col = loc == null || loc.getColumnNr() < 0 ? "" : " column " + loc.getColumnNr();
                return new RawItem.Unreadable(line, "bad JSON in " + file.getFileName() + " at line " + line + col
                        + ": " + JsonValues.message(e), false);
            }
        } catch (IOException e) {
            return new RawItem.Unreadable(line + 1, "cannot read " + file.getFileName() + " after line " + line + ": " + e,
                    true);
        }
    }

    @Override
    public void close() {
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // nothing useful to do: we only read
            }
            in = null;
        }
    }
}
