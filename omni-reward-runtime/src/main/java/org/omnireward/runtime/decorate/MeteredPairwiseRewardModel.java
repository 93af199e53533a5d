package org.omnireward.runtime.decorate;

import org.omnireward.core.PairwiseRequest;
import org.omnireward.core.PairwiseRewardModel;
import org.omnireward.core.Verdict;

/** Adds every call's reported token usage (and every failure) to a {@link UsageMeter}. */
public final class MeteredPairwiseRewardModel extends ForwardingPairwiseRewardModel {

    private final UsageMeter meter;

    public MeteredPairwiseRewardModel(PairwiseRewardModel delegate, UsageMeter meter) {
        super(delegate);
        this.meter = meter;
    }

    /** The meter calls are added to. */
    public UsageMeter meter() {
        return meter;
    }

    @Override
    public Verdict judge(PairwiseRequest request) {
        try {
            Verdict v = delegate.judge(request);
            meter.record(v == null ? null : v.usage());
            return v;
        } catch (RuntimeException e) {
            meter.recordFailure();
            throw e;
        }
    }
}
