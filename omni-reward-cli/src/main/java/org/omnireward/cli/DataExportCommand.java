package org.omnireward.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.util.ProgressDisplay;
import org.omnireward.data.SkippedRecord;
import org.omnireward.data.export.DataExport;
import org.omnireward.data.export.ExportTarget;
import org.omnireward.data.export.LlamaFactoryFlavor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code omni-reward data export}: unified JSONL to the files GPU trainers read, one file per task. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Export unified JSONL (a file or a data mix folder) for a trainer, one file per task and input"
                    + " file (PREFIX_<task>_<stem>), media under DIR/media:",
            "llamafactory: sharegpt ranking JSON arrays registered in DIR/dataset_info.json (--flavor upstream:"
                    + " hiyouga/LLaMA-Factory, refuses pairs of media responses; omnireward-factory: the authors'"
                    + " fork, writes them);",
            "trl: conversational prompt/chosen/rejected JSONL (images in TRL's vision format);",
            "easyr1: problem/answer JSONL for a generative judge, with judge_reward.py and judge_format.jinja.",
            "Records a target cannot express are refused with a reason and listed in DIR/" + DataExport.SKIPPED
                    + "; an export that would write nothing fails."
        })
public final class DataExportCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--to", required = true, paramLabel = "TARGET", description = "llamafactory, trl or easyr1.")
    String to;

    @Option(
            names = "--flavor",
            defaultValue = "upstream",
            paramLabel = "FLAVOR",
            description = "LLaMA-Factory flavor: upstream or omnireward-factory (default: ${DEFAULT-VALUE}).")
    String flavor;

    @Option(
            names = "--in",
            required = true,
            paramLabel = "FILE.jsonl|DIR",
            description = "Unified JSONL file or folder.")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The folder to write.")
    Path out;

    @Option(
            names = "--name",
            defaultValue = "omni_reward",
            paramLabel = "PREFIX",
            description = "Dataset names are PREFIX_<task>_<file stem> (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(
            names = "--seed",
            defaultValue = "42",
            paramLabel = "N",
            description = "Seed of the A/B placement in easyr1 problems (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        ExportTarget target = ExportTarget.parse(to);
        LlamaFactoryFlavor f = LlamaFactoryFlavor.parse(flavor);
        if (target != ExportTarget.LLAMAFACTORY
                && spec.commandLine().getParseResult().hasMatchedOption("--flavor")) {
            throw new InvalidInputException("--flavor applies to --to llamafactory only");
        }
        DataExport.Report r;
        try (ProgressDisplay progress = new ProgressDisplay(System.err, "export " + target.id())) {
            r = DataExport.export(target, f, in, out, name, seed, progress);
        }
        PrintWriter w = spec.commandLine().getOut();
        for (DataExport.FileReport file : r.files()) {
            w.printf(
                    Locale.ROOT,
                    "%s: %s, %,d records (%s%s)%n",
                    file.name(),
                    file.file(),
                    file.records(),
                    file.task().id(),
                    file.mediaColumn().map(c -> ", " + c).orElse(""));
        }
        w.printf(Locale.ROOT, "exported %,d of %,d records", r.records(), r.records() + r.skipped());
        if (r.skipped() > 0) {
            w.printf(
                    Locale.ROOT,
                    "; not exported: %,d (%s), listed in %s",
                    r.skipped(),
                    r.notExported().entrySet().stream()
                            .map(e -> e.getKey().key() + "=" + e.getValue())
                            .collect(Collectors.joining(", ")),
                    r.skippedList());
        }
        w.println();
        for (SkippedRecord s : r.firstNotExported()) {
            w.println("    " + s);
        }
        if (r.mergedTurns() > 0) {
            w.printf(Locale.ROOT, "merged consecutive turns of one role in %,d records%n", r.mergedTurns());
        }
        if (r.escapedPlaceholders() > 0) {
            w.printf(
                    Locale.ROOT,
                    "escaped literal <image>/<video>/<audio> in %,d records (as <\\u200Bimage>)%n",
                    r.escapedPlaceholders());
        }
        if (r.mediaWritten() > 0) {
            w.printf(
                    Locale.ROOT,
                    "media: %,d files under %s%n",
                    r.mediaWritten(),
                    r.out().resolve("media"));
        }
        w.println(howToTrain(r));
        w.flush();
        return 0;
    }

    /** The lines that train with the export, as docs/data-tooling.md explains them. */
    static String howToTrain(DataExport.Report r) {
        String first = r.files().get(0).name();
        return switch (r.target()) {
            case LLAMAFACTORY ->
                "registry: " + r.out().resolve(DataExport.DATASET_INFO) + "\ntrain: in the LLaMA-Factory"
                        + (r.flavor() == LlamaFactoryFlavor.OMNIREWARD_FACTORY ? " fork (OmniReward-Factory)" : "")
                        + " config set dataset_dir: " + r.out() + ", dataset: "
                        + r.files().stream()
                                .map(DataExport.FileReport::name)
                                .filter(n -> !n.endsWith("_valid"))
                                .collect(Collectors.joining(","))
                        + " (a template for their modalities; docs/data-tooling.md)";
            case TRL ->
                "train: load each file with datasets (images: see docs/data-tooling.md, 'trl'), e.g. "
                        + r.out().resolve(first + ".jsonl");
            case EASYR1 ->
                "train: data.train_files=" + r.out().resolve(first + ".jsonl") + " data.image_dir=" + r.out()
                        + " data.format_prompt=" + r.out().resolve(DataExport.EASYR1_FORMAT)
                        + " worker.reward.reward_function=" + r.out().resolve(DataExport.EASYR1_REWARD)
                        + ":compute_score";
        };
    }
}
