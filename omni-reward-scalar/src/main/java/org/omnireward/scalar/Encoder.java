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

    @Override
    default void close() {
    }
}
