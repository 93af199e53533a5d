package org.omnireward.spark;

import java.io.Serializable;
import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * What every partition of a job adds to, read by the driver: lines evaluated (the progress line),
 * lines committed, and failed lines among them.
 */
record PartitionCounters(LongAccumulator progress, LongAccumulator written, LongAccumulator failed)
        implements Serializable {

    /** Three new counters of {@code sc}, named as the Spark UI shows them. */
    static PartitionCounters create(SparkContext sc) {
        return new PartitionCounters(
                sc.longAccumulator("omni-reward lines"),
                sc.longAccumulator("omni-reward committed lines"),
                sc.longAccumulator("omni-reward failed lines"));
    }
}
