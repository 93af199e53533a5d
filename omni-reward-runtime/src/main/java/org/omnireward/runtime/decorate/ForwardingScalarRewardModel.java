package org.omnireward.runtime.decorate;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.omnireward.core.ScalarRewardModel;
import org.omnireward.core.ScoreResult;
import org.omnireward.core.ScoringRequest;
import org.omnireward.core.Task;
import org.omnireward.runtime.endpoint.ReplicaStats;
import org.omnireward.runtime.endpoint.ReportsReplicas;

/**
 * A scalar model that passes every call to another; decorators (cache, micro-batching) extend it
 * and override what they change. Closing it closes the model it wraps.
 */
public abstract class ForwardingScalarRewardModel implements ScalarRewardModel, ReportsReplicas {

    protected final ScalarRewardModel delegate;

    protected ForwardingScalarRewardModel(ScalarRewardModel delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The model this one wraps. */
    public ScalarRewardModel delegate() {
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
    public List<ScoreResult> scoreBatch(List<ScoringRequest> requests) {
        return delegate.scoreBatch(requests);
    }

    @Override
    public int preferredBatchSize() {
        return delegate.preferredBatchSize();
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
