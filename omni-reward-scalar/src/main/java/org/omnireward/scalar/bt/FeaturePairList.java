package org.omnireward.scalar.bt;

import java.util.List;
import org.omnireward.core.InvalidInputException;

/** A {@link FeaturePairSource} over pairs held in memory. */
public final class FeaturePairList implements FeaturePairSource {

    private final List<FeaturePair> pairs;
    private final int dimension;

    private FeaturePairList(List<FeaturePair> pairs, int dimension) {
        this.pairs = pairs;
        this.dimension = dimension;
    }

    /**
     * The pairs as a source.
     *
     * @param dimension the expected feature length
     * @throws InvalidInputException when a pair's feature vectors have another length
     */
    public static FeaturePairList of(List<FeaturePair> pairs, int dimension) {
        List<FeaturePair> copy = List.copyOf(pairs);
        for (int i = 0; i < copy.size(); i++) {
            if (copy.get(i).chosen().length != dimension) {
                throw new InvalidInputException(
                        "pair " + i + " (group " + copy.get(i).group() + ") has "
                                + copy.get(i).chosen().length + " features; expected " + dimension);
            }
        }
        return new FeaturePairList(copy, dimension);
    }

    @Override
    public int size() {
        return pairs.size();
    }

    @Override
    public int featureDimension() {
        return dimension;
    }

    @Override
    public boolean isTie(int i) {
        return pairs.get(i).tie();
    }

    @Override
    public String group(int i) {
        return pairs.get(i).group();
    }

    @Override
    public void features(int i, float[] chosen, float[] rejected) {
        FeaturePair p = pairs.get(i);
        System.arraycopy(p.chosen(), 0, chosen, 0, dimension);
        System.arraycopy(p.rejected(), 0, rejected, 0, dimension);
    }
}
