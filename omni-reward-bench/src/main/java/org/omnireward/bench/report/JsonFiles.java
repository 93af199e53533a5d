package org.omnireward.bench.report;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.omnireward.bench.results.PredictionsFile;
import org.omnireward.core.InvalidInputException;

/** Reads a JSON file as a tree, reporting malformed JSON with file, line and column. */
final class JsonFiles {

    private JsonFiles() {
    }

    static JsonNode readTree(Path file) {
        try {
            JsonNode node = PredictionsFile.MAPPER.readTree(file.toFile());
            if (node == null || node.isMissingNode()) {
                throw new InvalidInputException(file + ": empty file, expected a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + " column " + at.getColumnNr();
            throw new InvalidInputException(file + ": malformed JSON" + where + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
