package org.omnireward.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.omnireward.bench.metrics.TieCalibrationMode;
import org.omnireward.bench.metrics.TieScope;
import org.omnireward.bench.report.HtmlReport;
import org.omnireward.bench.report.Recalibration;
import org.omnireward.bench.report.Reports;
import org.omnireward.bench.report.RunReport;
import org.omnireward.bench.results.Setting;
import org.omnireward.core.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code omni-reward bench report RUN…}: accuracy per task and setting for one or more finished runs,
 * as a terminal table (default), Markdown, JSON and/or a self-contained HTML page with paired
 * significance tests, task correlations and the failed samples. Missing summaries are recomputed
 * from the predictions (and saved); {@code --tie-calibration}/{@code --tie-scope} recompute all of
 * them with another tie calibration without saving.
 */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = {
            "Report on finished benchmark runs: accuracy per task and setting, overall, failed counts, "
                    + "tie thresholds; paired McNemar tests between runs; task correlations (3+ runs).",
            "The terminal table is printed unless --markdown/--json go to standard output.",
            "A run whose summary.json is missing (e.g. an interrupted run) gets it recomputed from predictions.jsonl "
                    + "and run.json and saved; a note on standard error says so.",
            "--tie-calibration/--tie-scope recompute every summary from predictions.jsonl with another tie "
                    + "calibration of scalar models (summary.json is not changed); use --tie-calibration reference to "
                    + "compare with the published numbers, which come from the reference implementation."
        })
public final class BenchReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(
            arity = "1..*",
            paramLabel = "RUN",
            description = "Run directories (the --out of `bench run`) or paths of their summary.json.")
    List<Path> runs;

    @Option(names = "--markdown", description = "Write a Markdown report (to standard output, or to --out FILE).")
    boolean markdown;

    @Option(
            names = "--json",
            description = "Write one JSON document with runs, per-task accuracy and intervals, "
                    + "paired tests and correlations (to standard output, or to --out FILE).")
    boolean json;

    @Option(names = "--out", paramLabel = "FILE", description = "Where --markdown or --json is written.")
    Path out;

    @Option(
            names = "--html",
            paramLabel = "FILE",
            description = "Also write a self-contained HTML page (charts, tests, correlations, failed samples).")
    Path html;

    @Option(names = "--setting", paramLabel = "SETTING", description = "Only this setting: no_ties or ties.")
    String setting;

    @Option(
            names = "--tie-calibration",
            paramLabel = "MODE",
            description = "Recompute each run's summary from its predictions.jsonl with this tie calibration of scalar "
                    + "models instead of reading summary.json (which is left unchanged): definition (the ε with the "
                    + "best three-way accuracy; the default of `bench run`) or reference (reproduces the reference "
                    + "implementation behind the published numbers; use it to compare with them). Runs without "
                    + "predictions.jsonl keep their stored summary (with a note).")
    String tieCalibration;

    @Option(
            names = "--tie-scope",
            paramLabel = "SCOPE",
            description = "Recompute the summaries (as --tie-calibration does) with this scope: per-task (one ε per "
                    + "task, as in the paper) or global (one ε for all tasks of a setting; needs definition). "
                    + "Unset: each run's own, or per-task with --tie-calibration reference.")
    String tieScope;

    @Override
    public Integer call() {
        if (markdown && json) {
            throw new InvalidInputException("--markdown and --json cannot be combined; run the command once for each");
        }
        if (out != null && !markdown && !json) {
            throw new InvalidInputException(
                    "--out FILE needs --markdown or --json (the HTML page goes to --html FILE)");
        }
        Recalibration recalibration = tieCalibration == null && tieScope == null
                ? null
                : new Recalibration(
                        tieCalibration == null ? null : TieCalibrationMode.parse(tieCalibration),
                        tieScope == null ? null : TieScope.parse(tieScope));
        PrintWriter stderr = spec.commandLine().getErr();
        List<RunReport> loaded = Reports.load(runs, recalibration, note -> {
            stderr.println("note: " + note);
            stderr.flush();
        });
        List<Setting> settings;
        if (setting != null) {
            Setting s = Setting.parse(setting);
            if (loaded.stream().noneMatch(r -> r.setting(s) != null)) {
                throw new InvalidInputException("none of the runs has results for setting " + s.wireName());
            }
            settings = List.of(s);
        } else {
            settings = Reports.settingsOf(loaded);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        String document = markdown ? Reports.markdown(loaded, settings) : json ? Reports.json(loaded, settings) : null;
        boolean stdoutTaken = document != null && out == null;
        if (!stdoutTaken) {
            stdout.print(Reports.terminalTable(
                    loaded, settings, Reports.terminalWidth(), !consoleShows(Charset.defaultCharset())));
        }
        if (document != null) {
            if (out == null) {
                stdout.print(document);
            } else {
                Path written = writeFile(out, document);
                stdout.println((markdown ? "Markdown" : "JSON") + " report written to " + written);
            }
        }
        if (html != null) {
            Path written = HtmlReport.write(html, loaded, settings);
            (stdoutTaken ? stderr : stdout).println("HTML report written to " + written);
        }
        stdout.flush();
        stderr.flush();
        return 0;
    }

    /**
     * Whether the console charset can show the table's "—" and "ε" (a C locale on Java 17 would
     * print "?"; the table then uses ASCII stand-ins).
     */
    static boolean consoleShows(Charset charset) {
        CharsetEncoder encoder = charset.newEncoder();
        return encoder.canEncode("—ε");
    }

    private static Path writeFile(Path file, String content) {
        Path abs = file.toAbsolutePath();
        try {
            if (abs.getParent() != null) {
                Files.createDirectories(abs.getParent());
            }
            Files.writeString(abs, content, StandardCharsets.UTF_8);
            return abs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + abs + ": " + e.getMessage(), e);
        }
    }
}
