package org.omnireward.runtime.decorate;

import java.util.List;
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

    /**
     * Passes the batch on in one call and records one call per verdict (the forwarded default would
     * leave batches unmetered); a batch that fails is recorded as one failure.
     */
    @Override
    public List<Verdict> judgeBatch(List<PairwiseRequest> requests) {
        List<Verdict> verdicts;
        try {
            verdicts = delegate.judgeBatch(requests);
        } catch (RuntimeException e) {
            meter.recordFailure();
            throw e;
        }
        for (Verdict v : verdicts) {
            meter.record(v == null ? null : v.usage());
        }
        return verdicts;
    }
}
