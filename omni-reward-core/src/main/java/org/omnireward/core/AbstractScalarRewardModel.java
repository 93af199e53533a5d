package org.omnireward.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Base for scalar models (template method). {@link #scoreBatch} refuses unsupported tasks, asks
 * {@link #checkRequest} about each item (an item it rejects fails alone), sends the remaining
 * items to {@link #doScoreBatch} in one call, and turns a non-finite score into a failure of that
 * item. Backends implement {@link #doScoreBatch} and, when some inputs cannot be scored, {@link #checkRequest}.
 */
public abstract class AbstractScalarRewardModel implements ScalarRewardModel {

    @Override
    public final List<ScoreResult> scoreBatch(List<ScoringRequest> requests) {
        Objects.requireNonNull(requests, "requests");
        if (requests.isEmpty()) {
            return List.of();
        }
        for (ScoringRequest r : requests) {
            if (!supports(r.task())) {
                throw new UnsupportedTaskException(name(), r.task());
            }
        }
        ScoreResult[] results = new ScoreResult[requests.size()];
        List<ScoringRequest> accepted = new ArrayList<>(requests.size());
        int[] positions = new int[requests.size()];
        for (int i = 0; i < requests.size(); i++) {
            try {
                checkRequest(requests.get(i));
                positions[accepted.size()] = i;
                accepted.add(requests.get(i));
            } catch (NonRetriableException e) {
                results[i] = ScoreResult.failed(e);
            }
        }
        if (!accepted.isEmpty()) {
            double[] scores = doScoreBatch(accepted);
            if (scores == null || scores.length != accepted.size()) {
                throw new IllegalStateException("model " + name() + " returned "
                        + (scores == null ? "no" : scores.length) + " scores for " + accepted.size() + " requests");
            }
            for (int k = 0; k < scores.length; k++) {
                int i = positions[k];
                results[i] = Double.isFinite(scores[k])
                        ? ScoreResult.of(scores[k])
                        : ScoreResult.failed(new NonRetriableException("model " + name() + " gave a non-finite score ("
                                + scores[k] + ") for request " + i + " of the batch"));
            }
        }
        return List.of(results);
    }

    /**
     * Checks that one request can be scored, before any is. The default accepts every request.
     *
     * @throws NonRetriableException (e.g. {@link InvalidInputException}) naming what is wrong; only
     *     this item fails
     */
    protected void checkRequest(ScoringRequest request) {}

    /** Scores requests whose tasks are all supported and that passed {@link #checkRequest}. */
    protected abstract double[] doScoreBatch(List<ScoringRequest> requests);
}
