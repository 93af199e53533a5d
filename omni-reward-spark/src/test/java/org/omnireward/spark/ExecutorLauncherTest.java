package org.omnireward.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.omnireward.core.util.CacheDirectory;
import org.omnireward.core.util.JvmDefaults;

/**
 * The launcher's part in the Spark JVMs: the command line's JVM-wide settings reach the driver and
 * every executor (without {@code http.maxConnections} the JDK keeps 5 idle connections per server and a
 * judge at {@code --concurrency 32} reconnects for most calls; perf/spark-judge prints the connections
 * its server accepted), and the job's cache folder is set only where the user set none.
 */
class ExecutorLauncherTest {

    private String saved;

    @BeforeEach
    void save() {
        saved = System.getProperty(CacheDirectory.PROPERTY);
    }

    @AfterEach
    void restore() {
        if (saved == null) {
            System.clearProperty(CacheDirectory.PROPERTY);
        } else {
            System.setProperty(CacheDirectory.PROPERTY, saved);
        }
    }

    private static ModelRecipe recipe(String cacheDir) {
        return new ModelRecipe("length", Map.of(), 0, cacheDir);
    }

    @Test
    void setsTheJobsCacheFolderWhenTheExecutorHasNone() {
        System.clearProperty(CacheDirectory.PROPERTY);
        ExecutorLauncher.prepare(recipe("/tmp/job-cache"));
        assertThat(System.getProperty(CacheDirectory.PROPERTY)).isEqualTo("/tmp/job-cache");
    }

    @Test
    void theUsersCacheFolderWins() {
        System.setProperty(CacheDirectory.PROPERTY, "/tmp/users-cache");
        ExecutorLauncher.prepare(recipe("/tmp/job-cache"));
        assertThat(System.getProperty(CacheDirectory.PROPERTY)).isEqualTo("/tmp/users-cache");
    }

    @Test
    void aJobWithoutACacheFolderSetsNothing() {
        System.clearProperty(CacheDirectory.PROPERTY);
        ExecutorLauncher.prepare(recipe(null));
        assertThat(System.getProperty(CacheDirectory.PROPERTY)).isNull();
    }

    @Test
    void everyExecutorGetsThemAsItStarts() {
        Properties saved = (Properties) System.getProperties().clone();
        try {
            JvmDefaults.DEFAULTS.keySet().forEach(System::clearProperty);
            new OmniRewardPlugin().executorPlugin().init(null, Map.of());
            for (Map.Entry<String, String> e : JvmDefaults.DEFAULTS.entrySet()) {
                assertThat(System.getProperty(e.getKey())).isEqualTo(e.getValue());
            }
        } finally {
            System.setProperties(saved);
        }
    }
}
