package org.omnireward.data.benchmark;

import java.nio.file.Path;

/**
 * A declared input a loader could not assign to any task (so none of its records are streamed),
 * with the reason. Reported by {@link BenchmarkSource#skipped()} so that it is never silently lost.
 *
 * @param name what was skipped, e.g. the LLaMA-Factory entry name
 * @param file the file it points to, or the file that declares it
 * @param reason what is wrong and how to fix it
 */
public record SkippedInput(String name, Path file, String reason) {

    @Override
    public String toString() {
        return name + " (" + file + "): " + reason;
    }
}
