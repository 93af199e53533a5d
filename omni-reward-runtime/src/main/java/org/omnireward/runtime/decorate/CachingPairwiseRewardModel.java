package org.omnireward.runtime.decorate;

import org.omnireward.core.PairwiseRequest;
import org.omnireward.core.PairwiseRewardModel;
import org.omnireward.core.Verdict;

/**
 * Remembers verdicts by {@link PairwiseRequest#contentKey()} (which includes the response order
 * and whether ties are allowed), so the same question is asked once. Failures are not kept.
 * Bounded: least recently used entries go first.
 */
public final class CachingPairwiseRewardModel extends ForwardingPairwiseRewardModel {

    private final BoundedCache<String, Verdict> cache;

    public CachingPairwiseRewardModel(PairwiseRewardModel delegate, int capacity) {
        super(delegate);
        this.cache = new BoundedCache<>(capacity);
    }

    /** The cache, for hit and miss counts. */
    public BoundedCache<String, Verdict> cache() {
        return cache;
    }

    @Override
    public Verdict judge(PairwiseRequest request) {
        String key = request.contentKey();
        Verdict hit = cache.get(key);
        if (hit != null) {
            return hit;
        }
        Verdict v = delegate.judge(request);
        if (v != null) {
            cache.put(key, v);
        }
        return v;
    }
}
