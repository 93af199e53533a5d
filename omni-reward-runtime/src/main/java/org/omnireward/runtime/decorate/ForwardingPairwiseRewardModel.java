package org.omnireward.runtime.decorate;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.omnireward.core.PairwiseRequest;
import org.omnireward.core.PairwiseRewardModel;
import org.omnireward.core.Task;
import org.omnireward.core.Verdict;
import org.omnireward.runtime.endpoint.ReplicaStats;
import org.omnireward.runtime.endpoint.ReportsReplicas;

/**
 * A pairwise model that passes every call to another; decorators (cache, usage accounting) extend
 * it and override what they change. Closing it closes the model it wraps.
 */
public abstract class ForwardingPairwiseRewardModel implements PairwiseRewardModel, ReportsReplicas {

    protected final PairwiseRewardModel delegate;

    protected ForwardingPairwiseRewardModel(PairwiseRewardModel delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The model this one wraps. */
    public PairwiseRewardModel delegate() {
        return delegate;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public Set<Task> supportedTasks() {
        return delegate.supportedTasks();
    }

    @Override
    public Verdict judge(PairwiseRequest request) {
        return delegate.judge(request);
    }

    @Override
    public List<Verdict> judgeBatch(List<PairwiseRequest> requests) {
        return delegate.judgeBatch(requests);
    }

    /** The wrapped model's replica counts, so a decorated model still reports its replicas (none when it has none). */
    @Override
    public List<ReplicaStats> replicaStats() {
        return delegate instanceof ReportsReplicas r ? r.replicaStats() : List.of();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
