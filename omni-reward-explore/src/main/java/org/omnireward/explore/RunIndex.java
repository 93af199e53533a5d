package org.omnireward.explore;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.omnireward.bench.metrics.RunInfo;
import org.omnireward.bench.metrics.Summary;
import org.omnireward.bench.metrics.SummaryCalculator;
import org.omnireward.bench.metrics.SummaryReader;
import org.omnireward.bench.report.Reports;
import org.omnireward.bench.report.RunReport;
import org.omnireward.bench.results.PredictionsFile;
import org.omnireward.bench.results.Setting;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.Task;
import org.omnireward.core.util.Json;

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
    public record Run(
            int no,
            String slug,
            RunReport report,
            long lines,
            long repeats,
            long malformed,
            String firstMalformed,
            List<String> notices) {

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

    /** The index, once {@link #index} is called (the queries run after it). */
    private volatile ExploreDb db;

    private volatile List<Run> runs;
    private final List<List<String>> runNotices;

    private RunIndex(List<Run> runs, List<List<String>> runNotices) {
        this.runs = List.copyOf(runs);
        this.runNotices = runNotices;
    }

    /**
     * Reads the runs' summaries (directories, or paths of their {@code summary.json}); {@link #index} then reads
     * their prediction lines.
     *
     * @throws InvalidInputException when a path is not a run, or a summary cannot be read or recomputed
     */
    public static RunIndex open(List<Path> paths) {
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
        List<String> slugs = new ArrayList<>();
        for (int i = 0; i < reports.size(); i++) {
            String slug = slug(reports.get(i).dir(), slugs);
            slugs.add(slug);
            runs.add(new Run(i, slug, reports.get(i), 0, 0, 0, null, List.copyOf(runNotices.get(i))));
        }
        return new RunIndex(runs, runNotices);
    }

    /**
     * Reads every run's prediction lines into the index: the per-sample table that overviews, lists and filters
     * read ({@code samples}); the lines themselves and their texts follow in {@link #indexLines()}.
     *
     * <p>Usually this is one statement: DuckDB reads every run's file and groups the lines by sample at once. That
     * is exact when no (task, setting, id) repeats within a run and no line is malformed (a cut-short last line
     * aside): which is checked from the same statement's counts. Otherwise the runs are read the careful way, line
     * numbers kept, so that the first of repeated lines counts, as in the summary, and the first malformed line
     * can be named.
     *
     * @param db the index to write to
     * @param notices receives one line per thing the user should know
     */
    public void index(ExploreDb db, Consumer<String> notices) {
        index(db, notices, false);
    }

    /** As {@link #index(ExploreDb, Consumer)}; {@code careful} always takes the line-numbered way (tests). */
    void index(ExploreDb db, Consumer<String> notices, boolean careful) {
        List<Run> indexed;
        try (DuckDBConnection c = db.connect()) {
            createTables(db, c);
            indexed = careful ? null : direct(c);
            direct = indexed != null;
            if (indexed == null) {
                indexed = new ArrayList<>();
                for (Run r : runs) {
                    List<String> mine = runNotices.get(r.no());
                    Ingested in = ingest(c, r.no(), r.report(), mine);
                    indexed.add(new Run(
                            r.no(),
                            r.slug(),
                            r.report(),
                            in.lines,
                            in.repeats,
                            in.malformed,
                            in.firstMalformed,
                            List.copyOf(mine)));
                }
                try (Statement s = c.createStatement()) {
                    s.execute(pivotSql("samples", indexed.size(), "lines", false));
                }
                linesIndexed = true;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot index the runs: " + ExploreDb.firstLine(e), e);
        }
        runs = List.copyOf(indexed);
        samplesTable = "samples";
        partial = null;
        for (Run r : runs) { // the first look's copies (its table stays: a query may still read it)
            try {
                Files.deleteIfExists(db.dir().resolve("first-" + r.no() + ".jsonl"));
            } catch (IOException e) {
                // deleted with the index
            }
        }
        indexed.forEach(r -> r.notices().forEach(n -> notices.accept(r.dir() + ": " + n)));
    }

    /** The tables every pass writes to (once), and what the queries join: task names, each run's tasks. */
    private void createTables(ExploreDb db, DuckDBConnection c) throws SQLException {
        if (this.db != null) {
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE run_tasks (run INTEGER, setting VARCHAR, task VARCHAR, calibrated BOOLEAN,"
                    + " threshold DOUBLE, unsupported BOOLEAN)");
            s.execute("CREATE TABLE task_names (name VARCHAR, id VARCHAR)");
            s.execute("CREATE TABLE lines (" + LINE_COLUMNS_DDL + ")");
            s.execute("CREATE TABLE texts (run INTEGER, task VARCHAR, setting VARCHAR, id VARCHAR, rationale VARCHAR,"
                    + " raw_output VARCHAR, error VARCHAR, search VARCHAR)");
        }
        try (DuckDBAppender names = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "task_names")) {
            for (Task t : Task.values()) {
                for (String n : new LinkedHashSet<>(List.of(t.id(), t.longName().toLowerCase(Locale.ROOT)))) {
                    names.beginRow();
                    names.append(n);
                    names.append(t.id());
                    names.endRow();
                }
            }
        }
        for (Run r : runs) {
            runTasks(c, r.no(), r.summary());
        }
        this.db = db;
    }

    /**
     * How much of each run's {@code predictions.jsonl} {@link #indexFirst} reads: a few thousand lines of a judge,
     * read in a few tens of milliseconds, where a 100,000-line run takes most of a second to read whole.
     */
    static final long FIRST_BYTES = 4L << 20;

    /**
     * A first look before {@link #index}, for runs too large to index at once: the samples of the first
     * {@code bytes} of each run's {@code predictions.jsonl} (whole lines; a smaller file whole), so that lists can
     * be served while the whole files are read. The queries read them until {@link #index} is done;
     * {@link #partial()} says what they hold meanwhile. Nothing is done (false) when every file is small, or when
     * the lines read repeat a (task, setting, id) (then only the whole file says which line counts).
     *
     * @return whether the queries now read the first look
     */
    public boolean indexFirst(ExploreDb db, long bytes) {
        long total = 0;
        long read = 0;
        List<String> sources = new ArrayList<>();
        try (DuckDBConnection c = db.connect()) {
            createTables(db, c);
            for (Run r : runs) {
                Path file = r.dir().resolve(PredictionsFile.NAME);
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                long size = Files.size(file);
                total += size;
                Path from = file;
                if (size > bytes) {
                    from = db.dir().resolve("first-" + r.no() + ".jsonl");
                    read += copyWholeLines(file, from, bytes);
                } else {
                    read += size;
                }
                sources.add(outcomes(r.no(), normalised(scan(from, JSON_COLUMNS), "NULL")));
            }
            if (sources.isEmpty() || read == total) {
                return false;
            }
            try (Statement s = c.createStatement()) {
                s.execute(
                        pivotSql("samples_first", runs.size(), "(" + String.join(" UNION ALL ", sources) + ")", true));
                s.execute("DELETE FROM samples_first WHERE NOT (" + VALID + ")");
                StringBuilder repeats = new StringBuilder("SELECT count(*) FROM samples_first WHERE false");
                for (Run r : runs) {
                    repeats.append(" OR n").append(r.no()).append(" > 1");
                }
                if (Sql.count(c, repeats.toString(), List.of()) > 0) {
                    s.execute("DROP TABLE samples_first");
                    return false;
                }
            }
        } catch (IOException e) {
            return false; // the whole files are read next, and say what is wrong with them
        } catch (SQLException e) {
            throw new IllegalStateException("cannot index the runs: " + ExploreDb.firstLine(e), e);
        }
        partial = String.format(
                Locale.ROOT,
                "the first %,d of %,d MB of the runs' predictions (%.0f %%)",
                Math.round(read / 1e6),
                Math.round(total / 1e6),
                100.0 * read / total);
        samplesTable = "samples_first";
        return true;
    }

    /**
     * Copies the whole lines within the first {@code bytes} of a file (at least one line, however long), and
     * returns how many bytes it copied.
     */
    private static long copyWholeLines(Path file, Path to, long bytes) throws IOException {
        byte[] head;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes((int) Math.min(bytes, Integer.MAX_VALUE - 8));
        }
        int end = head.length;
        while (end > 0 && head[end - 1] != '\n') {
            end--;
        }
        if (end == 0) { // one line longer than the prefix: read on to its end
            try (java.io.BufferedReader r = Files.newBufferedReader(file, java.nio.charset.StandardCharsets.UTF_8)) {
                String line = r.readLine();
                byte[] b = ((line == null ? "" : line) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
                Files.write(to, b);
                return b.length;
            }
        }
        try (java.io.OutputStream out = Files.newOutputStream(to)) {
            out.write(head, 0, end);
        }
        return end;
    }

    /** The table of samples the queries read: a first look ({@link #indexFirst}) until {@link #index} is done. */
    private volatile String samplesTable = "samples";

    private volatile String partial;

    /**
     * What the lists hold while only a first look is indexed ("the first 4 of 130 MB of the runs' predictions"), or
     * null once every line is.
     */
    public String partial() {
        return partial;
    }

    /**
     * The one-statement way: {@code samples} grouped straight from every run's file, with each run's line count
     * per sample. Returns the runs with their counts, or null (and no {@code samples} table) when a run repeats a
     * (task, setting, id) or has a malformed line other than a cut-short last one.
     */
    private List<Run> direct(DuckDBConnection c) throws SQLException {
        List<String> sources = new ArrayList<>();
        for (Run r : runs) {
            Path file = r.dir().resolve(PredictionsFile.NAME);
            if (Files.isRegularFile(file)) {
                sources.add(outcomes(r.no(), normalised(scan(file, JSON_COLUMNS), "NULL")));
            }
        }
        if (sources.isEmpty()) {
            return null;
        }
        try (Statement s = c.createStatement()) {
            s.execute(pivotSql("samples", runs.size(), "(" + String.join(" UNION ALL ", sources) + ")", true));
            long[][] counts = lineCounts(s);
            List<Run> out = new ArrayList<>();
            for (Run r : runs) {
                long[] n = counts[r.no()];
                Path file = r.dir().resolve(PredictionsFile.NAME);
                boolean torn = n[1] == 1 && endsTorn(file);
                if (n[0] > 0 || n[1] > 0 && !torn) {
                    s.execute("DROP TABLE samples");
                    return null;
                }
                List<String> mine = runNotices.get(r.no());
                if (!Files.isRegularFile(file)) {
                    mine.add("no " + PredictionsFile.NAME + ": only the summary can be shown");
                } else if (torn) {
                    mine.add(TORN);
                }
                out.add(new Run(r.no(), r.slug(), r.report(), n[2], 0, 0, null, List.copyOf(mine)));
            }
            s.execute("DELETE FROM samples WHERE NOT (" + VALID + ")");
            return out;
        }
    }

    /**
     * Per run, from the {@code samples} table: lines of samples that repeat within the run, malformed
     * lines (their keys are missing), and valid lines.
     */
    private long[][] lineCounts(Statement s) throws SQLException {
        StringBuilder q = new StringBuilder("SELECT ");
        for (Run r : runs) {
            int n = r.no();
            q.append(n == 0 ? "" : ", ")
                    .append("coalesce(sum(n")
                    .append(n)
                    .append(" - 1) FILTER (WHERE ")
                    .append(VALID)
                    .append(" AND n")
                    .append(n)
                    .append(" > 1), 0), coalesce(sum(n")
                    .append(n)
                    .append(") FILTER (WHERE NOT (")
                    .append(VALID)
                    .append(")), 0), coalesce(sum(n")
                    .append(n)
                    .append(") FILTER (WHERE ")
                    .append(VALID)
                    .append("), 0)");
        }
        long[][] counts = new long[runs.size()][3];
        try (ResultSet rs = s.executeQuery(q.append(" FROM samples").toString())) {
            rs.next();
            for (int r = 0; r < runs.size(); r++) {
                for (int k = 0; k < 3; k++) {
                    counts[r][k] = rs.getLong(3 * r + k + 1);
                }
            }
        }
        return counts;
    }

    /** A sample's keys are all there (lines without them are malformed). */
    private static final String VALID = "id IS NOT NULL AND id <> '' AND task IS NOT NULL AND setting IS NOT NULL";

    private static final String TORN =
            "the last line of " + PredictionsFile.NAME + " is cut short, as a stopped run" + " leaves it; ignored";

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
            Summary summary = SummaryReader.read(summaryFile);
            return new RunReport(summary.model(), dir, summary, false, List.of(), hasPredictions, config, Map.of());
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

    static final String LINE_COLUMNS_DDL = "run INTEGER, task VARCHAR, setting VARCHAR, id VARCHAR,"
            + " idx INTEGER, label VARCHAR, prediction VARCHAR, raw_prediction VARCHAR, correct BOOLEAN,"
            + " failed BOOLEAN, invalid BOOLEAN, error_kind VARCHAR, swapped BOOLEAN,"
            + " swap_consistent BOOLEAN, score1 DOUBLE, score2 DOUBLE, attempts INTEGER, latency_ms BIGINT,"
            + " input_tokens BIGINT, output_tokens BIGINT, supported BOOLEAN";

    /** The fields of a prediction line DuckDB's JSON reader reads (others are ignored, as by the summary). */
    private static final String JSON_COLUMNS = "{'id': 'VARCHAR', 'task': 'VARCHAR', 'setting': 'VARCHAR',"
            + " 'index': 'BIGINT', 'label': 'VARCHAR', 'prediction': 'VARCHAR', 'swapped': 'BOOLEAN',"
            + " 'scores': 'DOUBLE[]', 'failed': 'BOOLEAN', 'invalid': 'BOOLEAN',"
            + " 'error_kind': 'VARCHAR', 'attempts': 'BIGINT', 'latency_ms': 'BIGINT',"
            + " 'input_tokens': 'BIGINT', 'output_tokens': 'BIGINT', 'swap_consistent': 'BOOLEAN'}";
    /** The long texts, read in a second pass after the pages are up. */
    private static final String TEXT_COLUMNS = "{'id': 'VARCHAR', 'task': 'VARCHAR', 'setting': 'VARCHAR',"
            + " 'rationale': 'VARCHAR', 'raw_output': 'VARCHAR', 'error': 'VARCHAR'}";

    /** What one run's ingest read. */
    private static final class Ingested {
        long lines;
        long repeats;
        long malformed;
        String firstMalformed;
    }

    /** Every task of every setting of a run: whether it was tie-calibrated, its threshold, whether unsupported. */
    private static void runTasks(DuckDBConnection c, int run, Summary summary) throws SQLException {
        try (DuckDBAppender app = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "run_tasks")) {
            for (Setting setting : Setting.values()) {
                Summary.SettingSummary ss = summary.setting(setting);
                for (Task t : Task.values()) {
                    Summary.TaskSummary ts = ss == null ? null : ss.task(t);
                    app.beginRow();
                    app.append(run);
                    app.append(setting.wireName());
                    app.append(t.id());
                    app.append(setting.allowsTies() && ts != null && ts.tieCalibrated());
                    Double thr = ss == null ? null : ss.tieThresholdFor(t);
                    if (thr == null) {
                        app.appendNull();
                    } else {
                        app.append(thr);
                    }
                    app.append(ss != null && ss.isUnsupported(t));
                    app.endRow();
                }
            }
        }
    }

    /** DuckDB's JSON reader over a prediction file (both cores, no Java objects per line). */
    private static String scan(Path file, String columns) {
        return "read_ndjson(" + quote(file.toString()) + ", columns = " + columns + ", ignore_errors = true)";
    }

    /**
     * The prediction lines of {@code from} (aliased {@code r}; a line that is not JSON of the expected types has
     * every field null) with task names, settings and preferences normalised as the summary reads them.
     */
    private static String normalised(String from, String line) {
        return "SELECT " + line + " AS line, r.id, n.id AS task,"
                + " CASE lower(replace(trim(r.setting), '-', '_')) WHEN 'no_ties' THEN 'no_ties' WHEN 'ties' THEN 'ties'"
                + " END AS setting, r.index AS idx, " + preference("r.label") + " AS label, "
                + preference("r.prediction") + " AS prediction, coalesce(r.failed, false) OR coalesce(r.invalid, false)"
                + " AS failed, coalesce(r.invalid, false) AS invalid, r.error_kind, r.swapped, r.swap_consistent,"
                + " CASE WHEN len(r.scores) = 2 THEN r.scores[1] END AS score1,"
                + " CASE WHEN len(r.scores) = 2 THEN r.scores[2] END AS score2, r.attempts, r.latency_ms,"
                + " r.input_tokens, r.output_tokens"
                + " FROM " + from + " r LEFT JOIN task_names n ON n.name = lower(trim(r.task))";
    }

    /**
     * The columns of {@code lines} from normalised lines of one run: the prediction the summary counted (for
     * scalar models in a tie-calibrated setting, under the task's threshold), whether it is correct, and the
     * failure kind.
     */
    private static String outcomes(int run, String normalised) {
        return "SELECT " + run + " AS run, q.task, q.setting, q.id, q.idx, q.label,"
                + " q.final AS prediction, q.prediction AS raw_prediction, CASE WHEN q.failed OR q.label IS NULL THEN NULL"
                + " ELSE coalesce(q.final = q.label, false) END AS correct, q.failed, q.invalid,"
                + " CASE WHEN q.failed THEN coalesce(q.error_kind, CASE WHEN q.invalid THEN 'invalid_record'"
                + " ELSE 'unknown' END) END AS error_kind, q.swapped, q.swap_consistent, q.score1, q.score2, q.attempts,"
                + " q.latency_ms, q.input_tokens, q.output_tokens, NOT coalesce(q.unsupported, false) AS supported"
                + " FROM (SELECT n.*, t.unsupported, CASE WHEN n.failed THEN NULL"
                + "   WHEN n.score1 IS NOT NULL AND t.calibrated THEN CASE"
                + "     WHEN t.threshold IS NOT NULL AND abs(n.score1 - n.score2) <= t.threshold THEN 'tie'"
                + "     WHEN n.score1 > n.score2 THEN 'response1' WHEN n.score1 < n.score2 THEN 'response2' END"
                + "   WHEN n.score1 IS NOT NULL AND n.prediction IS NULL THEN CASE"
                + "     WHEN n.score1 > n.score2 THEN 'response1' WHEN n.score1 < n.score2 THEN 'response2'"
                + "     ELSE 'tie' END"
                + "   ELSE n.prediction END AS final"
                + "   FROM (" + normalised + ") n LEFT JOIN run_tasks t ON t.run = " + run
                + " AND t.setting = n.setting"
                + "   AND t.task = n.task) q";
    }

    /**
     * The careful way for one run: its lines in file order (line numbers kept) into {@code lines}. A line that is
     * not a prediction record is counted and the first named; a torn last line is noted; a repeated (task,
     * setting, id) keeps its first line, as in the summary.
     */
    private static Ingested ingest(DuckDBConnection c, int run, RunReport report, List<String> notices)
            throws SQLException {
        Path file = report.dir().resolve(PredictionsFile.NAME);
        Ingested out = new Ingested();
        if (!Files.isRegularFile(file)) {
            notices.add("no " + PredictionsFile.NAME + ": only the summary can be shown");
            return out;
        }
        try (Statement s = c.createStatement()) {
            // a table created from a scan keeps the file's order, so rowid + 1 counts the (non-blank) lines
            s.execute("CREATE TEMP TABLE raw AS SELECT * FROM " + scan(file, JSON_COLUMNS));
            s.execute("CREATE TEMP TABLE norm AS " + normalised("raw", "r.rowid + 1"));
            try (ResultSet rs = s.executeQuery("SELECT count(*), min(line) FROM norm WHERE NOT (" + VALID + ")")) {
                rs.next();
                out.malformed = rs.getLong(1);
                long first = rs.getLong(2);
                if (out.malformed > 0) {
                    long last = Sql.count(c, "SELECT max(line) FROM norm", List.of());
                    if (first == last && !endsWithNewline(file)) {
                        out.malformed--;
                        notices.add(TORN);
                    } else {
                        out.firstMalformed = PredictionsFile.NAME + " record " + first + " (counting non-blank lines)";
                        notices.add(
                                out.malformed + " line(s) of " + PredictionsFile.NAME + " are not prediction records"
                                        + " (no id, an unknown task or setting, or not JSON of the expected types) and are left"
                                        + " out; the first: " + out.firstMalformed);
                    }
                }
            }
            s.execute("INSERT INTO lines "
                    + outcomes(
                            run,
                            "SELECT * FROM norm WHERE " + VALID
                                    + " QUALIFY row_number() OVER (PARTITION BY task, setting, id ORDER BY line) = 1"));
            long total = Sql.count(c, "SELECT count(*) FROM norm WHERE " + VALID, List.of());
            out.lines = Sql.count(c, "SELECT count(*) FROM lines WHERE run = ?", List.of(run));
            out.repeats = total - out.lines;
            if (out.repeats > 0) {
                notices.add(out.repeats + " repeated (task, setting, id) line(s) of " + PredictionsFile.NAME
                        + " ignored; the first line of each counts, as in the summary");
            }
            s.execute("DROP TABLE norm");
            s.execute("DROP TABLE raw");
        }
        return out;
    }

    /** Whether {@link #index} took the one-statement way (tests). */
    private volatile boolean direct;

    boolean direct() {
        return direct;
    }

    /** The index (tests). */
    ExploreDb db() {
        return db;
    }

    /** Whether {@code lines} is filled (at once by the careful way; else by {@link #indexLines()}). */
    private volatile boolean linesIndexed;

    private volatile boolean textsReady;

    /**
     * The second pass: every run's lines into {@code lines} (when {@link #index} grouped them straight from the
     * files), then every run's rationale, raw output and error, with their lower-cased concatenation for text
     * search, keyed by (task, setting, id) and the first line of each as in {@code lines}. Runs while the pages
     * are already served; {@link #textsReady()} says when it is done.
     */
    public void indexLines() {
        boolean careful = linesIndexed;
        try (DuckDBConnection c = db.connect();
                Statement s = c.createStatement()) {
            for (Run r : runs) {
                Path file = r.dir().resolve(PredictionsFile.NAME);
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                if (!careful) {
                    s.execute("INSERT INTO lines SELECT * FROM ("
                            + outcomes(r.no(), normalised(scan(file, JSON_COLUMNS), "NULL")) + ") WHERE " + VALID);
                }
                // a judge's raw output usually holds its rationale: then only the raw output is searched
                String texts = "SELECT n.id AS task, CASE lower(replace(trim(t.setting), '-', '_')) WHEN 'no_ties'"
                        + " THEN 'no_ties' WHEN 'ties' THEN 'ties' END AS setting, t.id, %s AS line, t.rationale,"
                        + " t.raw_output, t.error FROM %s t JOIN task_names n ON n.name = lower(trim(t.task))";
                String valid = " WHERE q.id IS NOT NULL AND q.id <> '' AND q.setting IS NOT NULL";
                String firstOnly;
                if (careful) {
                    s.execute("CREATE TEMP TABLE rawtext AS SELECT * FROM " + scan(file, TEXT_COLUMNS));
                    firstOnly =
                            "SELECT * FROM (" + String.format(Locale.ROOT, texts, "t.rowid", "rawtext") + ") q" + valid
                                    + " QUALIFY row_number() OVER (PARTITION BY q.task, q.setting, q.id ORDER BY q.line) = 1";
                } else {
                    // no (task, setting, id) repeats in this run (index checked): every valid line is the first
                    firstOnly = "SELECT * FROM (" + String.format(Locale.ROOT, texts, "NULL", scan(file, TEXT_COLUMNS))
                            + ") q" + valid;
                }
                s.execute("INSERT INTO texts SELECT " + r.no() + ", task, setting, id, rationale, raw_output, error,"
                        + " lower(concat_ws(' ', CASE WHEN raw_output IS NOT NULL AND rationale IS NOT NULL"
                        + " AND contains(raw_output, rationale) THEN NULL ELSE rationale END, raw_output, error))"
                        + " FROM (" + firstOnly + ") f"
                        + " WHERE rationale IS NOT NULL OR raw_output IS NOT NULL OR error IS NOT NULL");
                if (careful) {
                    s.execute("DROP TABLE rawtext");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot index the runs' texts: " + ExploreDb.firstLine(e), e);
        }
        linesIndexed = true;
        textsReady = true;
    }

    /** Whether rationales, raw outputs and errors are indexed (text search and sample pages show them). */
    public boolean textsReady() {
        return textsReady;
    }

    /** A preference value normalised as the summary reads it ({@code response1}, {@code response2}, {@code tie}). */
    private static String preference(String column) {
        return "CASE lower(trim(" + column + ")) WHEN 'response1' THEN 'response1' WHEN 'response2' THEN 'response2'"
                + " WHEN 'tie' THEN 'tie' ELSE " + column + " END";
    }

    /** A SQL string literal. */
    static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    private static boolean endsWithNewline(Path file) {
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

    /**
     * Whether the file's last line is cut short: there is no newline after it, and it is not blank and does not
     * end with {@code '}'} (so it is no JSON object, and DuckDB's reader found it malformed). A last line that
     * ends like a whole object is taken as a line like any other, and the careful way decides.
     */
    static boolean endsTorn(Path file) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            for (long at = f.length() - 1; at >= 0; at--) {
                f.seek(at);
                int b = f.read();
                if (b == '\n') {
                    return false; // a newline at the end, or a blank last line
                }
                if (b != ' ' && b != '\t' && b != '\r') {
                    return b != '}';
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Per (task, setting, id) of the outcome rows in {@code from} (the {@code lines} table, or the lines read
     * straight from the files): the label, whether runs disagree (their counted predictions differ), and each
     * run's outcome in columns; with {@code counts}, each run's number of lines of the sample ({@code n0}, ...).
     */
    private static String pivotSql(String table, int runs, String from, boolean counts) {
        StringBuilder sb = new StringBuilder("CREATE TABLE " + table + " AS SELECT task, setting, id, min(idx) AS idx,"
                + " max(label) AS label, coalesce(min(prediction) <> max(prediction), false) AS disagree");
        for (int r = 0; r < runs; r++) {
            String f = " FILTER (WHERE run = " + r + ")";
            sb.append(", max(prediction)")
                    .append(f)
                    .append(" AS p")
                    .append(r)
                    .append(", bool_or(correct)")
                    .append(f)
                    .append(" AS c")
                    .append(r)
                    .append(", bool_or(failed)")
                    .append(f)
                    .append(" AS f")
                    .append(r)
                    .append(", max(error_kind)")
                    .append(f)
                    .append(" AS k")
                    .append(r)
                    .append(", bool_or(swap_consistent = false)")
                    .append(f)
                    .append(" AS i")
                    .append(r);
            if (counts) {
                sb.append(", count(*)").append(f).append(" AS n").append(r);
            }
        }
        return sb.append(" FROM ")
                .append(from)
                .append(" GROUP BY task, setting, id ORDER BY task, setting, idx, id")
                .toString();
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
    public record Row(
            String task,
            String setting,
            String id,
            int idx,
            String label,
            boolean disagree,
            String[] predictions,
            Boolean[] correct,
            String[] failed,
            boolean[] inconsistent,
            boolean[] present,
            String prompt,
            String criteria) {}

    /** A page of the samples of one task and setting that match a filter, in benchmark order. */
    public Page<Row> list(RunFilter f, boolean withData, int offset, int limit) {
        List<Object> args = new ArrayList<>();
        boolean join = withData && hasText(f);
        String where = where(f, join, args);
        String from =
                " FROM " + samplesTable + " s" + (join ? " LEFT JOIN items i ON i.task = s.task AND i.id = s.id" : "");
        try (Connection c = db.connect()) {
            long total = Sql.count(c, "SELECT count(*)" + from + where, args);
            List<Object> pageArgs = new ArrayList<>(args);
            pageArgs.add(limit);
            pageArgs.add(offset);
            List<Row> rows = new ArrayList<>();
            // the page first, then its prompts: the join touches 50 rows, not the whole task
            String page = "SELECT s.*" + from + where + " ORDER BY s.idx, s.id LIMIT ? OFFSET ?";
            String sql = withData
                    ? "SELECT p.*, i2.prompt, i2.criteria FROM (" + page + ") p LEFT JOIN items i2"
                            + " ON i2.task = p.task AND i2.id = p.id ORDER BY p.idx, p.id"
                    : page;
            try (PreparedStatement ps = c.prepareStatement(sql)) {
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

    private static boolean hasText(RunFilter f) {
        return f.text() != null && !f.text().isBlank();
    }

    /** The sample before or after {@code (idx, id)} in the filtered list, for previous/next links. */
    public Optional<Row> neighbour(RunFilter f, boolean withData, int idx, String id, boolean next) {
        List<Object> args = new ArrayList<>();
        String where = where(f, withData && hasText(f), args)
                + (next
                        ? " AND (s.idx > ? OR (s.idx = ? AND s.id > ?))"
                        : " AND (s.idx < ? OR (s.idx = ? AND s.id < ?))");
        args.add(idx);
        args.add(idx);
        args.add(id);
        String order = next ? " ORDER BY s.idx, s.id" : " ORDER BY s.idx DESC, s.id DESC";
        boolean join = withData && hasText(f);
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement("SELECT s.* FROM " + samplesTable + " s"
                        + (join ? " LEFT JOIN items i ON i.task = s.task AND i.id = s.id" : "") + where + order
                        + " LIMIT 1")) {
            Sql.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs, false)) : Optional.empty();
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
                    args.addAll(Collections.nCopies(which.size(), f.status().substring(7)));
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
        if (hasText(f)) {
            String needle = f.text().strip().toLowerCase(Locale.ROOT);
            w.append(" AND (contains(lower(s.id), ?)");
            args.add(needle);
            if (withData) {
                w.append(" OR contains(i.pc_search, ?)");
                args.add(needle);
            }
            w.append(" OR s.id IN (SELECT id FROM texts WHERE task = ? AND setting = ? AND contains(search, ?)))");
            args.add(f.task().id());
            args.add(f.setting().wireName());
            args.add(needle);
        }
        return w.toString();
    }

    private List<Integer> runIndexes() {
        return runs.stream().map(Run::no).toList();
    }

    private static String any(List<Integer> runs, IntFunction<String> term, String join) {
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
        return new Row(
                rs.getString("task"),
                rs.getString("setting"),
                rs.getString("id"),
                rs.getInt("idx"),
                rs.getString("label"),
                rs.getBoolean("disagree"),
                p,
                c,
                k,
                inc,
                present,
                withData ? rs.getString("prompt") : null,
                withData ? rs.getString("criteria") : null);
    }

    /**
     * One prediction line as stored.
     *
     * @param run the run's position
     */
    public record Line(
            int run,
            String task,
            String setting,
            String id,
            int idx,
            String label,
            String prediction,
            String rawPrediction,
            Boolean correct,
            boolean failed,
            boolean invalid,
            String error,
            String errorKind,
            Boolean swapped,
            Boolean swapConsistent,
            Double score1,
            Double score2,
            int attempts,
            long latencyMs,
            String rationale,
            String rawOutput,
            Long inputTokens,
            Long outputTokens,
            boolean supported) {}

    /** Every run's lines of one sample (both settings), by setting then run. */
    public List<Line> lines(Task task, String id) {
        List<Line> out = new ArrayList<>();
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT l.*, x.rationale, x.raw_output, x.error FROM lines l LEFT JOIN texts x ON x.run = l.run"
                                + " AND x.task = l.task AND x.setting = l.setting AND x.id = l.id WHERE l.task = ? AND l.id = ?"
                                + " ORDER BY l.setting, l.run")) {
            ps.setString(1, task.id());
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Line(
                            rs.getInt("run"),
                            rs.getString("task"),
                            rs.getString("setting"),
                            rs.getString("id"),
                            rs.getInt("idx"),
                            rs.getString("label"),
                            rs.getString("prediction"),
                            rs.getString("raw_prediction"),
                            bool(rs, "correct"),
                            rs.getBoolean("failed"),
                            rs.getBoolean("invalid"),
                            rs.getString("error"),
                            rs.getString("error_kind"),
                            bool(rs, "swapped"),
                            bool(rs, "swap_consistent"),
                            dbl(rs, "score1"),
                            dbl(rs, "score2"),
                            rs.getInt("attempts"),
                            rs.getLong("latency_ms"),
                            rs.getString("rationale"),
                            rs.getString("raw_output"),
                            lng(rs, "input_tokens"),
                            lng(rs, "output_tokens"),
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

    /** Per setting and task, a run's failed lines by kind (from the samples: one line each per run). */
    public Map<String, Map<String, Map<String, Long>>> failuresByKind(int run) {
        Map<String, Map<String, Map<String, Long>>> out = new LinkedHashMap<>();
        if (run < 0 || run >= runs.size()) {
            return out;
        }
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT setting, task, k" + run + ", count(*) FROM " + samplesTable
                        + " WHERE f" + run + " GROUP BY ALL ORDER BY setting, task, k" + run)) {
            while (rs.next()) {
                out.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
                        .computeIfAbsent(rs.getString(2), k -> new LinkedHashMap<>())
                        .put(rs.getString(3), rs.getLong(4));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("index query failed: " + ExploreDb.firstLine(e), e);
        }
        return out;
    }

    /** Lines per setting and task over all runs, for the home page's links (setting → task → lines). */
    public Map<String, Map<String, Long>> samplesPerTask() {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT setting, task, count(*) FROM " + samplesTable + " GROUP BY ALL")) {
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
        List<String> parts = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        for (Run r : runs) {
            parts.add("SELECT k" + r.no() + " AS k FROM " + samplesTable + " WHERE task = ? AND setting = ? AND f"
                    + r.no());
            args.add(task.id());
            args.add(setting.wireName());
        }
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT DISTINCT k FROM (" + String.join(" UNION ALL ", parts) + ") ORDER BY 1")) {
            Sql.bind(ps, args);
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
