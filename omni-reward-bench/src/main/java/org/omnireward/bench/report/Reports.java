package org.omnireward.bench.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.omnireward.bench.metrics.Summary;
import org.omnireward.bench.results.PredictionRecord;
import org.omnireward.bench.results.PredictionsFile;
import org.omnireward.bench.results.Setting;
import org.omnireward.core.Task;
import org.omnireward.core.util.Json;

/**
 * Entry point of the reports: loads runs and renders them as a terminal table, Markdown or one JSON
 * document. The HTML page is {@link HtmlReport}. Every rendering names the tasks each run supports.
 *
 * <p>Typical use: {@code System.out.print(Reports.terminalTable(Reports.load(List.of(dir))))}.
 */
public final class Reports {

    /** Width assumed for the terminal when {@code COLUMNS} is not set. */
    public static final int DEFAULT_WIDTH = 120;

    /** How the paired tests choose their samples, stated in every output that shows them. */
    public static final String PAIRED_SAMPLES_NOTE = "McNemar exact test on the samples both runs made a "
            + "prediction for (failed lines left out; right or wrong as counted in the accuracy, after tie calibration; "
            + "pairs without common samples are not listed); b = only the first run right, c = only the second right";

    private static final int HEADER_LABEL_MAX = 24;

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

    // ---------------------------------------------------------------- terminal

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
        String unsupported = asciiOnly ? "-" : Fmt.UNSUPPORTED;
        String epsilon = asciiOnly ? "eps" : "ε";
        StringBuilder sb = new StringBuilder();
        sb.append("Runs:\n");
        for (int i = 0; i < runs.size(); i++) {
            RunReport r = runs.get(i);
            sb.append("  [")
                    .append(i + 1)
                    .append("] ")
                    .append(r.label())
                    .append("  ")
                    .append(r.dir())
                    .append('\n');
            sb.append("      ").append(supportLine(r)).append('\n');
        }
        sb.append('\n');
        List<Column> columns = columns(runs, settings, unsupported, epsilon);
        if (columns.isEmpty()) {
            sb.append("No results for the selected setting(s).\n");
            return sb.toString();
        }
        List<String> firstCol = new ArrayList<>(List.of("task", ""));
        Arrays.stream(Task.values()).forEach(t -> firstCol.add(t.id()));
        firstCol.addAll(List.of("Overall", "Overall strict", "Failed"));
        int firstWidth = firstCol.stream().mapToInt(String::length).max().orElse(0);
        List<List<Column>> chunks = new ArrayList<>();
        List<Column> current = new ArrayList<>();
        int used = TextTable.renderedWidth(new int[] {firstWidth});
        for (int k = 0; k < columns.size(); k++) {
            Column c = columns.get(k);
            // an ε column stays with its accuracy column: break only before an accuracy column
            int unit = c.width() + 3;
            if (k + 1 < columns.size() && columns.get(k + 1).epsilon) {
                unit += columns.get(k + 1).width() + 3;
            }
            if (!c.epsilon && !current.isEmpty() && used + unit > maxWidth) {
                chunks.add(current);
                current = new ArrayList<>();
                used = TextTable.renderedWidth(new int[] {firstWidth});
            }
            current.add(c);
            used += c.width() + 3;
        }
        chunks.add(current);
        for (List<Column> chunk : chunks) {
            TextTable t = new TextTable();
            List<String> h1 = new ArrayList<>(List.of("task"));
            List<String> h2 = new ArrayList<>(List.of(""));
            chunk.forEach(c -> {
                h1.add(c.header1);
                h2.add(c.header2);
            });
            t.addHeader(h1);
            t.addHeader(h2);
            for (int row = 0; row < Task.values().length + 3; row++) {
                if (row == Task.values().length) {
                    t.addSeparator();
                }
                List<String> cells = new ArrayList<>(List.of(firstCol.get(row + 2)));
                for (Column c : chunk) {
                    cells.add(c.cells.get(row));
                }
                t.addRow(cells);
            }
            sb.append(t.render());
        }
        sb.append("Accuracy in % (n = samples with a prediction); ")
                .append(unsupported)
                .append(" = task not supported by the model; n/a = not evaluated.\n");
        sb.append("Overall = mean of per-task accuracy over the supported tasks; strict counts failed samples"
                + " as wrong.\n");
        if (columns.stream().anyMatch(c -> c.epsilon)) {
            sb.append(epsilon)
                    .append(" = tie threshold of a scalar model (|r1 - r2| <= ")
                    .append(epsilon)
                    .append(" predicted as tie; none = no ties).\n");
        }
        List<List<String>> callRows = CallsTable.rows(runs, settings);
        if (!callRows.isEmpty()) {
            sb.append('\n').append("Model calls:\n");
            TextTable t = new TextTable();
            t.addHeader(CallsTable.HEADER);
            callRows.forEach(t::addRow);
            sb.append(t.render()).append(CallsTable.NOTE).append('\n');
        }
        List<PairedComparison> tests = PairedComparison.all(runs, settings);
        if (!tests.isEmpty()) {
            sb.append('\n').append("Paired tests (").append(PAIRED_SAMPLES_NOTE).append("):\n");
            TextTable t = new TextTable();
            t.addHeader(List.of("setting", "run A", "run B", "n common", "b", "c", "A - B (pts)", "p"));
            for (PairedComparison p : tests) {
                t.addRow(List.of(
                        Fmt.setting(p.setting()),
                        "[" + (indexOf(runs, p.runA()) + 1) + "]",
                        "[" + (indexOf(runs, p.runB()) + 1) + "]",
                        Integer.toString(p.nCommon()),
                        Integer.toString(p.b()),
                        Integer.toString(p.c()),
                        Fmt.pctPoints(p.difference()),
                        Fmt.pValue(p.pValue())));
            }
            sb.append(t.render());
        }
        return sb.toString();
    }

    private static int indexOf(List<RunReport> runs, String label) {
        for (int i = 0; i < runs.size(); i++) {
            if (runs.get(i).label().equals(label)) {
                return i;
            }
        }
        return -1;
    }

    /** "supports: …; unsupported: …" (and what was not evaluated, when anything). */
    static String supportLine(RunReport r) {
        StringBuilder sb = new StringBuilder("supports: ")
                .append(Fmt.tasks(r.supportedTasks()))
                .append("; unsupported: ")
                .append(Fmt.tasks(r.unsupportedTasks()));
        if (!r.notEvaluatedTasks().isEmpty()) {
            sb.append("; not evaluated: ").append(Fmt.tasks(r.notEvaluatedTasks()));
        }
        if (!r.hasPredictions()) {
            sb.append("; no ").append(PredictionsFile.NAME).append(" (no paired tests or failed-sample list)");
        }
        String summary = summaryNote(r);
        if (!summary.isEmpty()) {
            sb.append("; ").append(summary);
        }
        return sb.toString();
    }

    /**
     * Where the numbers come from when that matters: the tie calibration of a run with calibrated
     * ties, and whether the summary was recomputed from the predictions; empty otherwise.
     */
    static String summaryNote(RunReport r) {
        List<String> parts = new ArrayList<>();
        if (r.hasTieThresholds()) {
            parts.add("tie calibration " + r.tieCalibration() + " (" + r.tieScope() + ")");
        }
        if (r.recomputed()) {
            parts.add("summary recomputed from " + PredictionsFile.NAME);
        }
        return String.join("; ", parts);
    }

    /** One column of the accuracy table: a run × setting accuracy column, or its ε column. */
    private static final class Column {
        final int run;
        final Setting setting;
        final boolean epsilon;
        final String header1;
        final String header2;
        final List<String> cells = new ArrayList<>();

        Column(int run, Setting setting, boolean epsilon, String header1, String header2) {
            this.run = run;
            this.setting = setting;
            this.epsilon = epsilon;
            this.header1 = header1;
            this.header2 = header2;
        }

        int width() {
            int w = Math.max(header1.length(), header2.length());
            for (String c : cells) {
                w = Math.max(w, c.length());
            }
            return w;
        }
    }

    private static List<Column> columns(
            List<RunReport> runs, List<Setting> settings, String unsupported, String epsilon) {
        List<Column> out = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            RunReport r = runs.get(i);
            String head = "[" + (i + 1) + "] " + Fmt.clip(r.label(), HEADER_LABEL_MAX);
            for (Setting s : settings) {
                Summary.SettingSummary sum = r.setting(s);
                if (sum == null) {
                    continue;
                }
                Column acc = new Column(i, s, false, head, Fmt.setting(s));
                for (Task t : Task.values()) {
                    acc.cells.add(sum.isUnsupported(t) ? unsupported : accuracyCell(sum, t, true));
                }
                acc.cells.add(Fmt.pct(sum.overall()));
                acc.cells.add(Fmt.pct(sum.overallStrict()));
                acc.cells.add(Integer.toString(sum.failedTotal()));
                out.add(acc);
                if (sum.hasTieThresholds()) {
                    Column eps = new Column(i, s, true, "[" + (i + 1) + "]", epsilon + " " + Fmt.setting(s));
                    for (Task t : Task.values()) {
                        eps.cells.add(sum.task(t) == null ? "" : Fmt.threshold(sum.tieThresholdFor(t)));
                    }
                    eps.cells.add(sum.tieThreshold() == null ? "" : Fmt.threshold(sum.tieThreshold()));
                    eps.cells.add("");
                    eps.cells.add("");
                    out.add(eps);
                }
            }
        }
        return out;
    }

    /** "70.0 (300)" / "—" / "n/a". */
    static String accuracyCell(Summary.SettingSummary sum, Task t, boolean withN) {
        if (sum.isUnsupported(t)) {
            return Fmt.UNSUPPORTED;
        }
        Summary.TaskSummary ts = sum.task(t);
        if (ts == null) {
            return Fmt.NA;
        }
        return withN ? Fmt.pct(ts.accuracy()) + " (" + ts.n() + ")" : Fmt.pct(ts.accuracy());
    }

    // ---------------------------------------------------------------- markdown

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
        StringBuilder sb = new StringBuilder("# Omni-RewardBench report\n\n## Runs\n\n");
        for (int i = 0; i < runs.size(); i++) {
            RunReport r = runs.get(i);
            sb.append(i + 1)
                    .append(". **")
                    .append(md(r.label()))
                    .append("** — `")
                    .append(md(r.dir().toString()))
                    .append("`  \n   ")
                    .append(md(supportLine(r)))
                    .append('\n');
        }
        sb.append("\n## Accuracy (%)\n\n");
        List<Column> columns = columns(runs, settings, Fmt.UNSUPPORTED, "ε");
        if (columns.isEmpty()) {
            sb.append("No results for the selected setting(s).\n");
        } else {
            sb.append("| task |");
            columns.forEach(c -> sb.append(' ')
                    .append(md(
                            c.epsilon
                                    ? "[" + (c.run + 1) + "] " + c.header2
                                    : "[" + (c.run + 1) + "] " + runs.get(c.run).label() + " " + c.header2))
                    .append(" |"));
            sb.append("\n|---|");
            columns.forEach(c -> sb.append("---:|"));
            sb.append('\n');
            List<String> names = new ArrayList<>();
            Arrays.stream(Task.values()).forEach(t -> names.add(t.id()));
            names.addAll(List.of("**Overall**", "Overall strict", "Failed"));
            for (int row = 0; row < names.size(); row++) {
                sb.append("| ").append(names.get(row)).append(" |");
                for (Column c : columns) {
                    String cell = c.cells.get(row);
                    sb.append(' ')
                            .append(row == Task.values().length && !cell.isEmpty() ? "**" + md(cell) + "**" : md(cell))
                            .append(" |");
                }
                sb.append('\n');
            }
            sb.append("\nn in parentheses = samples with a prediction; ")
                    .append(Fmt.UNSUPPORTED)
                    .append(" = not supported by the model; n/a = not evaluated. Overall = mean of per-task "
                            + "accuracy over the supported tasks; strict counts failed samples as wrong.");
            if (columns.stream().anyMatch(c -> c.epsilon)) {
                sb.append(" ε = tie threshold (|r1 − r2| ≤ ε predicted as tie; none = no ties).");
            }
            sb.append('\n');
        }
        List<List<String>> callRows = CallsTable.rows(runs, settings);
        if (!callRows.isEmpty()) {
            sb.append("\n## Model calls\n\n|");
            CallsTable.HEADER.forEach(h -> sb.append(' ').append(md(h)).append(" |"));
            sb.append("\n|---|---|")
                    .append("---:|".repeat(CallsTable.HEADER.size() - 2))
                    .append('\n');
            for (List<String> row : callRows) {
                sb.append('|');
                row.forEach(c -> sb.append(' ').append(md(c)).append(" |"));
                sb.append('\n');
            }
            sb.append('\n').append(md(CallsTable.NOTE)).append('\n');
        }
        sb.append("\n## Published reference values\n\n")
                .append(md(PublishedResults.SOURCE))
                .append(". Not results of this tool; comparable only with runs over the full official benchmark.\n\n");
        sb.append("| model | w/o ties | w/ ties |");
        Arrays.stream(Task.values()).forEach(t -> sb.append(' ').append(t.id()).append(" (w/ ties) |"));
        sb.append("\n|---|---:|---:|");
        Arrays.stream(Task.values()).forEach(t -> sb.append("---:|"));
        sb.append('\n');
        for (PublishedResults.Entry e : PublishedResults.ALL) {
            sb.append("| ")
                    .append(md(e.model()))
                    .append(e.note() == null ? "" : " (" + md(e.note()) + ")")
                    .append(" | ")
                    .append(Fmt.publishedPct(e.overallNoTies()))
                    .append(" | ")
                    .append(Fmt.publishedPct(e.overallTies()))
                    .append(" |");
            Arrays.stream(Task.values())
                    .forEach(t -> sb.append(' ')
                            .append(Fmt.publishedPct(e.tiesPerTask().get(t)))
                            .append(" |"));
            sb.append('\n');
        }
        List<PairedComparison> tests = PairedComparison.all(runs, settings);
        sb.append("\n## Paired tests\n\n");
        if (tests.isEmpty()) {
            sb.append("Needs two or more runs with ")
                    .append(PredictionsFile.NAME)
                    .append(" that share predicted samples.\n");
        } else {
            sb.append(md(PAIRED_SAMPLES_NOTE)).append(".\n\n");
            sb.append("| setting | run A | run B | n common | b | c | A − B (pts) | p |\n");
            sb.append("|---|---|---|---:|---:|---:|---:|---:|\n");
            for (PairedComparison p : tests) {
                sb.append("| ")
                        .append(Fmt.setting(p.setting()))
                        .append(" | ")
                        .append(md(p.runA()))
                        .append(" | ")
                        .append(md(p.runB()))
                        .append(" | ")
                        .append(p.nCommon())
                        .append(" | ")
                        .append(p.b())
                        .append(" | ")
                        .append(p.c())
                        .append(" | ")
                        .append(Fmt.pctPoints(p.difference()))
                        .append(" | ")
                        .append(md(Fmt.pValue(p.pValue())))
                        .append(" |\n");
            }
        }
        sb.append("\n## Correlation of accuracy between tasks\n\n");
        if (runs.size() < TaskCorrelations.MIN_RUNS) {
            sb.append("Needs three or more runs.\n");
        } else {
            for (Setting s : settings) {
                TaskCorrelations tc = TaskCorrelations.compute(runs, s);
                sb.append("### ")
                        .append(Fmt.setting(s))
                        .append(" (Pearson r over ")
                        .append(tc.runs())
                        .append(" runs)\n\n| |");
                Arrays.stream(Task.values())
                        .forEach(t -> sb.append(' ').append(t.id()).append(" |"));
                sb.append("\n|---|");
                Arrays.stream(Task.values()).forEach(t -> sb.append("---:|"));
                sb.append('\n');
                for (Task a : Task.values()) {
                    sb.append("| ").append(a.id()).append(" |");
                    for (Task b : Task.values()) {
                        sb.append(' ')
                                .append(Fmt.r(tc.matrix()[a.ordinal()][b.ordinal()]))
                                .append(" |");
                    }
                    sb.append('\n');
                }
                sb.append("\nn/a: fewer than three runs with both tasks, or no variation.\n\n");
            }
        }
        return sb.toString();
    }

    /** Escapes text for a Markdown table cell (also neutralising inline HTML). */
    static String md(String s) {
        StringBuilder sb = new StringBuilder();
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '|' -> sb.append("\\|");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '\n', '\r' -> sb.append(' ');
                default -> sb.append(ch);
            }
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- json

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
        ObjectNode root = jsonTree(runs, settings);
        try {
            return Json.pretty().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise report", e);
        }
    }

    /** The tree behind {@link #json(List, List)}. */
    public static ObjectNode jsonTree(List<RunReport> runs, List<Setting> settings) {
        ObjectNode root = Json.mapper().createObjectNode();
        ArrayNode settingNames = root.putArray("settings");
        settings.forEach(s -> settingNames.add(s.wireName()));
        ArrayNode runsNode = root.putArray("runs");
        for (RunReport r : runs) {
            ObjectNode rn = runsNode.addObject();
            rn.put("label", r.label());
            rn.put("model", r.model());
            rn.put("dir", r.dir().toString());
            rn.put("data", r.data());
            rn.put("has_predictions", r.hasPredictions());
            rn.put("tie_calibration", r.tieCalibration().wireName());
            rn.put("tie_scope", r.tieScope().wireName());
            rn.put("summary_recomputed", r.recomputed());
            taskArray(rn.putArray("supported_tasks"), r.supportedTasks());
            taskArray(rn.putArray("unsupported_tasks"), r.unsupportedTasks());
            taskArray(rn.putArray("not_evaluated_tasks"), r.notEvaluatedTasks());
            ObjectNode sn = rn.putObject("settings");
            for (Setting s : settings) {
                Summary.SettingSummary sum = r.setting(s);
                if (sum == null) {
                    continue;
                }
                ObjectNode one = sn.putObject(s.wireName());
                putNullable(one, "overall", sum.overall());
                putNullable(one, "overall_strict", sum.overallStrict());
                one.put("failed", sum.failedTotal());
                putNullable(one, "tie_threshold", sum.tieThreshold());
                if (sum.calls() != null) {
                    one.set("calls", Json.mapper().valueToTree(sum.calls()));
                }
                taskArray(one.putArray("unsupported"), sum.unsupportedTasks());
                ObjectNode tasks = one.putObject("tasks");
                for (Map.Entry<String, Summary.TaskSummary> e : sum.tasks().entrySet()) {
                    Summary.TaskSummary t = e.getValue();
                    ObjectNode tn = tasks.putObject(e.getKey());
                    putNullable(tn, "accuracy", t.accuracy());
                    tn.put("n", t.n());
                    tn.put("correct", t.correct());
                    tn.put("failed", t.failed());
                    tn.put("invalid", t.invalid());
                    putNullable(tn, "strict_accuracy", t.strictAccuracy());
                    if (t.hasInterval()) {
                        tn.putArray("ci95").add(t.ciLow()).add(t.ciHigh());
                    } else {
                        tn.putNull("ci95");
                    }
                    putNullable(tn, "tie_threshold", t.tieThreshold());
                    tn.put("tie_calibrated", t.tieCalibrated());
                }
                ArrayNode failed = one.putArray("failed_samples");
                for (PredictionRecord p : r.failedLines(s)) {
                    ObjectNode f = failed.addObject();
                    f.put("task", p.task());
                    f.put("id", p.id());
                    f.put("invalid", p.invalid());
                    f.put("error", p.error());
                }
            }
        }
        ArrayNode tests = root.putArray("paired_tests");
        for (PairedComparison p : PairedComparison.all(runs, settings)) {
            ObjectNode t = tests.addObject();
            t.put("setting", p.setting().wireName());
            t.put("run_a", p.runA());
            t.put("run_b", p.runB());
            t.put("n_common", p.nCommon());
            t.put("b", p.b());
            t.put("c", p.c());
            putNullable(t, "accuracy_a", p.accuracyA());
            putNullable(t, "accuracy_b", p.accuracyB());
            putNullable(t, "difference", p.difference());
            t.put("p_value", p.pValue());
        }
        root.put("paired_tests_method", PAIRED_SAMPLES_NOTE);
        ObjectNode corr = root.putObject("correlations");
        for (Setting s : settings) {
            if (runs.size() < TaskCorrelations.MIN_RUNS) {
                corr.putNull(s.wireName());
                continue;
            }
            TaskCorrelations tc = TaskCorrelations.compute(runs, s);
            ObjectNode cn = corr.putObject(s.wireName());
            cn.put("runs", tc.runs());
            ArrayNode ids = cn.putArray("tasks");
            Arrays.stream(Task.values()).forEach(t -> ids.add(t.id()));
            ArrayNode matrix = cn.putArray("matrix");
            for (Double[] row : tc.matrix()) {
                ArrayNode rowNode = matrix.addArray();
                for (Double v : row) {
                    if (v == null) {
                        rowNode.addNull();
                    } else {
                        rowNode.add(v);
                    }
                }
            }
        }
        ObjectNode pub = root.putObject("published_reference");
        pub.put("source", PublishedResults.SOURCE);
        pub.put("unit", "percent");
        ArrayNode models = pub.putArray("models");
        for (PublishedResults.Entry e : PublishedResults.ALL) {
            ObjectNode m = models.addObject();
            m.put("model", e.model());
            putNullable(m, "overall_no_ties", e.overallNoTies());
            putNullable(m, "overall_ties", e.overallTies());
            ObjectNode per = m.putObject("ties_per_task");
            e.tiesPerTask().forEach((t, v) -> per.put(t.id(), v));
            if (e.note() != null) {
                m.put("note", e.note());
            }
        }
        return root;
    }

    private static void taskArray(ArrayNode node, java.util.Collection<Task> tasks) {
        tasks.forEach(t -> node.add(t.id()));
    }

    private static void putNullable(ObjectNode node, String key, Double v) {
        if (v == null || v.isNaN()) {
            node.putNull(key);
        } else {
            node.put(key, v);
        }
    }
}
