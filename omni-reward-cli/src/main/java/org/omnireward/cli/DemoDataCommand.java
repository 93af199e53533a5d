package org.omnireward.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.omnireward.demo.DemoBenchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code omni-reward demo-data}: writes a small self-made Omni-RewardBench (all nine tasks, official
 * JSON layout with a {@code media_data/} folder) so every command can be tried without downloading
 * the real benchmark.
 */
@Command(
        name = "demo-data",
        mixinStandardHelpOptions = true,
        description = "Write a small demo Omni-RewardBench: <long_name>_preferences.json for all nine tasks next to "
                + "a media_data/ folder of generated images, clips and sounds. Criteria and labels are true of the "
                + "generated content; the same seed gives the same files.")
public final class DemoDataCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write (created if missing).")
    Path out;

    @Option(
            names = "--per-task",
            paramLabel = "N",
            defaultValue = "" + DemoBenchmark.DEFAULT_PER_TASK,
            description = "Samples per task (1-" + DemoBenchmark.MAX_PER_TASK + ", default: ${DEFAULT-VALUE}).")
    int perTask;

    @Option(
            names = "--seed",
            paramLabel = "S",
            defaultValue = "0",
            description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--force",
            description = "Overwrite: replace the task files and the demo's media_data/ in a non-empty folder.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        DemoBenchmark.Result result = DemoBenchmark.create(out, perTask, seed, force);
        DemoBenchmark.Summary s = result.summary();
        String what = String.format(
                Locale.ROOT,
                "9 tasks, %d samples each, %d in all, seed %d, %.1f MB",
                s.perTask(),
                s.totalSamples(),
                s.seed(),
                s.bytes() / (1024.0 * 1024.0));
        if (result.outcome() == DemoBenchmark.Outcome.ALREADY_PRESENT) {
            w.println(out + " already holds a complete demo benchmark (" + what + "); left unchanged. "
                    + "Use --force to regenerate it.");
        } else {
            w.println("wrote demo benchmark to " + out + ": " + what);
        }
        w.flush();
        return 0;
    }
}
