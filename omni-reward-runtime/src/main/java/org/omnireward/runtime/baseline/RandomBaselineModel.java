package org.omnireward.runtime.baseline;

import java.util.List;
import org.omnireward.core.AbstractPairwiseRewardModel;
import org.omnireward.core.MediaRef;
import org.omnireward.core.PairwiseRequest;
import org.omnireward.core.Preference;
import org.omnireward.core.Response;
import org.omnireward.core.Verdict;
import org.omnireward.core.util.StableHash;

/**
 * The chance baseline: a pairwise "judge" that answers uniformly at random among the labels the
 * request allows (response A/B, plus tie when ties are allowed). A model never sees sample ids, so
 * the answer is a function of the seed and the request's content (task, criterion, prompt, input
 * media names, the two responses as an unordered pair, whether ties are allowed): it does not depend
 * on thread scheduling or sample order, a resumed run gives the same answers as an uninterrupted
 * one, and it never looks at which response is better. Media take part by name, not by content, so
 * the baseline never reads a media file.
 */
public final class RandomBaselineModel extends AbstractPairwiseRewardModel {

    private static final Preference[] NO_TIES = {Preference.RESPONSE1, Preference.RESPONSE2};
    private static final Preference[] WITH_TIES = {Preference.RESPONSE1, Preference.RESPONSE2, Preference.TIE};

    private final long seed;

    public RandomBaselineModel(long seed) {
        this.seed = seed;
    }

    /** The seed the draws are derived from. */
    public long seed() {
        return seed;
    }

    @Override
    public String name() {
        return "random";
    }

    @Override
    protected Verdict doJudge(PairwiseRequest request) {
        Preference[] labels = request.allowTies() ? WITH_TIES : NO_TIES;
        String a = describe(request.responseA());
        String b = describe(request.responseB());
        String first = a.compareTo(b) <= 0 ? a : b;
        String second = a.compareTo(b) <= 0 ? b : a;
        int pick = StableHash.choice(
                labels.length,
                seed,
                "random-baseline",
                request.task().id(),
                request.criteria(),
                request.prompt(),
                inputs(request.inputs()),
                first,
                second,
                request.allowTies() ? "ties" : "no_ties");
        return Verdict.of(labels[pick]);
    }

    private static String describe(Response r) {
        return r.isText()
                ? "text:" + r.text().orElseThrow()
                : "media:" + r.media().orElseThrow().name();
    }

    private static String inputs(List<MediaRef> inputs) {
        StringBuilder sb = new StringBuilder();
        for (MediaRef m : inputs) {
            sb.append(m.name()).append('\u0000');
        }
        return sb.toString();
    }
}
