package org.omnireward.runtime.baseline;

import java.util.List;
import java.util.Set;
import org.omnireward.core.AbstractScalarRewardModel;
import org.omnireward.core.ScoringRequest;
import org.omnireward.core.Task;

/**
 * The length baseline: a scalar model whose score is the length of the text response in Unicode
 * code points, i.e. "the longer answer is better". It shows how much of a benchmark a length bias
 * alone explains. Only tasks with text responses (t2t, ti2t, tv2t, ta2t) are supported.
 */
public final class LengthBaselineModel extends AbstractScalarRewardModel {

    private static final Set<Task> TEXT_RESPONSE_TASKS = Task.textResponseTasks();

    @Override
    public String name() {
        return "length";
    }

    @Override
    public Set<Task> supportedTasks() {
        return TEXT_RESPONSE_TASKS;
    }

    /** A response that is not text (possible in a hand-made request) fails its item alone. */
    @Override
    protected void checkRequest(ScoringRequest request) {
        request.response().requireText();
    }

    @Override
    protected double[] doScoreBatch(List<ScoringRequest> requests) {
        double[] scores = new double[requests.size()];
        for (int i = 0; i < scores.length; i++) {
            String text = requests.get(i).response().requireText();
            scores[i] = text.codePointCount(0, text.length());
        }
        return scores;
    }

    @Override
    public int preferredBatchSize() {
        return 64;
    }

}
