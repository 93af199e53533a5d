package org.omnireward.explore;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.util.ProgressDisplay;
import org.omnireward.data.benchmark.BenchmarkFormat;
import org.omnireward.data.benchmark.LoadOptions;

/**
 * What one explorer shows, indexed: runs (with the benchmark they ran on, when it can be found), a data set,
 * and an annotation queue over a data set; any part may be absent. {@link ExploreServer} serves it.
 * Closing it deletes the index.
 */
public final class Explorer implements AutoCloseable {

    private final ExploreDb db;
    private final RunIndex runs;
    private final DataIndex data;
    private final AnnotationQueue queue;

    private Explorer(ExploreDb db, RunIndex runs, DataIndex data, AnnotationQueue queue) {
        this.db = db;
        this.runs = runs;
        this.data = data;
        this.queue = queue;
    }

    /**
     * Runs, and the benchmark they ran on: {@code data} when given, else the {@code data} of the first run's
     * {@code run.json} when that path exists (a notice says when it does not: pages then show the predictions
     * without prompts and media).
     */
    public static Explorer runs(List<Path> runPaths, Optional<Path> data, Optional<Path> mediaRoot,
            Consumer<String> notices, ProgressDisplay progress) {
        ExploreDb db = ExploreDb.create();
        try {
            RunIndex runs = RunIndex.load(db, runPaths, notices, progress);
            Optional<Path> benchmark = data;
            JsonNode config = runs.runs().get(0).report().runConfig();
            if (benchmark.isEmpty()) {
                for (RunIndex.Run r : runs.runs()) {
                    String d = text(r.report().runConfig(), "data");
                    if (d == null && r.summary().data() != null) {
                        d = r.summary().data();
                    }
                    if (d != null) {
                        if (Files.exists(Path.of(d))) {
                            benchmark = Optional.of(Path.of(d));
                            config = r.report().runConfig();
                        } else {
                            notices.accept("the benchmark " + d + " that " + r.dir() + " ran on is not there; give --data"
                                    + " DIR to see prompts, criteria and media");
                        }
                        break;
                    }
                }
            }
            DataIndex index = null;
            if (benchmark.isPresent()) {
                LoadOptions opts = LoadOptions.defaults();
                String format = text(config, "format");
                if (format != null) {
                    try {
                        opts = opts.withFormat(BenchmarkFormat.parse(format));
                    } catch (InvalidInputException e) {
                        // an unknown layout name: let the loader detect it
                    }
                }
                String root = text(config, "media_root");
                if (mediaRoot.isPresent()) {
                    opts = opts.withMediaRoot(mediaRoot.get());
                } else if (root != null && Files.isDirectory(Path.of(root))) {
                    opts = opts.withMediaRoot(Path.of(root));
                }
                JsonNode seed = config == null ? null : config.get("seed");
                if (seed != null && seed.canConvertToLong()) {
                    opts = opts.withSeed(seed.asLong());
                }
                index = DataIndex.load(db, benchmark.get(), Optional.of(opts), progress);
                warnOtherData(runs, benchmark.get(), notices);
            }
            return new Explorer(db, runs, index, null);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    private static void warnOtherData(RunIndex runs, Path shown, Consumer<String> notices) {
        List<String> others = new ArrayList<>();
        for (RunIndex.Run r : runs.runs()) {
            String d = text(r.report().runConfig(), "data");
            if (d != null && !Path.of(d).toAbsolutePath().normalize().equals(shown.toAbsolutePath().normalize())) {
                others.add(r.dir() + " (" + d + ")");
            }
        }
        if (!others.isEmpty()) {
            notices.accept("showing the samples of " + shown + "; these runs name another benchmark: "
                    + String.join(", ", others));
        }
    }

    /** A data set alone: a benchmark folder, a unified JSONL file, a mix folder or a folder of JSONL files. */
    public static Explorer data(Path data, Optional<Path> mediaRoot, ProgressDisplay progress) {
        ExploreDb db = ExploreDb.create();
        try {
            Optional<LoadOptions> opts = mediaRoot.map(m -> LoadOptions.defaults().withMediaRoot(m));
            return new Explorer(db, null, DataIndex.load(db, data, opts, progress), null);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** An annotation queue over a data set, writing labels to {@code settings.out()}. */
    public static Explorer annotate(Path data, Optional<Path> mediaRoot, AnnotationQueue.Settings settings,
            ProgressDisplay progress) {
        ExploreDb db = ExploreDb.create();
        try {
            Optional<LoadOptions> opts = mediaRoot.map(m -> LoadOptions.defaults().withMediaRoot(m));
            DataIndex index = DataIndex.load(db, data, opts, progress);
            return new Explorer(db, null, index, AnnotationQueue.open(index, settings));
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    private static String text(JsonNode config, String field) {
        if (config == null) {
            return null;
        }
        JsonNode v = config.get(field);
        return v == null || !v.isTextual() || v.asText().isBlank() ? null : v.asText();
    }

    /** The runs, or null. */
    public RunIndex runs() {
        return runs;
    }

    /** The data set (the runs' benchmark, or the one browsed or annotated), or null. */
    public DataIndex data() {
        return data;
    }

    /** The annotation queue, or null. */
    public AnnotationQueue queue() {
        return queue;
    }

    @Override
    public void close() {
        db.close();
    }
}
