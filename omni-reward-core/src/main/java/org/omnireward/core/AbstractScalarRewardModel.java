package org.omnireward.core;

import java.util.List;
import java.util.Objects;

/**
 * Base for scalar models (template method): {@link #scoreBatch} checks tasks and result shape and
 * rejects non-finite scores; backends implement only {@link #doScoreBatch}.
 */
public abstract class AbstractScalarRewardModel implements ScalarRewardModel {

    @Override
    public final double[] scoreBatch(List<ScoringRequest> requests) {
        Objects.requireNonNull(requests, "requests");
        if (requests.isEmpty()) {
            return new double[0];
        }
        for (ScoringRequest r : requests) {
            if (!supports(r.task())) {
                throw new UnsupportedTaskException(name(), r.task());
            }
        }
        double[] scores = doScoreBatch(requests);
        if (scores == null || scores.length != requests.size()) {
            throw new IllegalStateException("model " + name() + " returned " + (scores == null ? "no" : scores.length)
                    + " scores for " + requests.size() + " requests");
        }
        for (int i = 0; i < scores.length; i++) {
            if (!Double.isFinite(scores[i])) {
                throw new NonRetriableException("model " + name() + " gave a non-finite score (" + scores[i]
                        + ") for request " + i + " of the batch");
            }
        }
        return scores;
    }

    /** Scores requests whose tasks are all supported. */
    protected abstract double[] doScoreBatch(List<ScoringRequest> requests);
}
