package org.omnireward.core.util;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.omnireward.core.Internal;
import org.omnireward.core.InvalidInputException;

/**
 * The project's one Jackson configuration. Every module reads and writes JSON through these
 * mappers so that files look the same everywhere (field order as declared, ISO numbers, no
 * platform line endings) and readers agree on what is tolerated.
 *
 * <ul>
 *   <li>{@link #mapper()}: lenient reading (unknown properties are ignored, so result files written
 *       by a newer version still load) and compact writing.</li>
 *   <li>{@link #strictLines()}: one complete value per string, anything after it is an error; for
 *       JSONL lines.</li>
 *   <li>{@link #pretty()}: indented output for files people read (manifests, summaries).</li>
 * </ul>
 * Configured mappers are thread-safe; never reconfigure them.
 */
@Internal
public final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private static final ObjectMapper STRICT_LINES = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();

    private Json() {}

    /** The shared mapper: lenient reading, compact writing. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** A mapper for one complete value per string (JSONL lines): trailing tokens are an error. */
    public static ObjectMapper strictLines() {
        return STRICT_LINES;
    }

    /** A writer that indents, for files people read. */
    public static ObjectWriter pretty() {
        return PRETTY;
    }

    /**
     * The JSON tree of a file people or tools wrote (manifests, summaries, run files).
     *
     * @throws org.omnireward.core.InvalidInputException when the file is empty or not well-formed
     *     JSON, naming the file, line and column
     * @throws java.io.UncheckedIOException when the file cannot be read
     */
    public static JsonNode readTree(Path file) {
        try {
            JsonNode node = MAPPER.readTree(file.toFile());
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

    /** {@code value} as compact JSON; a value Jackson cannot write is a programming error. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot serialise " + value.getClass().getName() + " as JSON", e);
        }
    }
}
