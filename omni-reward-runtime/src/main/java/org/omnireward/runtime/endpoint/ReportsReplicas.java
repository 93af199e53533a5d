package org.omnireward.runtime.endpoint;

import java.util.List;

/**
 * A model served by replicas that can say how it used them; the benchmark runner and the command line
 * report the requests per replica at the end of a run.
 */
public interface ReportsReplicas {

    /** One entry per replica, in the order they were configured. */
    List<ReplicaStats> replicaStats();
}
