package org.omnireward.bench.baseline;

import org.omnireward.core.util.StableHash;
import org.omnireward.core.AbstractPairwiseRewardModel;
import org.omnireward.core.Preference;
import org.omnireward.core.PreferenceSample;
import org.omnireward.core.Verdict;

/**
 * The chance baseline: a pairwise "judge" that answers uniformly at random among the labels the
 * setting allows (response1/response2, plus tie when ties are allowed). The answer is a function of
 * (seed, sample id, allowTies) only, so it does not depend on thread scheduling or sample order and
 * a resumed run gives the same answers as an uninterrupted one. It never looks at the content, so
 * exchanging the responses does not change its answer.
 */
public final class RandomBaselineModel extends AbstractPairwiseRewardModel {

    private static final Preference[] NO_TIES = {Preference.RESPONSE1, Preference.RESPONSE2};
    private static final Preference[] WITH_TIES = {Preference.RESPONSE1, Preference.RESPONSE2, Preference.TIE};

    private final long seed;

    public RandomBaselineModel(long seed) {
        this.seed = seed;
    }

    /** The seed the draws are derived from. */
    public long seed() {
        return seed;
    }

    @Override
    public String name() {
        return "random";
    }

    @Override
    protected Verdict doJudge(PreferenceSample sample, boolean allowTies) {
        Preference[] labels = allowTies ? WITH_TIES : NO_TIES;
        int pick = StableHash.choice(labels.length, seed, "random-baseline", sample.id(), allowTies ? "ties" : "no_ties");
        return Verdict.of(labels[pick]);
    }
}
