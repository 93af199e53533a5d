package org.omnireward.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.omnireward.core.Task;
import org.omnireward.core.util.ProgressDisplay;
import org.omnireward.explore.AnnotationQueue;
import org.omnireward.explore.ExploreServer;
import org.omnireward.explore.Explorer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code omni-reward annotate}: label pairs in the browser under free-form criteria (docs/explore.md). */
@Command(
        name = "annotate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Label preference pairs in the browser: per pair keep, reuse or write a criterion, pick A, B or tie",
            "(keys A/1, B/2, T/3, Enter saves, S skips) and say why. The response order is seeded per annotator. Each label is",
            "appended at once to OUT as unified JSONL with its provenance (annotator, time, order shown), so a stopped",
            "session resumes and several annotators can share OUT; data stats OUT reports their agreement, and data",
            "convert/mix read OUT. Prints the address to open; Ctrl-C stops."
        })
public final class AnnotateCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--data",
            required = true,
            paramLabel = "PATH",
            description =
                    "The pairs: a unified JSONL file, a data mix folder, a folder of JSONL files, or a benchmark folder.")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "FILE.jsonl", description = "The labels file (appended to).")
    Path out;

    @Option(
            names = "--annotator",
            required = true,
            paramLabel = "NAME",
            description = "Who labels (repeatable: several annotators on one queue, each at /annotate/NAME).")
    List<String> annotators = new ArrayList<>();

    @Option(names = "--task", paramLabel = "TASK", description = "Only pairs of this task (t2t, t2i, ...).")
    String task;

    @Option(
            names = "--seed",
            defaultValue = "0",
            paramLabel = "N",
            description = "Seeds the response order shown to each annotator (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--media-root",
            paramLabel = "DIR",
            description = "Where a benchmark's relative media paths resolve.")
    Path mediaRoot;

    @Option(
            names = "--port",
            defaultValue = "8766",
            paramLabel = "N",
            description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Mixin
    WebAppOptions web = new WebAppOptions();

    @Override
    public Integer call() throws Exception {
        AnnotationQueue.Settings queue =
                new AnnotationQueue.Settings(out, annotators, task == null ? null : Task.parse(task), seed);
        ExploreServer.Settings settings = web.settings(port);
        long t0 = System.nanoTime();
        Explorer explorer;
        try (ProgressDisplay progress = new ProgressDisplay(System.err, "index")) {
            explorer = Explorer.annotate(data, Optional.ofNullable(mediaRoot), queue, progress);
        }
        explorer.queue().notices().forEach(n -> System.err.println("note: " + n));
        List<String> paths = new ArrayList<>();
        for (String a : explorer.queue().annotators()) {
            paths.add("/annotate/" + a);
        }
        String what = String.format(
                Locale.ROOT,
                "%,d pairs of %s; labels go to %s",
                explorer.queue().size(),
                data,
                explorer.queue().out());
        return ExploreCommand.serve(spec, explorer, settings, web.host, t0, what, paths);
    }
}
