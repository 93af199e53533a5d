package org.omnireward.rm;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.util.Json;
import org.omnireward.training.DataFile;

/**
 * What {@code manifest.json} of an {@code rm:} model folder says (see docs/rm-model.md): the
 * format version, the base encoder (short name, model id, SHA-256 of its ONNX file), which layers
 * were fine-tuned and the input limit, the training configuration, the data files (hashes and
 * counts), counts and validation metrics, and the SHA-256 of {@code weights.bin}.
 */
public record RmManifest(
        int formatVersion,
        String baseName,
        String baseId,
        String baseSha256,
        int trainableFrom,
        int maxLength,
        RmTrainingConfig training,
        List<DataFile> trainingData,
        Map<String, Long> counts,
        Map<String, Double> validation,
        Instant createdAt,
        String toolVersion,
        String weightsSha256) {

    public RmManifest {
        Objects.requireNonNull(baseName, "baseName");
        Objects.requireNonNull(baseId, "baseId");
        Objects.requireNonNull(baseSha256, "baseSha256");
        Objects.requireNonNull(training, "training");
        trainingData = List.copyOf(trainingData == null ? List.of() : trainingData);
        counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts == null ? Map.of() : counts));
        validation = Collections.unmodifiableMap(new LinkedHashMap<>(validation == null ? Map.of() : validation));
        Objects.requireNonNull(createdAt, "createdAt");
        toolVersion = toolVersion == null ? "dev" : toolVersion;
        weightsSha256 = weightsSha256 == null ? "" : weightsSha256;
    }

    /** This manifest with the weights hash set. */
    public RmManifest withWeightsSha256(String sha) {
        return new RmManifest(
                formatVersion,
                baseName,
                baseId,
                baseSha256,
                trainableFrom,
                maxLength,
                training,
                trainingData,
                counts,
                validation,
                createdAt,
                toolVersion,
                sha);
    }

    /** The JSON of {@code manifest.json}. */
    public ObjectNode toJson() {
        return Json.mapper().valueToTree(file());
    }

    /** The layout of {@code manifest.json}: the record's field order is the file's key order. */
    File file() {
        return new File(
                "omni-reward-rm",
                formatVersion,
                new Base(baseName, baseId, baseSha256),
                trainableFrom,
                maxLength,
                "[CLS] criterion [SEP] prompt [SEP] response [SEP]; mean pooling; linear value head",
                training.layout(),
                trainingData,
                counts,
                validation,
                createdAt.toString(),
                toolVersion,
                weightsSha256);
    }

    /** {@code manifest.json} as written. */
    @JsonPropertyOrder({
        "format",
        "format_version",
        "base",
        "trainable_from_layer",
        "max_length",
        "input",
        "training",
        "training_data",
        "counts",
        "validation",
        "created_at",
        "tool_version",
        "weights_sha256"
    })
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record File(
            @JsonProperty("format") String format,
            @JsonProperty("format_version") int formatVersion,
            @JsonProperty("base") Base base,
            @JsonProperty("trainable_from_layer") int trainableFromLayer,
            @JsonProperty("max_length") int maxLength,
            @JsonProperty("input") String input,
            @JsonProperty("training") RmTrainingConfig.Layout training,
            @JsonProperty("training_data") List<DataFile> trainingData,
            @JsonProperty("counts") Map<String, Long> counts,
            @JsonProperty("validation") Map<String, Double> validation,
            @JsonProperty("created_at") String createdAt,
            @JsonProperty("tool_version") String toolVersion,
            @JsonProperty("weights_sha256") String weightsSha256) {}

    /** The base encoder: short name, model id and the SHA-256 of its ONNX file. */
    @JsonPropertyOrder({"name", "id", "onnx_sha256"})
    record Base(
            @JsonProperty("name") String name,
            @JsonProperty("id") String id,
            @JsonProperty("onnx_sha256") String onnxSha256) {}

    /**
     * Reads a manifest of a format version this build knows (1 to {@link RmModelFiles#FORMAT_VERSION}).
     *
     * @throws InvalidInputException naming the file for a missing field or an unknown version
     */
    public static RmManifest fromJson(JsonNode o, Path file) {
        if (!"omni-reward-rm".equals(o.path("format").asText())) {
            throw new InvalidInputException(file + " is not an rm model manifest (format is '"
                    + o.path("format").asText() + "', expected 'omni-reward-rm')");
        }
        int version = o.path("format_version").asInt(-1);
        if (version < 1 || version > RmModelFiles.FORMAT_VERSION) {
            throw new InvalidInputException(file + " has format version " + o.path("format_version")
                    + "; this build reads versions 1 to " + RmModelFiles.FORMAT_VERSION);
        }
        JsonNode base = required(o, "base", file);
        RmTrainingConfig training = RmTrainingConfig.fromJson(o.path("training"));
        int maxLength = required(o, "max_length", file).asInt();
        List<DataFile> data = new ArrayList<>();
        for (JsonNode d : o.path("training_data")) {
            Map<String, Long> counts = new LinkedHashMap<>();
            d.path("counts")
                    .properties()
                    .forEach(e -> counts.put(e.getKey(), e.getValue().asLong()));
            data.add(new DataFile(
                    d.path("role").asText(),
                    d.path("path").asText(),
                    d.path("sha256").asText(),
                    d.path("bytes").asLong(),
                    counts));
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        o.path("counts")
                .properties()
                .forEach(e -> counts.put(e.getKey(), e.getValue().asLong()));
        Map<String, Double> validation = new LinkedHashMap<>();
        o.path("validation")
                .properties()
                .forEach(e -> validation.put(e.getKey(), e.getValue().asDouble()));
        Instant created;
        try {
            created = Instant.parse(required(o, "created_at", file).asText());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(file + ": created_at is not an ISO instant: " + o.path("created_at"));
        }
        return new RmManifest(
                version,
                required(base, "name", file).asText(),
                required(base, "id", file).asText(),
                required(base, "onnx_sha256", file).asText(),
                required(o, "trainable_from_layer", file).asInt(),
                maxLength,
                training,
                data,
                counts,
                validation,
                created,
                o.path("tool_version").asText("dev"),
                required(o, "weights_sha256", file).asText());
    }

    private static JsonNode required(JsonNode o, String field, Path file) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            throw new InvalidInputException(file + " has no field " + field);
        }
        return n;
    }
}
