package org.omnireward.media;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the team's shared test material ({@code ../shared/data} beside the project root): the
 * {@code omnireward.shared.data} system property if set, else the first {@code shared/data} folder
 * found walking up from the working directory.
 */
final class SharedData {

    private SharedData() {
    }

    static Optional<Path> root() {
        String prop = System.getProperty("omnireward.shared.data");
        if (prop != null && !prop.isBlank()) {
            Path p = Path.of(prop);
            return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("data");
            if (Files.isRegularFile(candidate.resolve("README.md"))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The file at {@code relative} under the shared data folder, if both exist. */
    static Optional<Path> file(String relative) {
        return root().map(r -> r.resolve(relative)).filter(Files::isRegularFile);
    }
}
