package org.omnireward.core;

import java.util.ArrayList;
import java.util.List;

/**
 * A reward model that sees both responses at once and names the better one (generative judges,
 * pairwise classifiers). Callers (the runtime layer) randomise which response is shown first and
 * map the answer back; the model never sees an id or a label.
 */
public interface PairwiseRewardModel extends RewardModel {

    /**
     * Judges one request.
     *
     * @return the verdict: {@link Preference#RESPONSE1} for response A, {@link Preference#RESPONSE2}
     *     for B, {@link Preference#TIE} only when {@link PairwiseRequest#allowTies()}
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

    /** Judges {@code sample} with response1 shown as A (its id and label are not passed on). */
    default Verdict judge(PreferenceSample sample, boolean allowTies) {
        return judge(PairwiseRequest.of(sample, allowTies));
    }
}
