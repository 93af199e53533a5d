package org.omnireward.runtime.decorate;

import java.util.ArrayList;
import java.util.List;
import org.omnireward.core.ScalarRewardModel;
import org.omnireward.core.ScoreResult;
import org.omnireward.core.ScoringRequest;

/**
 * Remembers the scores of a deterministic scalar model by {@link ScoringRequest#contentKey()}, so a
 * request with the same content (media compared by content) is scored once. Only successful scores
 * are kept; failures are asked again. Bounded: least recently used entries go first.
 */
public final class CachingScalarRewardModel extends ForwardingScalarRewardModel {

    private final BoundedCache<String, Double> cache;

    public CachingScalarRewardModel(ScalarRewardModel delegate, int capacity) {
        super(delegate);
        this.cache = new BoundedCache<>(capacity);
    }

    /** The cache, for hit and miss counts. */
    public BoundedCache<String, Double> cache() {
        return cache;
    }

    @Override
    public List<ScoreResult> scoreBatch(List<ScoringRequest> requests) {
        ScoreResult[] out = new ScoreResult[requests.size()];
        String[] keys = new String[requests.size()];
        List<ScoringRequest> missing = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            keys[i] = requests.get(i).contentKey();
            Double hit = cache.get(keys[i]);
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
                if (fresh.get(k).ok()) {
                    cache.put(keys[i], fresh.get(k).score());
                }
            }
        }
        return List.of(out);
    }
}
