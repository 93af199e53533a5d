package org.omnireward.explore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.omnireward.bench.metrics.RunInfo;
import org.omnireward.bench.metrics.Summary;
import org.omnireward.bench.metrics.SummaryCalculator;
import org.omnireward.bench.metrics.SummaryReader;
import org.omnireward.bench.metrics.TieCalibration;
import org.omnireward.bench.report.Reports;
import org.omnireward.bench.report.RunReport;
import org.omnireward.bench.results.PredictionRecord;
import org.omnireward.bench.results.PredictionsFile;
import org.omnireward.bench.results.Setting;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.Preference;
import org.omnireward.core.Task;
import org.omnireward.core.util.Json;
import org.omnireward.core.util.ProgressDisplay;

/**
 * The runs the explorer shows: each run's summary (read from {@code summary.json}, as {@code bench report}
 * does) and every line of its {@code predictions.jsonl}, streamed once into the index so that lists, filters
 * and text search run in DuckDB and the heap stays flat in the run size.
 *
 * <p>Per line the index keeps what the summary counted: the final prediction (for scalar models in the ties
 * setting, the tie-calibrated one under the task's threshold from the summary) and whether it is correct.
 * Repeated (task, setting, id) lines are dropped after the first, as the summary does; a line that is not a
 * prediction record is counted and named on the run's page (a torn last line, what a kill leaves, is not).
 * Per sample, a second table holds each run's outcome side by side, which is what the list filters read.
 */
public final class RunIndex {

    /**
     * One run.
     *
     * @param no its position (0-based) among the runs given
     * @param slug its name in URLs: the directory name, made unique
     * @param report its summary (predictions are not held in memory: they are in the index)
     * @param lines prediction lines indexed (after repeats were dropped)
     * @param repeats repeated (task, setting, id) lines dropped
     * @param malformed lines that were not prediction records
     * @param firstMalformed the first of them, with its line number and why, or null
     * @param notices what the user should know (a summary recomputed, a torn last line)
     */
    public record Run(int no, String slug, RunReport report, long lines, long repeats, long malformed,
            String firstMalformed, List<String> notices) {

        public String label() {
            return report.label();
        }

        public Path dir() {
            return report.dir();
        }

        public Summary summary() {
            return report.summary();
        }
    }

    private final ExploreDb db;
    private final List<Run> runs;

    private RunIndex(ExploreDb db, List<Run> runs) {
        this.db = db;
        this.runs = List.copyOf(runs);
    }

