package org.omnireward.data.benchmark;

import java.nio.file.Path;

/**
 * Opens a benchmark folder. The production implementation is the loader's {@code open(Path,
 * LoadOptions)}; commands depend on this interface so tests can hand them an in-memory source.
 */
@FunctionalInterface
public interface BenchmarkOpener {

    /**
     * Opens {@code dataDir} with {@code options}.
     *
     * @throws org.omnireward.core.InvalidInputException when the folder is not a benchmark in a known layout
     */
    BenchmarkSource open(Path dataDir, LoadOptions options);
}
