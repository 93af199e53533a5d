package org.omnireward.bench.metrics;

import org.omnireward.core.util.Json;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.omnireward.bench.results.PredictionsFile;
import org.omnireward.core.InvalidInputException;

/**
 * Reads a JSON result file ({@code summary.json}, {@code run.json}) as a tree, reporting malformed
 * JSON with file, line and column, so that every reader of run files gives the same kind of error.
 */
public final class JsonFiles {

    private JsonFiles() {
    }

    /**
     * The file's JSON tree.
     *
     * @throws InvalidInputException when the file is empty or not well-formed JSON (naming file,
     *     line and column)
     */
    public static JsonNode readTree(Path file) {
        try {
            JsonNode node = Json.mapper().readTree(file.toFile());
            if (node == null || node.isMissingNode()) {
                throw new InvalidInputException(file + ": empty file, expected a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + " column " + at.getColumnNr();
            throw new InvalidInputException(file + ": malformed JSON" + where + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
