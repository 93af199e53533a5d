package org.omnireward.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.omnireward.core.util.ProgressDisplay;
import org.omnireward.data.SkippedRecord;
import org.omnireward.data.export.DataExport;
import org.omnireward.data.export.ExportTarget;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code omni-reward data export}: unified JSONL to the files GPU trainers read. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Export unified JSONL (a file or a data mix folder) for a trainer:",
                "llamafactory: DIR/dataset_info.json (ranking, sharegpt) and one JSON array per input file, the "
                        + "criterion as the system turn, <image>/<video>/<audio> placeholders, media under DIR/media;",
                "trl: conversational prompt/chosen/rejected JSONL; easyr1: problem/answer JSONL for a generative judge."})
public final class DataExportCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--to", required = true, paramLabel = "TARGET", description = "llamafactory, trl or easyr1.")
    String to;

    @Option(names = "--in", required = true, paramLabel = "FILE.jsonl|DIR", description = "Unified JSONL file or folder.")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The folder to write.")
    Path out;

    @Option(names = "--name", defaultValue = "omni_reward", paramLabel = "PREFIX",
            description = "Dataset names are PREFIX_<file stem> (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N",
            description = "Seed of the A/B placement in easyr1 problems (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        ExportTarget target = ExportTarget.parse(to);
        DataExport.Report r;
        try (ProgressDisplay progress = new ProgressDisplay(System.err, "export " + target.id())) {
            r = DataExport.export(target, in, out, name, seed, progress);
        }
        PrintWriter w = spec.commandLine().getOut();
        for (DataExport.FileReport f : r.files()) {
            w.printf(Locale.ROOT, "%s: %s, %,d records%n", f.name(), f.file(), f.records());
            if (f.skipped() > 0) {
                w.printf(Locale.ROOT, "  not exported: %,d", f.skipped());
                f.skippedByReason().forEach((k, v) -> w.printf(Locale.ROOT, " %s=%,d", k.key(), v));
                w.println();
                for (SkippedRecord s : f.firstSkips()) {
                    w.println("    " + s);
                }
            }
        }
        if (target == ExportTarget.LLAMAFACTORY) {
            w.println("registry: " + r.out().resolve(DataExport.DATASET_INFO));
        }
        if (r.mediaWritten() > 0) {
            w.printf(Locale.ROOT, "media: %,d files under %s%n", r.mediaWritten(), r.out().resolve("media"));
        }
        w.flush();
        return 0;
    }
}
