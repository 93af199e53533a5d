package org.omnireward.spark;

import org.apache.spark.sql.SparkSession;

/** One Spark session in local mode with two task slots for every test of this JVM (starting one costs seconds). */
final class SparkTestSession {

    private static SparkSession session;

    private SparkTestSession() {}

    static synchronized SparkSession get() {
        if (session == null) {
            System.setProperty("spark.ui.enabled", "false");
            System.setProperty("spark.sql.shuffle.partitions", "4");
            session = SparkJobs.session("local[2]", "omni-reward-spark tests");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> session.stop()));
        }
        return session;
    }
}
