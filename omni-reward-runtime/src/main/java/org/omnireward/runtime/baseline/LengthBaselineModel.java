package org.omnireward.runtime.baseline;

import java.util.List;
import org.omnireward.core.AbstractTextScalarRewardModel;
import org.omnireward.core.ScoringRequest;

/**
 * The length baseline: a scalar model whose score is the length of the text response in Unicode
 * code points, i.e. "the longer answer is better". It shows how much of a benchmark a length bias
 * alone explains. Only tasks with text responses (t2t, ti2t, tv2t, ta2t) are supported.
 */
public final class LengthBaselineModel extends AbstractTextScalarRewardModel {

    @Override
    public String name() {
        return "length";
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
