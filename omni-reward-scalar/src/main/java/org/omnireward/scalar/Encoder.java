package org.omnireward.scalar;

import java.util.List;

/**
 * Turns inputs of one modality into fixed-size vectors. The scalar reward model builds its features
 * from the encodings of the criterion, the prompt and the response. Implementations must be
 * thread-safe and deterministic (the same text gives the same vector), since encodings are cached
 * on disk by {@link #id()} and text hash.
 */
public interface Encoder extends AutoCloseable {

    /**
     * A stable identifier of the encoder and its weights, e.g. {@code all-minilm-l6-v2@1.11.0-beta19};
     * model files record it, and a model trained with one encoder refuses to load with another.
     */
    String id();

    /** The length of every vector this encoder returns. */
    int dimension();

    /** The most tokens one input may have; longer inputs are truncated (how is up to the encoder, documented there). */
    int maxTokens();

    /** Encodes each text; one vector of {@link #dimension()} floats per text, in order. Blank texts are allowed. */
    List<float[]> encodeTexts(List<String> texts);

    /**
     * The text this encoder actually reads for {@code text}: after its own clean-up and truncation
     * (for the ONNX text encoders: unpaired surrogates replaced, outer whitespace stripped, cut after
     * the last word piece the model sees). Must be idempotent, and {@code encodeTexts} must give the
     * same vector for {@code text} and for {@code canonicalText(text)}; the embedding cache hashes
     * this text, so texts that differ only beyond the truncation point share one cache entry.
     * The default keeps the text as it is.
     */
    default String canonicalText(String text) {
        return text;
    }

    @Override
    default void close() {}
}
