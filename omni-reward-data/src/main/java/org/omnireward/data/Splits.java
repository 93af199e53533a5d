package org.omnireward.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.PreferencePair;

/**
 * Deterministic train/validation split by group: a group goes to validation when a seeded hash of
 * its key ({@link Groups#unitHash}) is below the validation fraction. The same group lands on the
 * same side in every source, file and run with that seed, whatever the order of the pairs, so an
 * instruction never appears on both sides (AlpacaEval's 805 instructions recur across 45 files).
 * The fraction applies to groups, so the share of pairs only approximates it.
 */
public final class Splits {

    /** Which side of the split. */
    public enum Side {
        TRAIN,
        VALID
    }

    /**
     * Split sizes.
     *
     * @param seed the split seed
     * @param validFraction the requested share of groups in validation
     */
    public record Stats(
            long seed, double validFraction, int trainPairs, int validPairs, int trainGroups, int validGroups) {

        /** The actual share of pairs in validation. */
        public double validPairFraction() {
            int all = trainPairs + validPairs;
            return all == 0 ? 0 : (double) validPairs / all;
        }
    }

    /** The two sides, each in input order, and their sizes. */
    public record Split(List<PreferencePair> train, List<PreferencePair> valid, Stats stats) {}

    private Splits() {}

    /** The side of a group. */
    public static Side side(String group, long seed, double validFraction) {
        checkFraction(validFraction);
        return Groups.unitHash(seed, "split|" + group) < validFraction ? Side.VALID : Side.TRAIN;
    }

    /** Splits pairs by their group. */
    public static Split split(Collection<PreferencePair> pairs, long seed, double validFraction) {
        checkFraction(validFraction);
        List<PreferencePair> train = new ArrayList<>();
        List<PreferencePair> valid = new ArrayList<>();
        Set<String> trainGroups = new HashSet<>();
        Set<String> validGroups = new HashSet<>();
        for (PreferencePair p : pairs) {
            if (side(p.group(), seed, validFraction) == Side.VALID) {
                valid.add(p);
                validGroups.add(p.group());
            } else {
                train.add(p);
                trainGroups.add(p.group());
            }
        }
        return new Split(
                train,
                valid,
                new Stats(seed, validFraction, train.size(), valid.size(), trainGroups.size(), validGroups.size()));
    }

    private static void checkFraction(double validFraction) {
        if (!(validFraction >= 0 && validFraction < 1)) {
            throw new InvalidInputException(
                    "the validation fraction must be at least 0 and below 1 but is " + validFraction);
        }
    }
}
