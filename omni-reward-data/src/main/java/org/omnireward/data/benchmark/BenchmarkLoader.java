package org.omnireward.data.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import org.omnireward.core.InvalidInputException;

/**
 * Opens an Omni-RewardBench copy in any supported layout (protocol.md, "A sample"): a Hugging Face parquet
 * snapshot, per-task JSON/JSONL files, or LLaMA-Factory sharegpt ranking files. The layout is
 * detected unless {@link LoadOptions#format()} forces one.
 *
 * <p>Usage: {@code try (BenchmarkSource src = BenchmarkLoader.open(dir, LoadOptions.defaults())) {
 * for (Task t : src.tasks()) try (Stream<LoadedEntry> s = src.entries(t)) { … } } }
 */
public final class BenchmarkLoader {

    /** Default media folder name inside the benchmark folder. */
    public static final String MEDIA_DATA = "media_data";

    private BenchmarkLoader() {}

    /**
     * Opens the benchmark in {@code data}. Only the folder structure (and a LLaMA-Factory
     * {@code dataset_info.json}) is read here; records are read as they are streamed.
     *
     * @throws InvalidInputException when the folder or the media root is missing, no layout is
     *     recognised (the message lists what was looked for and what the folder holds), more than
     *     one is and none was forced, or {@link LoadOptions#task()} names a task the folder lacks
     */
    public static BenchmarkSource open(Path data, LoadOptions opts) {
        Path dir = data.toAbsolutePath().normalize();
        if (Files.isRegularFile(dir) && UnifiedBenchmarkSource.isUnifiedFile(dir)) {
            if (opts.format().isPresent() && opts.format().get() != BenchmarkFormat.UNIFIED) {
                throw new InvalidInputException(dir + " is a unified preference JSONL file, not the "
                        + opts.format().get() + " layout");
            }
            return new UnifiedBenchmarkSource(dir, opts.task());
        }
        LayoutDetector.Layout layout = LayoutDetector.detect(dir, opts);
        return new FileBenchmarkSource(dir, mediaRoot(dir, opts), layout, opts.seed());
    }

    /**
     * The benchmark layouts {@code dir} holds (none when it is not a folder), from file and folder
     * names only; {@link org.omnireward.data.DataFormats#detect} is the entry point that also
     * recognises training data.
     */
    public static java.util.List<BenchmarkFormat> layoutsIn(Path dir) {
        return LayoutDetector.layoutsIn(dir.toAbsolutePath().normalize());
    }

    /** {@code opts.mediaRoot()}, else {@code <data>/media_data} when it is a folder, else {@code data}. */
    static Path mediaRoot(Path dir, LoadOptions opts) {
        if (opts.mediaRoot().isPresent()) {
            Path root = opts.mediaRoot().get().toAbsolutePath().normalize();
            if (!Files.exists(root)) {
                throw new InvalidInputException("media root " + root + " does not exist");
            }
            if (!Files.isDirectory(root)) {
                throw new InvalidInputException("media root " + root + " is not a folder");
            }
            return root;
        }
        Path media = dir.resolve(MEDIA_DATA);
        return Files.isDirectory(media) ? media : dir;
    }
}
