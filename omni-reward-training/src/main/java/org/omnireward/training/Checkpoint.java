package org.omnireward.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.util.Json;

/**
 * A training run's resumable state in one file: a JSON header that names the run by a fingerprint of
 * its data and settings, and named float tensors (weights, optimiser moments, the best weights so far)
 * in a {@link TensorFile}. Saving writes a temporary file and moves it into place, so a kill at any
 * moment leaves the last complete checkpoint; loading refuses a checkpoint of another run.
 */
public final class Checkpoint {

    /** What a checkpoint holds. */
    public record Content(JsonNode header, Map<String, float[]> tensors) {}

    private Checkpoint() {}

    /**
     * Saves {@code header} (a record, or any value Jackson writes as a JSON object; the fingerprint is added as the
     * first key) and {@code tensors} to {@code file}, atomically.
     */
    public static void save(Path file, String fingerprint, Object header, Map<String, float[]> tensors)
            throws IOException {
        ObjectNode h = Json.mapper().createObjectNode();
        h.put("fingerprint", fingerprint);
        h.setAll((ObjectNode) Json.mapper().valueToTree(header));
        TensorFile.write(file, Json.mapper().writeValueAsString(h), tensors);
    }

    /**
     * Loads {@code file}.
     *
     * @throws InvalidInputException when the file is unreadable or belongs to another run
     */
    public static Content load(Path file, String fingerprint) {
        TensorFile.Content c = TensorFile.read(file);
        JsonNode h;
        try {
            h = Json.mapper().readTree(c.header());
        } catch (IOException e) {
            throw new InvalidInputException("checkpoint " + file + " has an unreadable header: " + e.getMessage());
        }
        if (!fingerprint.equals(h.path("fingerprint").asText())) {
            throw new InvalidInputException("checkpoint " + file + " belongs to another run (other data or "
                    + "settings); use another --out, or delete the checkpoint to start afresh");
        }
        return new Content(h, c.tensors());
    }
}
