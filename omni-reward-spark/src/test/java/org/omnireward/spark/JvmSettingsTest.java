package org.omnireward.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The command line's JVM-wide settings reach the Spark JVMs: the driver through {@link SparkCli#main},
 * every executor through {@link OmniRewardPlugin} as it starts. Without {@code http.maxConnections}
 * the JDK keeps 5 idle connections per server and a judge at {@code --concurrency 32} reconnects for
 * most calls (perf/spark-judge prints the connections its server accepted).
 */
class JvmSettingsTest {

    @Test
    void unsetPropertiesGetTheLaunchersValuesAndAUsersOwnWins() {
        Properties p = new Properties();
        p.setProperty("http.maxConnections", "12");
        JvmSettings.apply(p);
        assertThat(p.getProperty("http.maxConnections")).isEqualTo("12");
        assertThat(p.getProperty("ai.djl.offline")).isEqualTo("true");

        Properties empty = new Properties();
        JvmSettings.apply(empty);
        assertThat(empty).containsEntry("http.maxConnections", "256");
    }

    @Test
    void everyExecutorGetsThemAsItStarts() {
        Properties saved = (Properties) System.getProperties().clone();
        try {
            JvmSettings.DEFAULTS.keySet().forEach(System::clearProperty);
            new OmniRewardPlugin().executorPlugin().init(null, Map.of());
            for (Map.Entry<String, String> e : JvmSettings.DEFAULTS.entrySet()) {
                assertThat(System.getProperty(e.getKey())).isEqualTo(e.getValue());
            }
        } finally {
            System.setProperties(saved);
        }
    }
}
