package org.omnireward.spark;

import java.util.Map;
import java.util.Properties;

/**
 * The JVM-wide settings the {@code omni-reward} command line gives its own JVM (omni-reward-cli's
 * {@code JvmDefaults}), for the JVMs of a Spark application run by this module's commands: the driver
 * ({@link SparkCli#main}) and every executor running {@link OmniRewardPlugin} (set as it starts,
 * before any task). Each is set only when unset, so a user's {@code -D} (for executors in {@code
 * spark.executor.extraJavaOptions}) wins.
 *
 * <ul>
 *   <li>{@code http.maxConnections=256}: the JDK keeps at most this many idle HTTP/1.1 connections per
 *       server, 5 unless set, so a judge at {@code --concurrency} 32 would open a new connection for
 *       most of its calls. Read when the JVM first opens an HTTP connection.
 *   <li>{@code ai.djl.offline=true}: DJL never downloads an engine; libtorch comes from the {@code
 *       pytorch-native-cpu} jar on the class path ({@code rm:} models).
 * </ul>
 */
final class JvmSettings {

    /** The properties and the values they get when unset. */
    static final Map<String, String> DEFAULTS = Map.of("http.maxConnections", "256", "ai.djl.offline", "true");

    private JvmSettings() {}

    /** Sets each of {@link #DEFAULTS} in {@code properties} that is not set there. */
    static void apply(Properties properties) {
        DEFAULTS.forEach((key, value) -> {
            if (properties.getProperty(key) == null) {
                properties.setProperty(key, value);
            }
        });
    }
}
