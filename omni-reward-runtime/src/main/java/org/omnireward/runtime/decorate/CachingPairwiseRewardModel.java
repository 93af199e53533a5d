package org.omnireward.runtime.decorate;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.omnireward.core.PairwiseRequest;
import org.omnireward.core.PairwiseRewardModel;
import org.omnireward.core.Verdict;
import org.omnireward.core.util.LruCache;

/**
 * Remembers verdicts by {@link PairwiseRequest#contentKey()} (which includes the response order
 * and whether ties are allowed), so the same question is asked once. Failures are not kept.
 * Bounded: least recently used entries go first.
 */
public final class CachingPairwiseRewardModel extends ForwardingPairwiseRewardModel {

    private final LruCache<String, Verdict> cache;

    public CachingPairwiseRewardModel(PairwiseRewardModel delegate, int capacity) {
        super(delegate);
        this.cache = LruCache.ofEntries(capacity);
    }

    /** The cache, for hit and miss counts. */
    public LruCache<String, Verdict> cache() {
        return cache;
    }

    @Override
    public Verdict judge(PairwiseRequest request) {
        String key = keyOf(request);
        if (key == null) {
            return delegate.judge(request);
        }
        return cache.get(key, k -> delegate.judge(request)); // the same question asked at once is judged once
    }

    /**
     * Answers cached requests from the cache and sends the others to the model in one {@link
     * PairwiseRewardModel#judgeBatch} call (the forwarded default would bypass the cache).
     */
    @Override
    public List<Verdict> judgeBatch(List<PairwiseRequest> requests) {
        Verdict[] out = new Verdict[requests.size()];
        String[] keys = new String[requests.size()];
        List<PairwiseRequest> missing = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            keys[i] = keyOf(requests.get(i));
            Verdict hit = keys[i] == null ? null : cache.getIfPresent(keys[i]);
            if (hit != null) {
                out[i] = hit;
            } else {
                missing.add(requests.get(i));
                positions.add(i);
            }
        }
        if (!missing.isEmpty()) {
            List<Verdict> fresh = delegate.judgeBatch(missing);
            if (fresh == null || fresh.size() != missing.size()) {
                throw new IllegalStateException("model " + name() + " returned " + (fresh == null ? "no" : fresh.size())
                        + " verdicts for " + missing.size() + " requests");
            }
            for (int k = 0; k < fresh.size(); k++) {
                int i = positions.get(k);
                Verdict v = fresh.get(k);
                out[i] = v;
                if (v != null && keys[i] != null) {
                    cache.put(keys[i], v);
                }
            }
        }
        return Collections.unmodifiableList(Arrays.asList(out));
    }

    /**
     * The request's content key, or null when its media cannot be read to hash them: such a request
     * is passed on uncached, so the model reports the problem as it would without the cache instead
     * of an I/O error escaping from here.
     */
    private static String keyOf(PairwiseRequest request) {
        try {
            return request.contentKey();
        } catch (UncheckedIOException e) {
            return null;
        }
    }
}
