package org.omnireward.scalar.bt;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.util.Json;

/** Reads JSON files with the project's {@link Json} mapper, naming file, line and column on malformed JSON. */
final class JsonFiles {

    private JsonFiles() {
    }

    /** The JSON tree of {@code file}; malformed or empty JSON gives an error naming the file and position. */
    static JsonNode readTree(Path file) {
        try {
            JsonNode node = Json.mapper().readTree(file.toFile());
            if (node == null || node.isMissingNode()) {
                throw new InvalidInputException(file + ": empty file, expected a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + " column " + at.getColumnNr()
                    + " (character " + at.getCharOffset() + ")";
            throw new InvalidInputException(file + ": malformed JSON" + where + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
