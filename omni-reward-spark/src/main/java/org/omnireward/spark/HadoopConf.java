package org.omnireward.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import scala.Tuple2;

/**
 * The Hadoop configuration of this JVM as Spark sets it up: Hadoop's defaults and site files plus
 * every {@code spark.hadoop.*} entry of the Spark configuration (credentials of S3A, the default
 * file system, …), so that executors read cluster storage as the driver does.
 */
final class HadoopConf {

    private HadoopConf() {}

    /** The configuration of the running Spark application (Hadoop's defaults outside one). */
    static Configuration current() {
        Configuration conf = new Configuration();
        SparkEnv env = SparkEnv.get();
        if (env != null) {
            apply(env.conf(), conf);
        }
        return conf;
    }

    /** Copies the {@code spark.hadoop.*} entries of {@code spark} into {@code conf}. */
    static Configuration apply(SparkConf spark, Configuration conf) {
        for (Tuple2<String, String> e : spark.getAll()) {
            if (e._1().startsWith("spark.hadoop.")) {
                conf.set(e._1().substring("spark.hadoop.".length()), e._2());
            }
        }
        return conf;
    }
}