    /**
     * Reads the runs (directories, or paths of their {@code summary.json}) into the index.
     *
     * @param notices receives one line per thing the user should know while loading
     * @throws InvalidInputException when a path is not a run, or a summary cannot be read or recomputed
     */
    public static RunIndex load(ExploreDb db, List<Path> paths, Consumer<String> notices, ProgressDisplay progress) {
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("no runs");
        }
        List<RunReport> reports = new ArrayList<>();
        List<List<String>> runNotices = new ArrayList<>();
        for (Path p : paths) {
            List<String> mine = new ArrayList<>();
            reports.add(summaryOf(p, mine));
            runNotices.add(mine);
        }
        reports = Reports.uniqueLabels(reports);
        List<Run> runs = new ArrayList<>();
        try (DuckDBConnection c = db.connect()) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE lines_raw (" + LINE_COLUMNS_DDL + ")");
            }
            List<String> slugs = new ArrayList<>();
            for (int i = 0; i < reports.size(); i++) {
                RunReport r = reports.get(i);
                String slug = slug(r.dir(), slugs);
                slugs.add(slug);
                Ingested in = ingest(c, i, r, runNotices.get(i), progress);
                runs.add(new Run(i, slug, r, in.lines, 0, in.malformed, in.firstMalformed, runNotices.get(i)));
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE lines AS SELECT * FROM lines_raw QUALIFY row_number() OVER "
                        + "(PARTITION BY run, task, setting, id ORDER BY line) = 1 ORDER BY task, setting, idx, id, run");
                s.execute("DROP TABLE lines_raw");
                s.execute(pivotSql(runs.size()));
            }
            for (int i = 0; i < runs.size(); i++) {
                Run r = runs.get(i);
                long kept = Sql.count(c, "SELECT count(*) FROM lines WHERE run = ?", List.of(i));
                long repeats = r.lines() - kept;
                if (repeats > 0) {
                    r.notices().add(repeats + " repeated (task, setting, id) line(s) of " + PredictionsFile.NAME
                            + " ignored; the first line of each counts, as in the summary");
                }
                runs.set(i, new Run(i, r.slug(), r.report(), kept, repeats, r.malformed(), r.firstMalformed(),
                        List.copyOf(r.notices())));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot index the runs: " + ExploreDb.firstLine(e), e);
        }
        runs.forEach(r -> r.notices().forEach(n -> notices.accept(r.dir() + ": " + n)));
        return new RunIndex(db, runs);
    }

    /** The run's summary without its predictions (those go to the index). */
    private static RunReport summaryOf(Path path, List<String> notices) {
        Path dir = Files.isRegularFile(path) ? path.toAbsolutePath().getParent() : path.toAbsolutePath();
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException(path + ": no such run directory");
        }
        Path summaryFile = Files.isRegularFile(path) ? path : dir.resolve(RunReport.SUMMARY);
        Path predictions = dir.resolve(PredictionsFile.NAME);
        Path runFile = dir.resolve(RunReport.RUN_CONFIG);
        JsonNode config = Files.isRegularFile(runFile) ? Json.readTree(runFile) : null;
        boolean hasPredictions = Files.isRegularFile(predictions);
        if (Files.isRegularFile(summaryFile)) {
            return new RunReport(SummaryReader.read(summaryFile).model(), dir, SummaryReader.read(summaryFile), false,
                    List.of(), hasPredictions, config, Map.of());
        }
        if (!hasPredictions) {
            throw new InvalidInputException(path + ": not a run directory: neither " + RunReport.SUMMARY + " nor "
                    + PredictionsFile.NAME + " found");
        }
        if (config == null) {
            throw new InvalidInputException(dir + ": " + RunReport.SUMMARY + " is missing, and without "
                    + RunReport.RUN_CONFIG + " it cannot be recomputed from " + PredictionsFile.NAME);
        }
        // the one case that reads the predictions into memory: the summary must be computed from all of them
        RunInfo info = RunInfo.fromRunConfig(config, runFile, dir.getFileName().toString());
        Summary summary = SummaryCalculator.summarize(PredictionsFile.read(predictions), info);
        notices.add(RunReport.SUMMARY + " is missing: recomputed from " + PredictionsFile.NAME
                + " (not saved; a stopped run's results are partial)");
        return new RunReport(summary.model(), dir, summary, true, List.of(), true, config, Map.of());
    }

    private static String slug(Path dir, List<String> taken) {
        Path name = dir.getFileName();
        String base = (name == null ? "run" : name.toString()).replaceAll("[^A-Za-z0-9._-]+", "-");
        if (base.isEmpty() || base.equals(".") || base.equals("..")) {
            base = "run";
        }
        String s = base;
        for (int k = 2; taken.contains(s); k++) {
            s = base + "-" + k;
        }
        return s;
    }

    // ------------------------------------------------------------------ ingest

    static final String LINE_COLUMNS_DDL = "run INTEGER, line INTEGER, task VARCHAR, setting VARCHAR, id VARCHAR,"
            + " idx INTEGER, label VARCHAR, prediction VARCHAR, raw_prediction VARCHAR, correct BOOLEAN,"
            + " failed BOOLEAN, invalid BOOLEAN, error VARCHAR, error_kind VARCHAR, swapped BOOLEAN,"
            + " swap_consistent BOOLEAN, score1 DOUBLE, score2 DOUBLE, attempts INTEGER, latency_ms BIGINT,"
            + " rationale VARCHAR, raw_output VARCHAR, input_tokens BIGINT, output_tokens BIGINT, supported BOOLEAN";

    /** What one run's ingest read. */
    private static final class Ingested {
        long lines;
        long malformed;
        String firstMalformed;

        void malformed(Path file, int lineNo, String why) {
            malformed++;
            if (firstMalformed == null) {
                firstMalformed = file.getFileName() + " line " + lineNo + ": " + why;
            }
        }
    }

    /** Streams one run's predictions into {@code lines_raw}. */
    private static Ingested ingest(DuckDBConnection c, int run, RunReport report, List<String> notices,
            ProgressDisplay progress) throws SQLException {
        Path file = report.dir().resolve(PredictionsFile.NAME);
        if (!Files.isRegularFile(file)) {
            notices.add("no " + PredictionsFile.NAME + ": only the summary can be shown");
            return new Ingested();
        }
        boolean endsWithNewline = endsWithNewline(file);
        Ingested out = new Ingested();
        int lineNo = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                DuckDBAppender app = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "lines_raw")) {
            String line = in.readLine();
            while (line != null) {
                lineNo++;
                String next = in.readLine();
                if (!line.isBlank()) {
                    try {
                        PredictionRecord r = PredictionsFile.parseLine(line);
                        String problem = append(app, run, lineNo, r, report.summary());
                        if (problem == null) {
                            out.lines++;
                        } else {
                            out.malformed(file, lineNo, problem);
                        }
                    } catch (JsonProcessingException e) {
                        if (next == null && !endsWithNewline) {
                            notices.add("the last line of " + PredictionsFile.NAME + " (line " + lineNo
                                    + ") is cut short, as a stopped run leaves it; ignored");
                        } else {
                            out.malformed(file, lineNo, "not a prediction record: " + e.getOriginalMessage());
                        }
                    }
                }
                if (progress != null && (lineNo & 4095) == 0) {
                    progress.update(lineNo, -1, "lines", report.label());
                }
                line = next;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (out.malformed > 0) {
            notices.add(out.malformed + " line(s) of " + PredictionsFile.NAME + " are not prediction records and are"
                    + " left out; the first: " + out.firstMalformed);
        }
        return out;
    }

    private static boolean endsWithNewline(Path file) throws SQLException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            if (f.length() == 0) {
                return true;
            }
            f.seek(f.length() - 1);
            return f.read() == '\n';
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Appends one record; returns why it cannot be a line, or null when appended. */
    private static String append(DuckDBAppender app, int run, int lineNo, PredictionRecord r, Summary summary)
            throws SQLException {
        Optional<Task> task = r.task() == null ? Optional.empty() : Task.lookup(r.task());
        if (task.isEmpty()) {
            return "unknown task '" + r.task() + "'";
        }
        Setting setting;
        try {
            setting = r.setting() == null ? null : Setting.parse(r.setting());
        } catch (InvalidInputException e) {
            setting = null;
        }
        if (setting == null) {
            return "unknown setting '" + r.setting() + "'";
        }
        if (r.id() == null || r.id().isBlank()) {
            return "no id";
        }
        boolean failed = r.failed() || r.invalid();
        Summary.SettingSummary ss = summary.setting(setting);
        boolean supported = ss == null || !ss.isUnsupported(task.get());
        String prediction = failed ? null : finalPrediction(r, setting, task.get(), ss);
        Boolean correct = failed || r.label() == null ? null : prediction != null && prediction.equals(normal(r.label()));
        app.beginRow();
        app.append(run);
        app.append(lineNo);
        app.append(task.get().id());
        app.append(setting.wireName());
        app.append(r.id());
        app.append(r.index());
        DataIndex.appendOrNull(app, normal(r.label()));
        DataIndex.appendOrNull(app, prediction);
        DataIndex.appendOrNull(app, normal(r.prediction()));
        appendOrNull(app, correct);
        app.append(failed);
        app.append(r.invalid());
        DataIndex.appendOrNull(app, r.error());
        DataIndex.appendOrNull(app, failed ? kindOf(r) : null);
        appendOrNull(app, r.swapped());
        appendOrNull(app, r.swapConsistent());
        if (r.hasScores()) {
            app.append(r.scores().get(0));
            app.append(r.scores().get(1));
        } else {
            app.appendNull();
            app.appendNull();
        }
        app.append(r.attempts());
        app.append(r.latencyMs());
        DataIndex.appendOrNull(app, r.rationale());
        DataIndex.appendOrNull(app, r.rawOutput());
        appendOrNull(app, r.inputTokens());
        appendOrNull(app, r.outputTokens());
        app.append(supported);
        app.endRow();
        return null;
    }

    /** The prediction the summary counted: tie-calibrated for scalar lines of calibrated tasks. */
    private static String finalPrediction(PredictionRecord r, Setting setting, Task task, Summary.SettingSummary ss) {
        if (r.hasScores()) {
            Summary.TaskSummary ts = ss == null ? null : ss.task(task);
            if (setting.allowsTies() && ts != null && ts.tieCalibrated()) {
                Preference p = TieCalibration.predict(r.margin(), ss.tieThresholdFor(task));
                return p == null ? null : p.wireName();
            }
            if (r.prediction() == null) {
                Preference p = TieCalibration.predict(r.margin(), null);
                return p == null ? Preference.TIE.wireName() : p.wireName();
            }
        }
        return normal(r.prediction());
    }

    private static String kindOf(PredictionRecord r) {
        if (r.errorKind() != null) {
            return r.errorKind();
        }
        return r.invalid() ? "invalid_record" : "unknown";
    }

    private static String normal(String preference) {
        return preference == null ? null : Preference.lookup(preference).map(Preference::wireName).orElse(preference);
    }

    private static void appendOrNull(DuckDBAppender app, Boolean v) throws SQLException {
        if (v == null) {
            app.appendNull();
        } else {
            app.append(v);
        }
    }

    private static void appendOrNull(DuckDBAppender app, Long v) throws SQLException {
        if (v == null) {
            app.appendNull();
        } else {
            app.append(v);
        }
    }

    /** Per (task, setting, id): the label, whether runs disagree, and each run's outcome in columns. */
    private static String pivotSql(int runs) {
        StringBuilder sb = new StringBuilder("CREATE TABLE samples AS SELECT task, setting, id, min(idx) AS idx,"
                + " max(label) AS label, count(DISTINCT prediction) > 1 AS disagree");
        for (int r = 0; r < runs; r++) {
            String f = " FILTER (WHERE run = " + r + ")";
            sb.append(", max(prediction)").append(f).append(" AS p").append(r)
                    .append(", bool_or(correct)").append(f).append(" AS c").append(r)
                    .append(", bool_or(failed)").append(f).append(" AS f").append(r)
                    .append(", max(error_kind)").append(f).append(" AS k").append(r)
                    .append(", bool_or(swap_consistent = false)").append(f).append(" AS i").append(r);
        }
        return sb.append(" FROM lines GROUP BY task, setting, id ORDER BY task, setting, idx, id").toString();
    }

    // ------------------------------------------------------------------ queries

    /** The runs, in the order given. */
    public List<Run> runs() {
        return runs;
    }

    /** The run with a slug. */
    public Optional<Run> run(String slug) {
        return runs.stream().filter(r -> r.slug().equals(slug)).findFirst();
    }

    /**
     * One row of a sample list: the sample's label and each run's outcome.
     *
     * @param predictions per run: the counted prediction, or null (failed, or no line)
     * @param correct per run: true/false, or null (failed, no label, or no line)
     * @param failed per run: the failure kind, or null when the line did not fail
     * @param inconsistent per run: whether a judge's answers for the two orders disagreed
     * @param present per run: whether it has a line for the sample
     */
    public record Row(String task, String setting, String id, int idx, String label, boolean disagree,
            String[] predictions, Boolean[] correct, String[] failed, boolean[] inconsistent, boolean[] present,
            String prompt, String criteria) {
    }

    /** A page of the samples of one task and setting that match a filter, in benchmark order. */
    public Page<Row> list(RunFilter f, boolean withData, int offset, int limit) {
        List<Object> args = new ArrayList<>();
        String where = where(f, withData, args);
        String from = " FROM samples s" + (withData ? " LEFT JOIN items i ON i.task = s.task AND i.id = s.id" : "");
        try (Connection c = db.connect()) {
            long total = Sql.count(c, "SELECT count(*)" + from + where, args);
            List<Object> pageArgs = new ArrayList<>(args);
            pageArgs.add(limit);
            pageArgs.add(offset);
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT s.*" + (withData ? ", i.prompt, i.criteria" : "")
                    + from + where + " ORDER BY s.idx, s.id LIMIT ? OFFSET ?")) {
                Sql.bind(ps, pageArgs);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(row(rs, withData));
                    }
                }
            }
            return new Page<>(rows, total, offset, limit);
        } catch (SQLException e) {
            throw new IllegalStateException("index query failed: " + ExploreDb.firstLine(e), e);
        }
    }

    /** The sample before or after {@code (idx, id)} in the filtered list, for previous/next links. */
    public Optional<Row> neighbour(RunFilter f, boolean withData, int idx, String id, boolean next) {
        List<Object> args = new ArrayList<>();
        String where = where(f, withData, args) + (next ? " AND (s.idx > ? OR (s.idx = ? AND s.id > ?))"
                : " AND (s.idx < ? OR (s.idx = ? AND s.id < ?))");
        args.add(idx);
        args.add(idx);
        args.add(id);
        String order = next ? " ORDER BY s.idx, s.id" : " ORDER BY s.idx DESC, s.id DESC";
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("SELECT s.*"
                + (withData ? ", i.prompt, i.criteria" : "") + " FROM samples s"
                + (withData ? " LEFT JOIN items i ON i.task = s.task AND i.id = s.id" : "") + where + order + " LIMIT 1")) {
            Sql.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs, withData)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("index query failed: " + ExploreDb.firstLine(e), e);
        }
    }

    private String where(RunFilter f, boolean withData, List<Object> args) {
        StringBuilder w = new StringBuilder(" WHERE s.task = ? AND s.setting = ?");
        args.add(f.task().id());
        args.add(f.setting().wireName());
        List<Integer> which = f.run() == null ? runIndexes() : List.of(f.run());
        String join = f.allRuns() ? " AND " : " OR ";
        String status = switch (f.status()) {
            case "wrong" -> any(which, r -> "s.c" + r + " = false", join);
            case "correct" -> any(which, r -> "s.c" + r + " = true", join);
            case "failed" -> any(which, r -> "s.f" + r, join);
            case "predicted-tie" -> any(which, r -> "s.p" + r + " = 'tie'", join);
            case "inconsistent" -> any(which, r -> "s.i" + r, join);
            default -> {
                if (f.status().startsWith("failed:")) {
                    args.addAll(java.util.Collections.nCopies(which.size(), f.status().substring(7)));
                    yield any(which, r -> "s.k" + r + " = ?", join);
                }
                yield null;
            }
        };
        if (status != null) {
            w.append(" AND (").append(status).append(')');
        }
        if ("tie".equals(f.label())) {
            w.append(" AND s.label = 'tie'");
        } else if ("decisive".equals(f.label())) {
            w.append(" AND s.label IN ('response1', 'response2')");
        }
        if (f.disagree()) {
            w.append(" AND s.disagree");
        }
        if (f.text() != null && !f.text().isBlank()) {
            String like = Sql.like(f.text());
            w.append(" AND (s.id ILIKE ? ESCAPE '\\'");
            args.add(like);
            if (withData) {
                w.append(" OR i.prompt ILIKE ? ESCAPE '\\' OR i.criteria ILIKE ? ESCAPE '\\'");
                args.add(like);
                args.add(like);
            }
            w.append(" OR s.id IN (SELECT id FROM lines WHERE task = ? AND setting = ? AND (rationale ILIKE ? ESCAPE '\\'"
                    + " OR raw_output ILIKE ? ESCAPE '\\' OR error ILIKE ? ESCAPE '\\')))");
            args.add(f.task().id());
            args.add(f.setting().wireName());
            args.add(like);
            args.add(like);
            args.add(like);
        }
        return w.toString();
    }

    private List<Integer> runIndexes() {
        return runs.stream().map(Run::no).toList();
    }

    private static String any(List<Integer> runs, java.util.function.IntFunction<String> term, String join) {
        List<String> parts = new ArrayList<>();
        runs.forEach(r -> parts.add("coalesce(" + term.apply(r) + ", false)"));
        return String.join(join, parts);
    }

    private Row row(ResultSet rs, boolean withData) throws SQLException {
        int n = runs.size();
        String[] p = new String[n];
        Boolean[] c = new Boolean[n];
        String[] k = new String[n];
        boolean[] inc = new boolean[n];
        boolean[] present = new boolean[n];
        for (int r = 0; r < n; r++) {
            p[r] = rs.getString("p" + r);
            boolean cv = rs.getBoolean("c" + r);
            c[r] = rs.wasNull() ? null : cv;
            boolean failed = rs.getBoolean("f" + r);
            present[r] = !rs.wasNull();
            k[r] = failed ? rs.getString("k" + r) : null;
            inc[r] = rs.getBoolean("i" + r);
        }
        return new Row(rs.getString("task"), rs.getString("setting"), rs.getString("id"), rs.getInt("idx"),
                rs.getString("label"), rs.getBoolean("disagree"), p, c, k, inc, present,
                withData ? rs.getString("prompt") : null, withData ? rs.getString("criteria") : null);
    }

    /**
     * One prediction line as stored.
     *
     * @param run the run's position
     */
    public record Line(int run, String task, String setting, String id, int idx, String label, String prediction,
            String rawPrediction, Boolean correct, boolean failed, boolean invalid, String error, String errorKind,
            Boolean swapped, Boolean swapConsistent, Double score1, Double score2, int attempts, long latencyMs,
            String rationale, String rawOutput, Long inputTokens, Long outputTokens, boolean supported) {
    }

    /** Every run's lines of one sample (both settings), by setting then run. */
    public List<Line> lines(Task task, String id) {
        List<Line> out = new ArrayList<>();
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT * FROM lines WHERE task = ? AND id = ? ORDER BY setting, run")) {
            ps.setString(1, task.id());
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Line(rs.getInt("run"), rs.getString("task"), rs.getString("setting"), rs.getString("id"),
                            rs.getInt("idx"), rs.getString("label"), rs.getString("prediction"),
                            rs.getString("raw_prediction"), bool(rs, "correct"), rs.getBoolean("failed"),
                            rs.getBoolean("invalid"), rs.getString("error"), rs.getString("error_kind"),
                            bool(rs, "swapped"), bool(rs, "swap_consistent"), dbl(rs, "score1"), dbl(rs, "score2"),
                            rs.getInt("attempts"), rs.getLong("latency_ms"), rs.getString("rationale"),
                            rs.getString("raw_output"), lng(rs, "input_tokens"), lng(rs, "output_tokens"),
                            rs.getBoolean("supported")));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("index query failed: " + ExploreDb.firstLine(e), e);
        }
        return out;
    }

    private static Boolean bool(ResultSet rs, String col) throws SQLException {
        boolean v = rs.getBoolean(col);
        return rs.wasNull() ? null : v;
    }

    private static Double dbl(ResultSet rs, String col) throws SQLException {
        double v = rs.getDouble(col);
        return rs.wasNull() ? null : v;
    }

    private static Long lng(ResultSet rs, String col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }

    /** Per setting and task, a run's failed lines by kind. */
    public Map<String, Map<String, Map<String, Long>>> failuresByKind(int run) {
        Map<String, Map<String, Map<String, Long>>> out = new LinkedHashMap<>();
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("SELECT setting, task, error_kind,"
                + " count(*) FROM lines WHERE run = ? AND failed GROUP BY ALL ORDER BY setting, task, error_kind")) {
            ps.setInt(1, run);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
                            .computeIfAbsent(rs.getString(2), k -> new LinkedHashMap<>())
                            .put(rs.getString(3), rs.getLong(4));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("index query failed: " + ExploreDb.firstLine(e), e);
        }
        return out;
    }

    /** Lines per setting and task over all runs, for the home page's links (setting → task → lines). */
    public Map<String, Map<String, Long>> samplesPerTask() {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT setting, task, count(*) FROM samples GROUP BY ALL")) {
            while (rs.next()) {
                out.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>()).put(rs.getString(2), rs.getLong(3));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("index query failed: " + ExploreDb.firstLine(e), e);
        }
        return out;
    }

    /** The failure kinds present in a task and setting (for the filter's choices). */
    public List<String> failureKinds(Task task, Setting setting) {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("SELECT DISTINCT error_kind FROM"
                + " lines WHERE task = ? AND setting = ? AND failed ORDER BY 1")) {
            ps.setString(1, task.id());
            ps.setString(2, setting.wireName());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("index query failed: " + ExploreDb.firstLine(e), e);
        }
        return out;
    }

    static String pct(Double v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.1f", 100 * v);
    }
}
