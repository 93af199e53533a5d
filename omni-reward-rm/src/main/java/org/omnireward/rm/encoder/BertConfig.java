package org.omnireward.rm.encoder;

/**
 * The shape of a BERT-style encoder.
 *
 * @param layers transformer layers
 * @param hidden hidden size
 * @param heads attention heads (hidden must be a multiple)
 * @param intermediate feed-forward size
 * @param vocabulary word-piece vocabulary size
 * @param maxPositions position embeddings
 * @param typeVocabulary token-type embeddings
 * @param layerNormEpsilon epsilon of every layer norm
 */
public record BertConfig(
        int layers,
        int hidden,
        int heads,
        int intermediate,
        int vocabulary,
        int maxPositions,
        int typeVocabulary,
        float layerNormEpsilon) {

    public BertConfig {
        if (layers < 1
                || hidden < 1
                || heads < 1
                || hidden % heads != 0
                || intermediate < 1
                || vocabulary < 1
                || maxPositions < 3
                || typeVocabulary < 1
                || !(layerNormEpsilon > 0)) {
            throw new IllegalArgumentException("invalid encoder shape: " + layers + " layers, hidden " + hidden + ", "
                    + heads + " heads, intermediate " + intermediate);
        }
    }

    /** sentence-transformers all-MiniLM-L6-v2: 6 layers, 384 hidden, 12 heads, 1536, vocabulary 30522. */
    public static BertConfig miniLmL6() {
        return new BertConfig(6, 384, 12, 1536, 30522, 512, 2, 1e-12f);
    }

    /** The size of one attention head. */
    public int headSize() {
        return hidden / heads;
    }
}
