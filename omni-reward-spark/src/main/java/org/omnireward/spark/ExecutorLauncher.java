package org.omnireward.spark;

import org.omnireward.core.util.CacheDirectory;
import org.omnireward.core.util.JvmDefaults;

/**
 * The launcher's part in the JVMs of a Spark application run by this module: the one class of the
 * Spark module that sets JVM-wide system properties, as the command line's launcher ({@code
 * JvmDefaults}) does in its own JVM. Each property is set only when unset, so a user's {@code -D} (for
 * executors in {@code spark.executor.extraJavaOptions}) always wins.
 *
 * <ul>
 *   <li>{@link #start()}: the command line's JVM-wide settings ({@link JvmDefaults}: the HTTP client's
 *       idle connections per server, so a judge at {@code --concurrency} 32 keeps its connections; DJL
 *       offline, libtorch from the jar), in the driver ({@link SparkCli#main}) and in every executor as
 *       {@link OmniRewardPlugin} starts it, before any task.
 *   <li>{@link #prepare(ModelRecipe)}: the job's cache folder ({@value CacheDirectory#PROPERTY}, {@link
 *       ModelRecipe#cacheDir()}) before the first model is made, when the job names one (local mode
 *       keeps the user's cache).
 * </ul>
 */
final class ExecutorLauncher {

    private ExecutorLauncher() {}

    /** Gives this JVM the command line's JVM-wide settings; called before any connection or model. */
    static void start() {
        JvmDefaults.apply(System.getProperties());
    }

    /** Prepares this JVM for the models of {@code recipe}; called before each is created. */
    static void prepare(ModelRecipe recipe) {
        if (recipe.cacheDir() != null && System.getProperty(CacheDirectory.PROPERTY) == null) {
            System.setProperty(CacheDirectory.PROPERTY, recipe.cacheDir());
        }
    }
}
