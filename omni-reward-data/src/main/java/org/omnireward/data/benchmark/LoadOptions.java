package org.omnireward.data.benchmark;

import java.nio.file.Path;
import java.util.Optional;
import org.omnireward.core.Task;

/**
 * How to open a benchmark.
 *
 * @param format the layout to assume, or empty to detect it
 * @param mediaRoot where relative media paths resolve, or empty for the default ({@code <data>/media_data}
 *     when it exists, else {@code <data>})
 * @param task the task of every record (LLaMA-Factory files whose entry name does not say it), or empty
 * @param seed seeds the per-sample choice of which side chosen/rejected pairs put first
 */
public record LoadOptions(Optional<BenchmarkFormat> format, Optional<Path> mediaRoot, Optional<Task> task, long seed) {

    public static LoadOptions defaults() {
        return new LoadOptions(Optional.empty(), Optional.empty(), Optional.empty(), 0L);
    }

    public LoadOptions withFormat(BenchmarkFormat f) {
        return new LoadOptions(Optional.ofNullable(f), mediaRoot, task, seed);
    }

    public LoadOptions withMediaRoot(Path p) {
        return new LoadOptions(format, Optional.ofNullable(p), task, seed);
    }

    public LoadOptions withTask(Task t) {
        return new LoadOptions(format, mediaRoot, Optional.ofNullable(t), seed);
    }

    public LoadOptions withSeed(long s) {
        return new LoadOptions(format, mediaRoot, task, s);
    }
}
