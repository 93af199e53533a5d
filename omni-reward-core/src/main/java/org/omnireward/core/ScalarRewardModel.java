package org.omnireward.core;

import java.util.List;

/**
 * A reward model that gives each response a number r(c, x, y); higher is better. The one method to
 * implement is {@link #scoreBatch}; the single-item forms call it. Harnesses compare r(y1) with r(y2)
 * and calibrate a tie threshold on |r1 − r2| for the three-way setting.
 */
public interface ScalarRewardModel extends RewardModel {

    /**
     * Scores each request. The result has one finite score per request, in the same order.
     *
     * @throws UnsupportedTaskException when a request's task is not supported
     * @throws RetriableException for failures worth retrying
     */
    double[] scoreBatch(List<ScoringRequest> requests);

    /** Scores one request. */
    default double score(ScoringRequest request) {
        return scoreBatch(List.of(request))[0];
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
