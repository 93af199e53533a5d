package org.omnireward.scalar.bt;

/**
 * Training or validation pairs as feature vectors, so that {@link BtTrainer} is independent of
 * encoders and data formats. Pair i is "chosen preferred to rejected" unless it is a tie. An
 * implementation may compute features on demand (as {@link EncodedPairSource} does from cached
 * embeddings) and must return the same values every time; {@link #features} may be called from
 * several threads at once.
 */
public interface FeaturePairSource {

    /** The number of pairs, ties included. */
    int size();

    /** The length of every feature vector. */
    int featureDimension();

    /** Whether pair {@code i} is a tie (the trainer skips ties and counts them). */
    boolean isTie(int i);

    /** The split group of pair {@code i} (e.g. an instruction hash), for messages and reports. */
    String group(int i);

    /** A short description of pair {@code i} for error messages, e.g. its id and source. */
    default String describe(int i) {
        return "pair " + i + " (group " + group(i) + ")";
    }

    /** Writes the features of pair {@code i}'s chosen and rejected response into the two buffers. */
    void features(int i, float[] chosen, float[] rejected);
}
