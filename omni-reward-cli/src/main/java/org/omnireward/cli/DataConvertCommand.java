package org.omnireward.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.omnireward.core.util.ProgressDisplay;
import org.omnireward.data.DataConversion;
import org.omnireward.data.PreferenceFormat;
import org.omnireward.data.SkippedRecord;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code omni-reward data convert}: one public preference set to the unified preference JSONL. */
@Command(
        name = "convert",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Convert a public preference data set to the unified preference JSONL (one record per line).",
            "Formats: llamafactory, chosen-messages, alpaca-eval, hh-rlhf (.jsonl, .jsonl.gz), chat-pairs "
                    + "(UltraFeedback-binarized, Skywork, TRL), rlaif-v (parquet or JSON), hpdv2, video-pairs, "
                    + "xstest (folder), omnirewardbench (a benchmark folder; records are marked split=test, "
                    + "for bench run --data only).",
            "Records that cannot be used are counted per reason and listed in OUT.skipped.jsonl."
        })
public final class DataConvertCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "FORMAT", description = "The input's format.")
    String from;

    @Option(names = "--in", required = true, paramLabel = "FILE", description = "The input file (or folder).")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "FILE.jsonl", description = "The unified JSONL to write.")
    Path out;

    @Option(
            names = "--media-out",
            paramLabel = "DIR",
            description =
                    "Where media not already beside OUT are stored (inside OUT's folder; default: OUT's folder/media).")
    Path mediaOut;

    @Override
    public Integer call() {
        PreferenceFormat format = PreferenceFormat.parse(from);
        DataConversion.Report r;
        try (ProgressDisplay progress = new ProgressDisplay(System.err, "convert " + format.id())) {
            r = DataConversion.convert(format, in, out, Optional.ofNullable(mediaOut), progress);
        }
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "wrote %s: %,d records (%,d ties)%n", r.out(), r.records(), r.ties());
        if (r.mediaWritten() + r.mediaReused() > 0) {
            w.printf(Locale.ROOT, "media: %,d files written, %,d already stored%n", r.mediaWritten(), r.mediaReused());
        }
        if (r.skipped() > 0) {
            w.printf(Locale.ROOT, "skipped %,d records:", r.skipped());
            r.skippedByReason().forEach((k, v) -> w.printf(Locale.ROOT, " %s=%,d", k.key(), v));
            w.println();
            for (SkippedRecord s : r.firstSkips()) {
                w.println("  " + s);
            }
            if (r.skipped() > r.firstSkips().size()) {
                w.printf(
                        Locale.ROOT,
                        "  … all %,d are listed in %s%n",
                        r.skipped(),
                        r.skippedFile().orElseThrow());
            } else {
                w.printf("  (listed in %s)%n", r.skippedFile().orElseThrow());
            }
        }
        r.notes().forEach(n -> w.println("note: " + n));
        w.flush();
        return r.records() == 0 && r.skipped() > 0 ? 1 : 0;
    }
}
