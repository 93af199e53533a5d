package org.omnireward.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the team's shared third-party test material ({@code ../shared/data} beside the project
 * root): the {@code omnireward.shared.data} system property if set, else the first {@code
 * shared/data} folder found walking up from the working directory. Tests that need it call
 * {@link #require} or {@link #file}.
 *
 * <p>Where the material is absent the test is skipped with a message printed to the build log (JUnit
 * does not print assumption messages), so the project builds elsewhere. Where it is required — the
 * environment variable {@value #REQUIRED_ENV} is {@code 1} or {@code true}, which {@code .ci/run} sets
 * when {@code ../shared/data} is there — an absent folder, a missing file or an unreadable one fails
 * the test instead, so CI cannot pass without running these tests.
 */
public final class SharedTestData {

    /** The environment variable that turns a skip for missing or unreadable material into a failure. */
    public static final String REQUIRED_ENV = "OMNI_REWARD_REQUIRE_SHARED_DATA";

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

    /** Whether missing or unreadable material fails the test ({@value #REQUIRED_ENV} set). */
    public static boolean required() {
        return isTrue(System.getenv(REQUIRED_ENV));
    }

    /**
     * The shared data folder; skips the calling test, saying so in the log, when it is absent (fails
     * it when the material is {@linkplain #required() required}).
     */
    public static Path require(String testName) {
        return require(testName, root(), required());
    }

    /**
     * A file under the shared data folder; skips the calling test, saying so in the log, when it is
     * absent (fails it when the material is {@linkplain #required() required}, or when the file is
     * there but cannot be read).
     */
    public static Path file(String testName, String relative) {
        return file(testName, require(testName), relative, required());
    }

    static Path require(String testName, Optional<Path> root, boolean required) {
        if (root.isEmpty()) {
            unavailable(
                    testName,
                    "../shared/data (the real third-party test material) was not found beside the project",
                    required);
        }
        Path readme = root.get().resolve("README.md");
        if (Files.exists(readme) && !readable(readme)) {
            Assertions.fail(testName + ": " + readme + " is there but cannot be read (check its permissions)");
        }
        return root.get();
    }

    static Path file(String testName, Path root, String relative, boolean required) {
        Path file = root.resolve(relative);
        if (!Files.exists(file)) {
            unavailable(testName, "shared test file " + relative + " is missing under " + root, required);
        }
        if (!Files.isRegularFile(file) || !readable(file)) {
            Assertions.fail(testName + ": shared test file " + file + " is there but cannot be read");
        }
        return file;
    }

    static boolean isTrue(String value) {
        if (value == null) {
            return false;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        return v.equals("1") || v.equals("true") || v.equals("yes");
    }

    private static boolean readable(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            in.read();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void unavailable(String testName, String why, boolean required) {
        if (required) {
            Assertions.fail(testName + ": " + why + "; " + REQUIRED_ENV
                    + " is set (CI found ../shared/data), so this test must run");
        }
        String message = "SKIPPED " + testName + ": " + why;
        System.err.println("[omni-reward tests] " + message);
        Assumptions.abort(message);
    }
}
