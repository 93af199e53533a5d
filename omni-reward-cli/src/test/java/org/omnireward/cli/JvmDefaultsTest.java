package org.omnireward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class JvmDefaultsTest {

    @Test
    void setsOnlyWhatTheUserLeftUnset() {
        Properties p = new Properties();
        p.setProperty("http.maxConnections", "12");
        JvmDefaults.apply(p);
        assertThat(p.getProperty("http.maxConnections")).isEqualTo("12");
        assertThat(p.getProperty("ai.djl.offline")).isEqualTo("true");
    }

    /**
     * perf/ is an application with its own launcher; every omni-reward-* module is a library or the CLI, but
     * for the executor side of the Spark module, which plays the launcher's part in the executor JVMs Spark
     * starts (it sets the cache folder there, unless the user did, as the CLI's launcher does here).
     */
    @Test
    void theLauncherIsTheOnlyMainClassThatSetsASystemProperty() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<String> offenders;
        try (Stream<Path> files = Files.walk(root, 12)) {
            offenders = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> f.toString().contains("/src/main/java/"))
                    .filter(f -> root.relativize(f).getName(0).toString().startsWith("omni-reward-"))
                    .filter(f -> !f.getFileName().toString().equals("JvmDefaults.java"))
                    .filter(f -> !f.endsWith(Path.of("org/omnireward/spark/ExecutorModels.java")))
                    .filter(f -> read(f).contains("System.setProperty("))
                    .map(f -> root.relativize(f).toString())
                    .toList();
        }
        assertThat(offenders)
                .as("library classes that set JVM-wide system properties")
                .isEmpty();
    }

    private static String read(Path f) {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
