package org.omnireward.scalar.bt;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.omnireward.training.DataFile;

/**
 * The layout of a BT model's {@code manifest.json} as Jackson records: their field order is the key
 * order of the file (format version 1, see {@link BtModelFiles}). Reading stays on the tree
 * ({@link BtModelFiles#load}), which tolerates what older files leave out.
 */
@JsonPropertyOrder({
    "format_version",
    "kind",
    "encoder",
    "feature_spec",
    "head",
    "weights",
    "seed",
    "training",
    "training_data",
    "counts",
    "validation",
    "created_at",
    "tool_version"
})
@JsonInclude(JsonInclude.Include.ALWAYS)
record BtManifestFile(
        @JsonProperty("format_version") int formatVersion,
        @JsonProperty("kind") String kind,
        @JsonProperty("encoder") EncoderRef encoder,
        @JsonProperty("feature_spec") FeatureSpecRef featureSpec,
        @JsonProperty("head") Head head,
        @JsonProperty("weights") Weights weights,
        @JsonProperty("seed") long seed,
        @JsonProperty("training") BtTrainingConfig.File training,
        @JsonProperty("training_data") List<DataFile> trainingData,
        @JsonProperty("counts") Map<String, Long> counts,
        @JsonProperty("validation") Map<String, Double> validation,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("tool_version") String toolVersion) {

    /** The file of a manifest. */
    static BtManifestFile of(BtManifest m) {
        HeadShape h = m.head();
        Map<String, Double> validation = new LinkedHashMap<>();
        m.validation().forEach((k, v) -> validation.put(k, BtTrainingResult.finiteOrNull(v)));
        return new BtManifestFile(
                m.formatVersion(),
                BtModelFiles.KIND,
                new EncoderRef(m.encoderId(), m.encoderDimension()),
                new FeatureSpecRef(m.featureSpecId(), m.featureSpecVersion(), TextStatistics.NAMES),
                new Head(
                        h.inputDimension(),
                        h.hiddenSize(),
                        h.activation().wireName(),
                        h.criterionOffset(),
                        h.criterionDimension(),
                        h.statisticsOffset(),
                        h.statisticsDimension(),
                        h.parameterCount()),
                new Weights(
                        BtModelFiles.WEIGHTS, BtModelFiles.HEADER_BYTES + 4L * h.parameterCount(), m.weightsSha256()),
                m.seed(),
                m.training().toFile(),
                m.trainingData(),
                m.counts(),
                validation,
                m.createdAt().toString(),
                m.toolVersion());
    }

    /** The frozen text encoder the features come from. */
    @JsonPropertyOrder({"id", "dimension"})
    record EncoderRef(
            @JsonProperty("id") String id,
            @JsonProperty("dimension") int dimension) {}

    /** The feature layout, with the names of the text statistics. */
    @JsonPropertyOrder({"id", "version", "statistics"})
    record FeatureSpecRef(
            @JsonProperty("id") String id,
            @JsonProperty("version") int version,
            @JsonProperty("statistics") List<String> statistics) {}

    /** The head's shape. */
    @JsonPropertyOrder({
        "input_dimension",
        "hidden_size",
        "activation",
        "criterion_offset",
        "criterion_dimension",
        "statistics_offset",
        "statistics_dimension",
        "parameters"
    })
    record Head(
            @JsonProperty("input_dimension") int inputDimension,
            @JsonProperty("hidden_size") int hiddenSize,
            @JsonProperty("activation") String activation,
            @JsonProperty("criterion_offset") int criterionOffset,
            @JsonProperty("criterion_dimension") int criterionDimension,
            @JsonProperty("statistics_offset") int statisticsOffset,
            @JsonProperty("statistics_dimension") int statisticsDimension,
            @JsonProperty("parameters") int parameters) {}

    /** The weights file and its SHA-256. */
    @JsonPropertyOrder({"file", "bytes", "sha256"})
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Weights(
            @JsonProperty("file") String file,
            @JsonProperty("bytes") long bytes,
            @JsonProperty("sha256") String sha256) {}
}
