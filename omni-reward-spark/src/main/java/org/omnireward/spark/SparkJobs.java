package org.omnireward.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.RewardModels;

/** What the Spark jobs share: the session, how executors size and place their models, the output's temporary files. */
public final class SparkJobs {

    /** Spark configuration key: the executors' cache folder (judge replies, embeddings). */
    public static final String CACHE_DIR_CONF = "spark.omnireward.cacheDir";

    /** The executors' cache folder on a cluster unless {@value #CACHE_DIR_CONF} says otherwise: relative to the executor's working folder, on its local disk. */
    public static final String CLUSTER_CACHE_DIR = "omni-reward-cache";

    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\s*\\d+)?])?");

    private SparkJobs() {}

    /**
     * The session for a command: {@code master} when given (else what spark-submit set, else
     * {@code local[*]}), with {@link OmniRewardPlugin} so executors close their models.
     */
    public static SparkSession session(String master, String appName) {
        SparkConf conf = new SparkConf(true);
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        conf.setIfMissing("spark.app.name", appName);
        String plugins = conf.get("spark.plugins", "");
        if (!plugins.contains(OmniRewardPlugin.class.getName())) {
            conf.set(
                    "spark.plugins",
                    plugins.isBlank()
                            ? OmniRewardPlugin.class.getName()
                            : plugins + "," + OmniRewardPlugin.class.getName());
        }
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        return SparkSession.builder().config(conf).getOrCreate();
    }

    /**
     * The recipe of {@code spec} for this application: the spec is checked here, on the driver
     * (unknown providers and options fail before any task starts); executors get as many encoder
     * threads as they run tasks at once, and on a cluster a cache on their local disk.
     */
    public static ModelRecipe recipe(SparkSession spark, String spec, Map<String, String> options) {
        return recipe(spark.sparkContext().getConf(), spec, options);
    }

    /** {@link #recipe(SparkSession, String, Map)} for the application configured by {@code conf}. */
    static ModelRecipe recipe(SparkConf conf, String spec, Map<String, String> options) {
        ModelSpec parsed = ModelSpec.parse(spec, options);
        RewardModels.validateOptions(RewardModels.provider(parsed.provider()), parsed);
        String master = conf.get("spark.master", "local[*]");
        boolean local = LOCAL.matcher(master.trim()).matches();
        String cacheDir = conf.contains(CACHE_DIR_CONF) ? conf.get(CACHE_DIR_CONF) : local ? null : CLUSTER_CACHE_DIR;
        return new ModelRecipe(spec, options, slotsPerExecutor(master, conf), cacheDir);
    }

    /** Tasks one executor runs at once: N of {@code local[N]}, else {@code spark.executor.cores}; 0 when unknown. */
    static int slotsPerExecutor(String master, SparkConf conf) {
        Matcher m = LOCAL.matcher(master.trim().toLowerCase(Locale.ROOT));
        int cpusPerTask = Integer.parseInt(conf.get("spark.task.cpus", "1"));
        if (m.matches()) {
            String n = m.group(1);
            int cores =
                    n == null ? 1 : n.equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(n);
            return Math.max(1, cores);
        }
        if (conf.contains("spark.executor.cores")) {
            return Math.max(
                    1, Integer.parseInt(conf.get("spark.executor.cores")) / Math.max(1, cpusPerTask) * cpusPerTask);
        }
        return 0;
    }

    /** Removes the unfinished partition files an earlier (killed) job left in {@code out/_tmp}. */
    static void clearTemporary(String out, Configuration conf) {
        Path tmp = new Path(out, PartitionOutput.TMP);
        try {
            FileSystem fs = tmp.getFileSystem(conf);
            if (fs.exists(tmp)) {
                fs.delete(tmp, true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + tmp + ": " + e.getMessage(), e);
        }
    }
}
