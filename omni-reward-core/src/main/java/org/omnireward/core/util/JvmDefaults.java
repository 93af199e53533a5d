package org.omnireward.core.util;

import java.util.Map;
import java.util.Properties;
import org.omnireward.core.Internal;

/**
 * The JVM-wide settings the command line wants, set by its launchers (the command line's {@code
 * OmniRewardCli.main}; in a Spark application the Spark module's {@code ExecutorLauncher}, in the driver
 * and every executor) and never by a library class: the library runs inside other people's programs, where such settings
 * belong to whoever starts the JVM. Each is set only when the user has not set it ({@code -D} on the
 * command line or in {@code OMNI_REWARD_JAVA_OPTS}), so the user always wins.
 *
 * <ul>
 *   <li>{@code http.maxConnections=256}: the JDK keeps at most this many idle HTTP/1.1 connections per
 *       server (5 unless set); a judge with {@code parallel} above that would reconnect for most
 *       requests. Read once, when the JVM first opens an HTTP connection.
 *   <li>{@code ai.djl.offline=true}: DJL never downloads an engine; libtorch comes from the {@code
 *       pytorch-native-cpu} jar on the class path ({@code train rm}, {@code --model rm:}).
 * </ul>
 */
@Internal
public final class JvmDefaults {

    /** The properties and the values the launcher gives them when unset. */
    public static final Map<String, String> DEFAULTS = Map.of(
            "http.maxConnections", "256",
            "ai.djl.offline", "true");

    private JvmDefaults() {}

    /** Sets each of {@link #DEFAULTS} in {@code properties} that is not set there. */
    public static void apply(Properties properties) {
        DEFAULTS.forEach((key, value) -> {
            if (properties.getProperty(key) == null) {
                properties.setProperty(key, value);
            }
        });
    }
}
