package org.omnireward.runtime;

import java.util.ArrayList;
import java.util.List;
import org.omnireward.core.ScalarRewardModel;
import org.omnireward.core.ScoreResult;
import org.omnireward.core.ScoringRequest;

/**
 * Scores any number of requests in batches of the model's {@link ScalarRewardModel#preferredBatchSize()},
 * keeping one result per request in order. Each batch is one call; one bad item fails alone (the
 * model reports per-item results), so no batch is ever re-scored item by item.
 */
public final class ScalarBatching {

    private ScalarBatching() {}

    /** The results of all {@code requests}, scored in batches of at most {@code batchSize}. */
    public static List<ScoreResult> scoreAll(ScalarRewardModel model, List<ScoringRequest> requests, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        List<ScoreResult> out = new ArrayList<>(requests.size());
        for (List<ScoringRequest> chunk : chunks(requests, batchSize)) {
            List<ScoreResult> results = model.scoreBatch(chunk);
            if (results == null || results.size() != chunk.size()) {
                throw new IllegalStateException("model " + model.name() + " returned "
                        + (results == null ? "no" : results.size()) + " results for " + chunk.size() + " requests");
            }
            out.addAll(results);
        }
        return out;
    }

    /** The results of all {@code requests}, in batches of the model's preferred size. */
    public static List<ScoreResult> scoreAll(ScalarRewardModel model, List<ScoringRequest> requests) {
        return scoreAll(model, requests, Math.max(1, model.preferredBatchSize()));
    }

    /** {@code items} cut into consecutive sublists of at most {@code size} elements. */
    public static <T> List<List<T>> chunks(List<T> items, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("chunk size must be at least 1, got " + size);
        }
        List<List<T>> out = new ArrayList<>((items.size() + size - 1) / size);
        for (int i = 0; i < items.size(); i += size) {
            out.add(items.subList(i, Math.min(items.size(), i + size)));
        }
        return out;
    }
}
