package org.omnireward.bench.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.omnireward.bench.results.Setting;
import org.omnireward.core.util.Json;

/**
 * Entry point of the reports: loads runs (with unique labels) and renders them as a terminal table,
 * Markdown or one JSON document; the HTML page is {@link HtmlReport}. Each call computes the report
 * model ({@link Report}) and hands it to a renderer ({@link TerminalReport}, {@link MarkdownReport},
 * {@link JsonReport}). Every rendering names the tasks each run supports.
 *
 * <p>Typical use: {@code System.out.print(Reports.terminalTable(Reports.load(List.of(dir))))}.
 */
public final class Reports {

    /** Width assumed for the terminal when {@code COLUMNS} is not set. */
    public static final int DEFAULT_WIDTH = 120;

    /** How the paired tests choose their samples, stated in every output that shows them. */
    public static final String PAIRED_SAMPLES_NOTE = Report.PAIRED_SAMPLES_NOTE;

    private Reports() {}

    /**
     * Loads runs (directories or summary.json paths) and gives each a unique label: the model name,
     * with the directory name added when two runs share a model.
     */
    public static List<RunReport> load(List<Path> paths) {
        return load(paths, null, System.err::println);
    }

    /**
     * Loads runs as {@link RunReport#load(Path, Recalibration, Consumer)} does (recomputing missing
     * summaries, or all summaries with a {@code recalibration}) and gives each a unique label.
     *
     * @param recalibration null to use the stored summaries
     * @param notices       receives one-line messages for the user
     */
    public static List<RunReport> load(List<Path> paths, Recalibration recalibration, Consumer<String> notices) {
        List<RunReport> runs = new ArrayList<>();
        for (Path p : paths) {
            runs.add(RunReport.load(p, recalibration, notices));
        }
        return uniqueLabels(runs);
    }

    /** The runs with clashing labels made unique (model, then "model (dir)", then a "#n" suffix). */
    public static List<RunReport> uniqueLabels(List<RunReport> runs) {
        Map<String, Integer> count = new HashMap<>();
        runs.forEach(r -> count.merge(r.label(), 1, Integer::sum));
        List<RunReport> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (RunReport r : runs) {
            String label = r.label();
            if (count.get(label) > 1 && r.dir() != null && r.dir().getFileName() != null) {
                label = label + " (" + r.dir().getFileName() + ")";
            }
            int n = seen.merge(label, 1, Integer::sum);
            out.add(n == 1 ? r.withLabel(label) : r.withLabel(label + " #" + n));
        }
        return out;
    }

    /** The settings any of the runs evaluated, in order (no_ties, ties). */
    public static List<Setting> settingsOf(List<RunReport> runs) {
        return Arrays.stream(Setting.values())
                .filter(s -> runs.stream().anyMatch(r -> r.setting(s) != null))
                .toList();
    }

    /** The terminal width from {@code COLUMNS}, else {@link #DEFAULT_WIDTH}. */
    public static int terminalWidth() {
        String c = System.getenv("COLUMNS");
        try {
            return c == null ? DEFAULT_WIDTH : Math.max(40, Integer.parseInt(c.trim()));
        } catch (NumberFormatException e) {
            return DEFAULT_WIDTH;
        }
    }

    /** The terminal report of all settings at the terminal's width. */
    public static String terminalTable(List<RunReport> runs) {
        return terminalTable(runs, settingsOf(runs), terminalWidth());
    }

    /**
     * The terminal report: the runs with their supported tasks, then accuracy per task (rows) and
     * run × setting (columns) with n, Overall, strict Overall, failed counts and tie thresholds; the
     * columns wrap into several tables when wider than {@code maxWidth}. With two or more runs, the
     * paired tests follow.
     */
    public static String terminalTable(List<RunReport> runs, List<Setting> settings, int maxWidth) {
        return terminalTable(runs, settings, maxWidth, false);
    }

    /**
     * As {@link #terminalTable(List, List, int)}; with {@code asciiOnly} the table uses "-" for
     * unsupported tasks and "eps" for ε, for consoles that cannot show them.
     */
    public static String terminalTable(List<RunReport> runs, List<Setting> settings, int maxWidth, boolean asciiOnly) {
        return new TerminalReport(Report.of(runs, settings), maxWidth, asciiOnly).render();
    }

    /** The Markdown report of all settings. */
    public static String markdown(List<RunReport> runs) {
        return markdown(runs, settingsOf(runs));
    }

    /**
     * The Markdown report: runs with supported tasks, the accuracy table (n in parentheses, tie
     * thresholds, failed counts), the published reference values, the paired tests and, with three
     * or more runs, the task correlation matrices.
     */
    public static String markdown(List<RunReport> runs, List<Setting> settings) {
        return new MarkdownReport(Report.of(runs, settings)).render();
    }

    /** The JSON report of all settings. */
    public static String json(List<RunReport> runs) {
        return json(runs, settingsOf(runs));
    }

    /**
     * One machine-readable document: {@code runs} (with supported/unsupported tasks, per setting the
     * overall and per-task accuracy, n, failed and ci95, tie thresholds, failed samples),
     * {@code paired_tests}, {@code correlations} (per setting, null below three runs) and
     * {@code published_reference}. Accuracies are fractions.
     */
    public static String json(List<RunReport> runs, List<Setting> settings) {
        return JsonReport.render(Report.of(runs, settings));
    }

    /** The tree behind {@link #json(List, List)}. */
    public static ObjectNode jsonTree(List<RunReport> runs, List<Setting> settings) {
        return Json.mapper().valueToTree(JsonReport.document(Report.of(runs, settings)));
    }
}
