package org.omnireward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.omnireward.core.util.JvmDefaults;

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
     * The classes that play a launcher's part and so may set JVM-wide system properties, each with why:
     * every other class of an omni-reward-* module is a library (perf/ is an application with its own
     * launcher). The list must name exactly the classes that do, so it cannot outlive a change.
     */
    static final Map<String, String> LAUNCHERS = Map.of(
            "omni-reward-cli/src/main/java/org/omnireward/cli/OmniRewardCli.java",
            "the command line's launcher: its main applies JvmDefaults to the JVM it was started in",
            "omni-reward-spark/src/main/java/org/omnireward/spark/ExecutorLauncher.java",
            "the launcher's part in the Spark JVMs (the driver's main and the executors Spark starts, where no"
                    + " main of ours runs): the command line's JVM-wide settings and the job's cache folder,"
                    + " unless the user set them");

    @Test
    void onlyTheNamedLaunchersSetASystemProperty() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<String> setters;
        try (Stream<Path> files = Files.walk(root, 12)) {
            setters = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> f.toString().contains("/src/main/java/"))
                    .filter(f -> root.relativize(f).getName(0).toString().startsWith("omni-reward-"))
                    .filter(f -> setsSystemProperties(read(f)))
                    .map(f -> root.relativize(f).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        }
        assertThat(setters)
                .as("classes that set JVM-wide system properties (only the launchers may: %s)", LAUNCHERS)
                .containsExactlyInAnyOrderElementsOf(LAUNCHERS.keySet());
    }

    /** Whether {@code source} sets system properties: one, or through the JVM's {@code Properties}. */
    private static boolean setsSystemProperties(String source) {
        return source.contains("System.setProperty(")
                || source.contains("System.getProperties()")
                || source.contains("System.setProperties(");
    }

    private static String read(Path f) {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
