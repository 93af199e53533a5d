package org.omnireward.core;

import java.util.Objects;

/**
 * Base for pairwise models (template method): {@link #judge} checks the task is supported and the
 * answer is allowed, and backends implement only {@link #doJudge}.
 */
public abstract class AbstractPairwiseRewardModel implements PairwiseRewardModel {

    @Override
    public final Verdict judge(PreferenceSample sample, boolean allowTies) {
        Objects.requireNonNull(sample, "sample");
        if (!supports(sample.task())) {
            throw new UnsupportedTaskException(name(), sample.task());
        }
        Verdict v = doJudge(sample, allowTies);
        if (v == null) {
            throw new IllegalStateException("model " + name() + " returned no verdict for " + sample.id());
        }
        if (!allowTies && v.preference() == Preference.TIE) {
            throw new UnparseableOutputException("model " + name() + " answered tie where ties are not allowed", v.rawOutput());
        }
        return v;
    }

    /** Judges a sample whose task is supported. */
    protected abstract Verdict doJudge(PreferenceSample sample, boolean allowTies);
}
