package org.omnireward.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.omnireward.core.util.CacheDirectory;

/** The executor's launcher part sets the job's cache folder only where the user set none. */
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
}
