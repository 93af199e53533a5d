package org.omnireward.core;

import java.util.ArrayList;
import java.util.List;

/**
 * A reward model that sees both responses at once and names the better one (generative judges,
 * pairwise classifiers). Callers (the runtime layer) randomise which response is shown first and
 * map the answer back; the model never sees an id or a label. Called from many threads at once (see
 * {@link RewardModel} for what a model must allow and may assume).
 */
public non-sealed interface PairwiseRewardModel extends RewardModel {

    /** {@link ModelKind#PAIRWISE}. */
    @Override
    default ModelKind<PairwiseRewardModel> kind() {
        return ModelKind.PAIRWISE;
    }

    /**
     * Judges one request.
     *
     * @return the verdict: the better {@link Side}, or a tie only when {@link PairwiseRequest#allowTies()}
     * @throws UnsupportedTaskException when the request's task is not supported
     * @throws RetriableException for failures worth retrying (timeouts, rate limits, unparseable output)
     */
    Verdict judge(PairwiseRequest request);

    /**
     * Judges several requests, one verdict per request in order. The default judges them one by one;
     * a backend that can send several pairs in one call overrides it.
     */
    default List<Verdict> judgeBatch(List<PairwiseRequest> requests) {
        List<Verdict> out = new ArrayList<>(requests.size());
        for (PairwiseRequest r : requests) {
            out.add(judge(r));
        }
        return out;
    }
}
