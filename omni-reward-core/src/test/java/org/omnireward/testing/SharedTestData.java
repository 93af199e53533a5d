package org.omnireward.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the team's shared third-party test material ({@code ../shared/data} beside the project
 * root): the {@code omnireward.shared.data} system property if set, else the first {@code
 * shared/data} folder found walking up from the working directory. Tests that need it call
 * {@link #require} or {@link #file}, which skip the test with a message printed to the build log
 * (JUnit does not print assumption messages) when the material is absent.
 */
public final class SharedTestData {

    private SharedTestData() {}

    /** The shared data folder, when present. */
    public static Optional<Path> root() {
        String prop = System.getProperty("omnireward.shared.data");
        if (prop != null && !prop.isBlank()) {
            Path p = Path.of(prop);
            return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("data");
            if (Files.isRegularFile(candidate.resolve("README.md"))) {
                return Optional.of(candidate.normalize());
            }
        }
        return Optional.empty();
    }

    /** The shared data folder; skips the calling test, saying so in the log, when it is absent. */
    public static Path require(String testName) {
        Optional<Path> root = root();
        if (root.isEmpty()) {
            skip(testName, "../shared/data (the real third-party test material) was not found beside the project");
        }
        return root.get();
    }

    /** A file under the shared data folder; skips the calling test, saying so in the log, when it is absent. */
    public static Path file(String testName, String relative) {
        Path file = require(testName).resolve(relative);
        if (!Files.isRegularFile(file)) {
            skip(testName, "shared test file " + relative + " is missing");
        }
        return file;
    }

    private static void skip(String testName, String why) {
        String message = "SKIPPED " + testName + ": " + why;
        System.err.println("[omni-reward tests] " + message);
        Assumptions.abort(message);
    }
}
