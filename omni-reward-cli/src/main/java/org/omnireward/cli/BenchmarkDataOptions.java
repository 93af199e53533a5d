package org.omnireward.cli;

import java.nio.file.Path;
import org.omnireward.core.Task;
import org.omnireward.data.benchmark.BenchmarkFormat;
import org.omnireward.data.benchmark.LoadOptions;
import picocli.CommandLine.Option;

/** The options that say where a benchmark is and how to read it; shared by the bench commands. */
final class BenchmarkDataOptions {

    @Option(
            names = "--data",
            required = true,
            paramLabel = "DIR",
            description =
                    "The benchmark folder (Hugging Face parquet snapshot, per-task JSON files, or LLaMA-Factory data).")
    Path data;

    @Option(
            names = "--format",
            paramLabel = "hf|json|llamafactory",
            description = "Force the layout (default: detect).")
    String format;

    @Option(
            names = "--media-root",
            paramLabel = "DIR",
            description = "Where relative media paths resolve (default: DATA/media_data when it exists, else DATA).")
    Path mediaRoot;

    @Option(
            names = "--task",
            paramLabel = "TASK",
            description = "hf/json: read only this task; llamafactory: the task of entries whose name names none. "
                    + "An id (t2i) or long name (text_to_image).")
    String task;

    /** The loader options these flags describe, with {@code seed} for the order of chosen/rejected pairs. */
    LoadOptions toLoadOptions(long seed) {
        LoadOptions opts = LoadOptions.defaults().withSeed(seed);
        if (format != null) {
            opts = opts.withFormat(BenchmarkFormat.parse(format));
        }
        if (mediaRoot != null) {
            opts = opts.withMediaRoot(mediaRoot);
        }
        if (task != null) {
            opts = opts.withTask(Task.parse(task));
        }
        return opts;
    }
}
