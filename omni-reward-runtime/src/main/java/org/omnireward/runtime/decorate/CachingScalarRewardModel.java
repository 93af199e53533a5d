package org.omnireward.runtime.decorate;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.omnireward.core.ScalarRewardModel;
import org.omnireward.core.ScoreResult;
import org.omnireward.core.ScoringRequest;
import org.omnireward.core.util.LruCache;

/**
 * Remembers the scores of a deterministic scalar model by {@link ScoringRequest#contentKey()}, so a
 * request with the same content (media compared by content) is scored once. Only successful scores
 * are kept; failures are asked again. Bounded: least recently used entries go first.
 */
public final class CachingScalarRewardModel extends ForwardingScalarRewardModel {

    private final LruCache<String, Double> cache;

    public CachingScalarRewardModel(ScalarRewardModel delegate, int capacity) {
        super(delegate);
        this.cache = LruCache.ofEntries(capacity);
    }

    /** The cache, for hit and miss counts. */
    public LruCache<String, Double> cache() {
        return cache;
    }

    @Override
    public List<ScoreResult> scoreBatch(List<ScoringRequest> requests) {
        ScoreResult[] out = new ScoreResult[requests.size()];
        String[] keys = new String[requests.size()];
        List<ScoringRequest> missing = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            keys[i] = keyOf(requests.get(i));
            Double hit = keys[i] == null ? null : cache.getIfPresent(keys[i]);
            if (hit != null) {
                out[i] = ScoreResult.of(hit);
            } else {
                missing.add(requests.get(i));
                positions.add(i);
            }
        }
        if (!missing.isEmpty()) {
            List<ScoreResult> fresh = delegate.scoreBatch(missing);
            if (fresh.size() != missing.size()) {
                throw new IllegalStateException("model " + name() + " returned " + fresh.size() + " results for "
                        + missing.size() + " requests");
            }
            for (int k = 0; k < fresh.size(); k++) {
                int i = positions.get(k);
                out[i] = fresh.get(k);
                if (fresh.get(k).ok() && keys[i] != null) {
                    cache.put(keys[i], fresh.get(k).score());
                }
            }
        }
        return List.of(out);
    }

    /**
     * The request's content key, or null when its media cannot be read to hash them: such a request
     * is passed on uncached, so the model fails that item alone (as it would without the cache)
     * instead of the whole batch failing here with an I/O error.
     */
    static String keyOf(ScoringRequest request) {
        try {
            return request.contentKey();
        } catch (UncheckedIOException e) {
            return null;
        }
    }
}
