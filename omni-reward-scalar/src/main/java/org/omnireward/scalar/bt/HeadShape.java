package org.omnireward.scalar.bt;

/**
 * The shape of a {@link BtHead}: the feature vector length, the hidden layer, and which slices of
 * the feature vector the bilinear criterion×statistics term reads. Recorded in the manifest and in
 * the header of {@code weights.bin}.
 *
 * @param inputDimension length of the feature vector F
 * @param hiddenSize hidden units H
 * @param activation the hidden non-linearity
 * @param criterionOffset where the criterion block starts in the feature vector
 * @param criterionDimension its length (the encoder dimension d)
 * @param statisticsOffset where the response statistics start
 * @param statisticsDimension how many statistics (S)
 */
public record HeadShape(
        int inputDimension,
        int hiddenSize,
        Activation activation,
        int criterionOffset,
        int criterionDimension,
        int statisticsOffset,
        int statisticsDimension) {

    public HeadShape {
        if (inputDimension < 1 || hiddenSize < 1 || criterionDimension < 0 || statisticsDimension < 0) {
            throw new IllegalArgumentException("invalid head shape: input " + inputDimension + ", hidden " + hiddenSize
                    + ", criterion " + criterionDimension + ", statistics " + statisticsDimension);
        }
        if (activation == null) {
            throw new IllegalArgumentException("activation is required");
        }
        if (criterionOffset < 0
                || criterionOffset + criterionDimension > inputDimension
                || statisticsOffset < 0
                || statisticsOffset + statisticsDimension > inputDimension) {
            throw new IllegalArgumentException(
                    "bilinear slices [" + criterionOffset + "+" + criterionDimension + "] and [" + statisticsOffset
                            + "+" + statisticsDimension + "] do not fit an input of " + inputDimension);
        }
    }

    /** The shape for features of {@code spec}. */
    public static HeadShape forFeatures(FeatureSpec spec, int hiddenSize, Activation activation) {
        return new HeadShape(
                spec.dimension(),
                hiddenSize,
                activation,
                spec.criterionOffset(),
                spec.embeddingDimension(),
                spec.statisticsOffset(),
                spec.statisticsCount());
    }

    /** Offset of W1 (H×F, row-major) in the flat parameter vector: 0. */
    public int w1Offset() {
        return 0;
    }

    /** Offset of the hidden biases b1 (H). */
    public int b1Offset() {
        return hiddenSize * inputDimension;
    }

    /** Offset of the output weights w2 (H). */
    public int w2Offset() {
        return b1Offset() + hiddenSize;
    }

    /** Offset of the bilinear matrix W (d×S, row-major). */
    public int bilinearOffset() {
        return w2Offset() + hiddenSize;
    }

    /** The number of parameters: H·F + H + H + d·S. */
    public int parameterCount() {
        return bilinearOffset() + criterionDimension * statisticsDimension;
    }

    @Override
    public String toString() {
        return "input " + inputDimension + ", hidden " + hiddenSize + " (" + activation.wireName() + "), bilinear "
                + criterionDimension + "x" + statisticsDimension + ", " + parameterCount() + " parameters";
    }
}
