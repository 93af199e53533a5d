package org.omnireward.scalar.bt;

import java.util.List;
import org.omnireward.core.InvalidInputException;

/**
 * How the BT model turns the encodings of a criterion c, a prompt x and a response y (plus the
 * response text) into one feature vector. Versioned: model manifests record {@link #id()} and
 * {@link #version()}, and a model is only ever scored with the spec it was trained with.
 *
 * <p>Version 1, with d the encoder dimension and every embedding first L2-normalised
 * (ê = e/|e|, a zero vector stays zero), is the concatenation of
 *
 * <pre>
 *   block                    length   scale
 *   √d·ê_c                   d        criterion (read by the bilinear term, see {@link BtHead})
 *   √d·ê_y                   d        response
 *   d·(ê_c ⊙ ê_y)            d        criterion × response, element-wise
 *   d·(ê_x ⊙ ê_y)            d        prompt × response, element-wise
 *   ê_c·ê_y                  1        cosine(criterion, response)
 *   ê_x·ê_y                  1        cosine(prompt, response)
 *   s_y                      8        {@link TextStatistics} of the response text
 * </pre>
 *
 * so the dimension is 4d + 10. The scales make every block's elements of order one for spread-out
 * embeddings (standardised inputs for the MLP). Prompt-only terms are left out: they add the same
 * amount to both responses of a pair and cancel in the Bradley–Terry difference. The criterion
 * block is there so that the head can gate the response statistics by the criterion (the
 * learned bilinear term ê_cᵀ W s_y of {@link BtHead}): the same pair can rank either way under
 * "be concise" and "be detailed".
 */
public final class FeatureSpec {

    /** The feature spec id written to manifests. */
    public static final String ID = "bt-features";

    /** The newest feature spec version this code implements. */
    public static final int CURRENT_VERSION = 1;

    private final int embeddingDimension;
    private final float rootD;

    private FeatureSpec(int embeddingDimension) {
        if (embeddingDimension < 1) {
            throw new IllegalArgumentException("embedding dimension must be positive, got " + embeddingDimension);
        }
        this.embeddingDimension = embeddingDimension;
        this.rootD = (float) Math.sqrt(embeddingDimension);
    }

    /** The current spec (version 1) for an encoder of {@code embeddingDimension}. */
    public static FeatureSpec v1(int embeddingDimension) {
        return new FeatureSpec(embeddingDimension);
    }

    /**
     * The spec a manifest names.
     *
     * @throws InvalidInputException for an unknown id, or a version newer than this code knows
     */
    public static FeatureSpec forVersion(String id, int version, int embeddingDimension) {
        if (!ID.equals(id)) {
            throw new InvalidInputException("unknown feature spec '" + id + "'; this omni-reward knows '" + ID + "'");
        }
        if (version > CURRENT_VERSION) {
            throw new InvalidInputException("feature spec " + ID + " version " + version
                    + " was written by a newer omni-reward (this one knows up to version " + CURRENT_VERSION
                    + "); upgrade omni-reward");
        }
        if (version < 1) {
            throw new InvalidInputException(
                    "invalid feature spec version " + version + " (expected 1.." + CURRENT_VERSION + ")");
        }
        return new FeatureSpec(embeddingDimension);
    }

    public String id() {
        return ID;
    }

    public int version() {
        return 1;
    }

    /** The encoder dimension d. */
    public int embeddingDimension() {
        return embeddingDimension;
    }

    /** The length of a feature vector: 4d + 2 + {@link TextStatistics#COUNT}. */
    public int dimension() {
        return 4 * embeddingDimension + 2 + TextStatistics.COUNT;
    }

    /** Where the (scaled) criterion embedding starts: 0. */
    public int criterionOffset() {
        return 0;
    }

    /** Where the response statistics s_y start: 4d + 2. */
    public int statisticsOffset() {
        return 4 * embeddingDimension + 2;
    }

    /** How many statistics s_y has. */
    public int statisticsCount() {
        return TextStatistics.COUNT;
    }

    /** The statistic names, in order. */
    public List<String> statisticNames() {
        return TextStatistics.NAMES;
    }

    /**
     * The features of one response (normalising the embeddings here).
     *
     * @throws InvalidInputException when an embedding has the wrong length or a non-finite value
     */
    public float[] features(float[] criterion, float[] prompt, float[] response, String responseText) {
        float[] out = new float[dimension()];
        features(
                normalize(criterion, "criterion"),
                normalize(prompt, "prompt"),
                normalize(response, "response"),
                TextStatistics.of(responseText),
                out);
        return out;
    }

    /**
     * The fast path for callers that normalise each distinct embedding once: writes the features into
     * {@code out}. The three embeddings must come from {@link #normalize} and {@code statistics} from
     * {@link TextStatistics#of}.
     */
    public void features(
            float[] criterionNormalized,
            float[] promptNormalized,
            float[] responseNormalized,
            float[] statistics,
            float[] out) {
        int d = embeddingDimension;
        if (out.length != dimension() || statistics.length != TextStatistics.COUNT) {
            throw new IllegalArgumentException("feature buffer of " + out.length + " (expected " + dimension()
                    + ") or statistics of " + statistics.length + " (expected " + TextStatistics.COUNT + ")");
        }
        float fd = d;
        double cy = 0;
        double xy = 0;
        for (int i = 0; i < d; i++) {
            float c = criterionNormalized[i];
            float x = promptNormalized[i];
            float y = responseNormalized[i];
            out[i] = rootD * c;
            out[d + i] = rootD * y;
            out[2 * d + i] = fd * (c * y);
            out[3 * d + i] = fd * (x * y);
            cy += (double) c * y;
            xy += (double) x * y;
        }
        out[4 * d] = (float) cy;
        out[4 * d + 1] = (float) xy;
        System.arraycopy(statistics, 0, out, statisticsOffset(), TextStatistics.COUNT);
    }

    /**
     * A copy of {@code embedding} scaled to unit L2 norm (a zero vector stays zero).
     *
     * @param what names the input in the error message
     * @throws InvalidInputException when its length is not d or it holds NaN or infinity
     */
    public float[] normalize(float[] embedding, String what) {
        if (embedding == null || embedding.length != embeddingDimension) {
            throw new InvalidInputException(
                    "the " + what + " embedding has " + (embedding == null ? "no" : embedding.length)
                            + " values; the feature spec expects " + embeddingDimension);
        }
        double sum = 0;
        for (float v : embedding) {
            if (!Float.isFinite(v)) {
                throw new InvalidInputException("the " + what + " embedding holds a non-finite value (" + v + ")");
            }
            sum += (double) v * v;
        }
        float[] out = new float[embeddingDimension];
        if (sum == 0) {
            return out;
        }
        double inv = 1.0 / Math.sqrt(sum);
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (embedding[i] * inv);
        }
        return out;
    }

    @Override
    public String toString() {
        return ID + " v1 (d=" + embeddingDimension + ", dimension " + dimension() + ")";
    }
}
