package org.omnireward.spark;

import java.util.Map;
import java.util.Properties;
import org.omnireward.core.util.CacheDirectory;

/**
 * The launcher's part in the JVMs of a Spark application run by this module: the one class of the
 * Spark module that sets JVM-wide system properties, as the command line's launcher ({@code
 * JvmDefaults}) does in its own JVM. Each property is set only when unset, so a user's {@code -D} (for
 * executors in {@code spark.executor.extraJavaOptions}) always wins.
 *
 * <ul>
 *   <li>{@link #start()}: the command line's JVM-wide settings ({@link #DEFAULTS}), in the driver
 *       ({@link SparkCli#main}) and in every executor as {@link OmniRewardPlugin} starts it, before any
 *       task. {@code http.maxConnections=256}: the JDK keeps at most this many idle HTTP/1.1
 *       connections per server, 5 unless set, so a judge at {@code --concurrency} 32 would open a new
 *       connection for most of its calls. {@code ai.djl.offline=true}: DJL never downloads an engine;
 *       libtorch comes from the {@code pytorch-native-cpu} jar on the class path ({@code rm:} models).
 *   <li>{@link #prepare(ModelRecipe)}: the job's cache folder ({@value CacheDirectory#PROPERTY}, {@link
 *       ModelRecipe#cacheDir()}) before the first model is made, when the job names one (local mode
 *       keeps the user's cache).
 * </ul>
 */
final class ExecutorLauncher {

    /** The JVM-wide settings and the values they get when unset. */
    static final Map<String, String> DEFAULTS = Map.of("http.maxConnections", "256", "ai.djl.offline", "true");

    private ExecutorLauncher() {}

    /** Gives this JVM the command line's JVM-wide settings; called before any connection or model. */
    static void start() {
        applyDefaults(System.getProperties());
    }

    /** Sets each of {@link #DEFAULTS} in {@code properties} that is not set there. */
    static void applyDefaults(Properties properties) {
        DEFAULTS.forEach((key, value) -> {
            if (properties.getProperty(key) == null) {
                properties.setProperty(key, value);
            }
        });
    }

    /** Prepares this JVM for the models of {@code recipe}; called before each is created. */
    static void prepare(ModelRecipe recipe) {
        if (recipe.cacheDir() != null && System.getProperty(CacheDirectory.PROPERTY) == null) {
            System.setProperty(CacheDirectory.PROPERTY, recipe.cacheDir());
        }
    }
}
