package org.omnireward.core;

/**
 * A reward model that sees both responses at once and names the better one (generative judges,
 * pairwise classifiers). Harnesses randomise which response is shown first and map the answer back.
 */
public interface PairwiseRewardModel extends RewardModel {

    /**
     * Judges {@code sample} (its label, if any, must be ignored).
     *
     * @param allowTies whether {@link Preference#TIE} is an allowed answer
     * @throws UnsupportedTaskException when the sample's task is not supported
     * @throws RetriableException for failures worth retrying (timeouts, rate limits, unparseable output)
     */
    Verdict judge(PreferenceSample sample, boolean allowTies);
}
