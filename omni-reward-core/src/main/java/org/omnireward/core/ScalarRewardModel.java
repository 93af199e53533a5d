package org.omnireward.core;

import java.util.List;

/**
 * A reward model that gives each response a number r(c, x, y); higher is better. The one method to
 * implement is {@link #scoreBatch}, which reports a result per request (a score, or why that item
 * failed); the other methods call it. Callers compare r(y1) with r(y2) and calibrate a tie
 * threshold on |r1 − r2| for the three-way setting. Called from many threads at once (see {@link
 * RewardModel} for what a model must allow and may assume).
 */
public non-sealed interface ScalarRewardModel extends RewardModel {

    /** {@link ModelKind#SCALAR}. */
    @Override
    default ModelKind<ScalarRewardModel> kind() {
        return ModelKind.SCALAR;
    }

    /**
     * Scores each request: one result per request, in the same order. An item the model cannot
     * score (bad input, a non-finite score) is a failed result; the others are still scored.
     *
     * @throws UnsupportedTaskException when a request's task is not supported (callers never ask)
     * @throws RetriableException for failures of the whole call worth retrying (timeouts, 5xx)
     */
    List<ScoreResult> scoreBatch(List<ScoringRequest> requests);

    /**
     * Scores each request and returns the scores in order.
     *
     * @throws OmniRewardException the error of the first item that failed
     */
    default double[] scores(List<ScoringRequest> requests) {
        List<ScoreResult> results = scoreBatch(requests);
        if (results.size() != requests.size()) {
            throw new IllegalStateException("model " + name() + " returned " + results.size() + " results for "
                    + requests.size() + " requests");
        }
        double[] out = new double[results.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = results.get(i).orThrow();
        }
        return out;
    }

    /** Scores one request. */
    default double score(ScoringRequest request) {
        return scores(List.of(request))[0];
    }

    /** Scores one response to {@code prompt} (with its input media) under {@code criteria}. */
    default double score(Task task, String criteria, String prompt, List<MediaRef> inputs, Response response) {
        return score(new ScoringRequest(task, criteria, prompt, inputs, response));
    }

    /** Scores a text response to a text prompt under {@code criteria} (task t2t). */
    default double score(String criteria, String prompt, String response) {
        return score(Task.T2T, criteria, prompt, List.of(), Response.text(response));
    }

    /** How many requests this model likes to get in one {@link #scoreBatch} call. */
    default int preferredBatchSize() {
        return 16;
    }
}
