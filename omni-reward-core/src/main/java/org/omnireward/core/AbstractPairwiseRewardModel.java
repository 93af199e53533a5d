package org.omnireward.core;

import java.util.Objects;

/**
 * Base for pairwise models (template method): {@link #judge} checks the task is supported and the
 * answer is allowed, and backends implement only {@link #doJudge}.
 */
public abstract class AbstractPairwiseRewardModel implements PairwiseRewardModel {

    @Override
    public final Verdict judge(PairwiseRequest request) {
        Objects.requireNonNull(request, "request");
        if (!supports(request.task())) {
            throw new UnsupportedTaskException(name(), request.task());
        }
        Verdict v = doJudge(request);
        if (v == null) {
            throw new IllegalStateException("model " + name() + " returned no verdict");
        }
        if (!request.allowTies() && v.preference() == Preference.TIE) {
            throw new UnparseableOutputException(
                    "model " + name() + " answered tie where ties are not allowed", v.rawOutput());
        }
        return v;
    }

    /** Judges a request whose task is supported. */
    protected abstract Verdict doJudge(PairwiseRequest request);
}
