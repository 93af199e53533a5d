package org.omnireward.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.omnireward.core.util.ProgressDisplay;
import org.omnireward.data.stats.DataStats;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code omni-reward data stats}: what a unified JSONL file or mix folder holds. */
@Command(
        name = "stats",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Counts per file, task and source, tie share, criterion lengths and the chosen/rejected length "
                    + "ratio (the length bias) of unified JSONL: a Markdown table on standard output and a self-contained "
                    + "HTML page with plots."
        })
public final class DataStatsCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "FILE.jsonl|DIR",
            description = "A unified JSONL file or a folder (data mix output).")
    Path in;

    @Option(
            names = "--html",
            paramLabel = "FILE",
            description = "Where the HTML page goes (default: DIR/stats.html, or FILE.stats.html beside a file).")
    Path html;

    @Option(names = "--markdown", paramLabel = "FILE", description = "Also write the Markdown to FILE.")
    Path markdown;

    @Override
    public Integer call() {
        DataStats.Stats s;
        try (ProgressDisplay progress = new ProgressDisplay(System.err, "stats")) {
            s = DataStats.compute(in, progress);
        }
        String md = DataStats.markdown(s);
        Path page = html != null
                ? html
                : Files.isDirectory(in)
                        ? in.resolve("stats.html")
                        : in.resolveSibling(in.getFileName() + ".stats.html");
        try {
            Files.writeString(page, DataStats.html(s, "Preference data: " + in.getFileName()), StandardCharsets.UTF_8);
            if (markdown != null) {
                Files.writeString(markdown, md, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + page + ": " + e.getMessage(), e);
        }
        PrintWriter w = spec.commandLine().getOut();
        w.print(md);
        w.println();
        w.println("HTML: " + page);
        w.flush();
        return 0;
    }
}
