package org.omnireward.explore;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Preference;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.PreferenceSample;
import org.omnireward.core.Response;
import org.omnireward.core.Task;
import org.omnireward.core.util.Progress;
import org.omnireward.data.Groups;
import org.omnireward.data.RecordSink;
import org.omnireward.data.SkippedRecord;
import org.omnireward.data.Sources;
import org.omnireward.data.UnifiedJsonlReader;
import org.omnireward.data.UnifiedRecord;
import org.omnireward.data.benchmark.BenchmarkLoader;
import org.omnireward.data.benchmark.BenchmarkSource;
import org.omnireward.data.benchmark.LoadOptions;
import org.omnireward.data.benchmark.LoadedEntry;
import org.omnireward.data.export.DataExport;
import org.omnireward.data.stats.DataStats;

/**
 * The data the explorer shows, read once into the index's {@code items} table: a benchmark in any layout
 * {@code bench run} reads (samples with labels), or preference pairs in the unified JSONL (a file, a
 * {@code data mix} folder, a folder of {@code *.jsonl}). While reading, the records also feed the
 * {@code data stats} figures ({@link DataStats.Accumulator}), so the dataset page shows the same plots
 * as {@code data stats}. Records that cannot be read are kept as invalid items (benchmarks) or counted
 * per reason with the first ones listed (pairs): nothing is dropped silently.
 *
 * <p>Media are referenced, not copied: files stay where they are ({@link MediaRef#underRoot} already
 * refused paths outside the data's folder); media embedded in parquet rows are read again, once, into
 * the index's private folder when a page asks for them.
 */
public final class DataIndex {

    /** Skipped records listed by name on the dataset page; the rest are counted. */
    static final int SHOWN_SKIPS = 20;

    private final ExploreDb db;
    private final Path path;
    private final boolean benchmark;
    private final List<Path> roots;
    private final LoadOptions options;
    private DataStats.Stats stats;
    private final long count;
    private final long invalid;
    private final Map<String, Long> skipped;
    private final List<String> firstSkips;
    private final String description;

    private DataIndex(
            ExploreDb db,
            Path path,
            boolean benchmark,
            List<Path> roots,
            LoadOptions options,
            long count,
            long invalid,
            Map<String, Long> skipped,
            List<String> firstSkips,
            String description) {
        this.db = db;
        this.path = path;
        this.benchmark = benchmark;
        this.roots = List.copyOf(roots);
        this.options = options;
        this.count = count;
        this.invalid = invalid;
        this.skipped = Collections.unmodifiableMap(skipped);
        this.firstSkips = List.copyOf(firstSkips);
        this.description = description;
    }

    /**
     * Reads {@code data}: a benchmark folder (any layout {@link BenchmarkLoader} detects) or a unified
     * JSONL file as a benchmark when {@code asBenchmark} is given (runs name their benchmark so); else
     * preference pairs (a unified JSONL file, a mix folder or a folder of {@code *.jsonl}), or a benchmark
     * when the folder holds one.
     *
     * @param asBenchmark how the runs opened it (format, media root, seed), or empty to decide from the path
     */
    public static DataIndex load(ExploreDb db, Path data, Optional<LoadOptions> asBenchmark, Progress progress) {
        Path abs = data.toAbsolutePath().normalize();
        if (!Files.exists(abs)) {
            throw new InvalidInputException("--data " + data + ": no such file or folder");
        }
        boolean isBenchmark = asBenchmark.isPresent()
                || Files.isDirectory(abs) && !BenchmarkLoader.layoutsIn(abs).isEmpty();
        try (DuckDBConnection c = db.connect()) {
            try (Statement s = c.createStatement()) {
                s.execute(Item.CREATE);
            }
            DataIndex index = isBenchmark
                    ? loadBenchmark(db, c, abs, asBenchmark.orElse(LoadOptions.defaults()), progress)
                    : loadPairs(db, c, abs, progress);
            return index;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot index " + data + ": " + ExploreDb.firstLine(e), e);
        }
    }

    private static DataIndex loadBenchmark(
            ExploreDb db, DuckDBConnection c, Path data, LoadOptions opts, Progress progress) throws SQLException {
        long n = 0;
        long invalid = 0;
        List<Path> roots = new ArrayList<>();
        String description;
        try (BenchmarkSource src = BenchmarkLoader.open(data, opts);
                DuckDBAppender app = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "items")) {
            roots.add(src.mediaRoot());
            if (!src.mediaRoot().equals(src.dataDir())) {
                roots.add(
                        Files.isDirectory(src.dataDir())
                                ? src.dataDir()
                                : src.dataDir().getParent());
            }
            description = "benchmark (" + src.format().cliName() + " layout), media under " + src.mediaRoot();
            for (Task t : src.tasks()) {
                try (Stream<LoadedEntry> entries = src.entries(t)) {
                    for (LoadedEntry e : (Iterable<LoadedEntry>) entries::iterator) {
                        appendEntry(app, (int) n, e);
                        n++;
                        if (e instanceof LoadedEntry.Invalid) {
                            invalid++;
                        }
                        if (progress != null && (n & 255) == 0) {
                            progress.update(n, -1, "records", t.id());
                        }
                    }
                }
            }
        }
        if (progress != null) {
            progress.finish(n, -1, "records", "");
        }
        return new DataIndex(db, data, true, roots, opts, n, invalid, Map.of(), List.of(), description);
    }

    private static void appendEntry(DuckDBAppender app, int ord, LoadedEntry e) throws SQLException {
        String file = e.origin().toString();
        if (e instanceof LoadedEntry.Valid v) {
            PreferenceSample s = v.sample();
            String label = s.label().map(Preference::wireName).orElse(null);
            row(
                    app,
                    ord,
                    s.task(),
                    e.index(),
                    s.id(),
                    false,
                    "omnirewardbench:" + s.task().id(),
                    "omnirewardbench",
                    "test",
                    file,
                    s.criteria(),
                    s.prompt(),
                    s.response1(),
                    s.response2(),
                    s.inputs(),
                    label,
                    s.model1().orElse(null),
                    s.model2().orElse(null),
                    null,
                    null,
                    null);
        } else {
            LoadedEntry.Invalid inv = (LoadedEntry.Invalid) e;
            app.beginRow();
            app.append(ord);
            app.append(inv.task().id());
            app.append(inv.index());
            app.append(inv.id());
            app.append(false);
            app.append("omnirewardbench:" + inv.task().id());
            app.append("omnirewardbench");
            app.append("test");
            app.append(file);
            for (int i = 0; i < 7; i++) {
                app.appendNull();
            }
            appendOrNull(app, inv.knownLabel().map(Preference::wireName).orElse(null));
            app.appendNull();
            app.appendNull();
            app.appendNull();
            app.append(inv.reason());
            app.appendNull();
            app.append(inv.id().toLowerCase(Locale.ROOT));
            app.append(inv.id().toLowerCase(Locale.ROOT));
            app.endRow();
        }
    }

    private static DataIndex loadPairs(ExploreDb db, DuckDBConnection c, Path in, Progress progress)
            throws SQLException {
        List<Path> files = DataExport.inputs(in);
        Set<Path> roots = new LinkedHashSet<>();
        PairRows rows;
        try (DuckDBAppender app = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "items")) {
            rows = new PairRows(app, progress);
            for (Path f : files) {
                Path abs = f.toAbsolutePath().normalize();
                roots.add(abs.getParent());
                rows.file = abs;
                new UnifiedJsonlReader(abs, true).read(rows);
            }
        }
        if (progress != null) {
            progress.finish(rows.count, -1, "records", "");
        }
        String description =
                files.size() == 1 ? "unified preference JSONL" : "unified preference JSONL, " + files.size() + " files";
        return new DataIndex(
                db,
                in,
                false,
                new ArrayList<>(roots),
                LoadOptions.defaults(),
                rows.count,
                0,
                rows.skipped,
                rows.firstSkips,
                description);
    }

    /**
     * Appends the pairs of unified JSONL files to the {@code items} table, one file after the other
     * ({@link #file}), numbering them per task; skipped records are counted by reason.
     */
    private static final class PairRows implements RecordSink {
        private final DuckDBAppender app;
        private final Progress progress;
        private final Map<String, int[]> perTask = new TreeMap<>();
        final Map<String, Long> skipped = new TreeMap<>();
        final List<String> firstSkips = new ArrayList<>();
        /** The file being read. */
        Path file;
        /** Pairs appended so far. */
        long count;

        PairRows(DuckDBAppender app, Progress progress) {
            this.app = app;
            this.progress = progress;
        }

        @Override
        public void record(UnifiedRecord r) {
            PreferencePair p = r.pair();
            String fileName = file.getFileName().toString();
            String stem = fileName.endsWith(".jsonl") ? fileName.substring(0, fileName.length() - 6) : fileName;
            int idx = perTask.computeIfAbsent(p.task().id(), k -> new int[1])[0]++;
            String split = r.split() != null ? r.split() : stem;
            try {
                row(
                        app,
                        (int) count,
                        p.task(),
                        idx,
                        p.id(),
                        true,
                        p.source(),
                        Sources.category(p),
                        split,
                        fileName,
                        p.criteria(),
                        p.prompt(),
                        p.chosen(),
                        p.rejected(),
                        p.inputs(),
                        p.tie() ? "tie" : "response1",
                        null,
                        null,
                        p.group(),
                        null,
                        r.provenance() == null ? null : r.provenance().toString());
            } catch (SQLException e) {
                throw new IllegalStateException("cannot index " + file + ": " + ExploreDb.firstLine(e), e);
            }
            count++;
            if (progress != null && (count & 1023) == 0) {
                progress.update(count, -1, "records", fileName);
            }
        }

        @Override
        public void skipped(SkippedRecord record) {
            skipped.merge(record.reason().key(), 1L, Long::sum);
            if (firstSkips.size() < SHOWN_SKIPS) {
                firstSkips.add(record.toString());
            }
        }
    }

    private static void row(
            DuckDBAppender app,
            int ord,
            Task task,
            int idx,
            String id,
            boolean pair,
            String source,
            String category,
            String split,
            String file,
            String criteria,
            String prompt,
            Response r1,
            Response r2,
            List<MediaRef> inputs,
            String label,
            String model1,
            String model2,
            String group,
            String invalid,
            String provenance)
            throws SQLException {
        app.beginRow();
        app.append(ord);
        app.append(task.id());
        app.append(idx);
        app.append(id);
        app.append(pair);
        appendOrNull(app, source);
        appendOrNull(app, category);
        appendOrNull(app, split);
        appendOrNull(app, file);
        appendOrNull(app, criteria);
        appendOrNull(app, prompt);
        appendOrNull(app, r1.text().orElse(null));
        appendOrNull(app, r2.text().orElse(null));
        appendOrNull(app, Item.mediaJson(r1));
        appendOrNull(app, Item.mediaJson(r2));
        appendOrNull(app, Item.inputsJson(inputs));
        appendOrNull(app, label);
        appendOrNull(app, model1);
        appendOrNull(app, model2);
        appendOrNull(app, group);
        appendOrNull(app, invalid);
        appendOrNull(app, provenance);
        // lower-cased text for search: id, prompt and criterion (run lists); with the text responses (data lists)
        String pc = (id + ' ' + (prompt == null ? "" : prompt) + ' ' + (criteria == null ? "" : criteria))
                .toLowerCase(Locale.ROOT);
        app.append(pc);
        app.append(pc + ' ' + (r1.text().orElse("") + ' ' + r2.text().orElse("")).toLowerCase(Locale.ROOT));
        app.endRow();
    }

    static void appendOrNull(DuckDBAppender app, String v) throws SQLException {
        if (v == null) {
            app.appendNull();
        } else {
            app.append(v);
        }
    }

    // ------------------------------------------------------------------ what was read

    /** The path the user gave. */
    public Path path() {
        return path;
    }

    /** True for a benchmark (samples with labels), false for preference pairs. */
    public boolean isBenchmark() {
        return benchmark;
    }

    /** The folders media may be served from. */
    public List<Path> roots() {
        return roots;
    }

    /**
     * The {@code data stats} figures of the data, computed when first asked for by reading the data again
     * ({@link DataStats.Accumulator}: the same figures as {@code data stats}; benchmark samples count as pairs
     * whose chosen response is the labelled one).
     */
    public synchronized DataStats.Stats stats() {
        if (stats == null) {
            stats = computeStats();
        }
        return stats;
    }

    private DataStats.Stats computeStats() {
        DataStats.Accumulator acc = new DataStats.Accumulator();
        if (benchmark) {
            try (BenchmarkSource src = BenchmarkLoader.open(path, options)) {
                for (Task t : src.tasks()) {
                    try (Stream<LoadedEntry> entries = src.entries(t)) {
                        entries.forEach(e -> {
                            if (e instanceof LoadedEntry.Valid v
                                    && !v.sample().prompt().isBlank()) {
                                PreferenceSample s = v.sample();
                                boolean tie = s.label().orElse(null) == Preference.TIE;
                                boolean second = s.label().orElse(null) == Preference.RESPONSE2;
                                acc.add(
                                        e.origin().file().getFileName().toString(),
                                        UnifiedRecord.of(new PreferencePair(
                                                s.id(),
                                                s.task(),
                                                Groups.ofPrompt(s.prompt()),
                                                s.criteria(),
                                                s.prompt(),
                                                s.inputs(),
                                                second ? s.response2() : s.response1(),
                                                second ? s.response1() : s.response2(),
                                                tie,
                                                "omnirewardbench:" + e.origin())));
                            }
                        });
                    }
                }
            }
        } else {
            for (Path f : DataExport.inputs(path)) {
                String file = f.getFileName().toString();
                new UnifiedJsonlReader(f, true).read(new RecordSink() {
                    @Override
                    public void record(UnifiedRecord r) {
                        acc.add(file, r);
                    }

                    @Override
                    public void skipped(SkippedRecord record) {
                        acc.skipped(record.reason());
                    }
                });
            }
        }
        return acc.stats();
    }

    /** Items read (invalid benchmark records included). */
    public long count() {
        return count;
    }

    /** Benchmark records that could not be read as samples. */
    public long invalid() {
        return invalid;
    }

    /** Pairs' records the reader skipped, per reason. */
    public Map<String, Long> skipped() {
        return skipped;
    }

    /** The first skipped records, with file, record and reason. */
    public List<String> firstSkips() {
        return firstSkips;
    }

    /** What kind of data this is, for people. */
    public String description() {
        return description;
    }

    // ------------------------------------------------------------------ queries

    /** The item with number {@code ord}. */
    public Optional<Item> item(int ord) {
        return one("SELECT " + Item.COLUMNS + " FROM items WHERE ord = ?", ps -> ps.setInt(1, ord));
    }

    /** The item of a task with an id (the first, should ids repeat). */
    public Optional<Item> item(Task task, String id) {
        return one("SELECT " + Item.COLUMNS + " FROM items WHERE task = ? AND id = ? ORDER BY ord LIMIT 1", ps -> {
            ps.setString(1, task.id());
            ps.setString(2, id);
        });
    }

    /** Items per value of a column ({@code task}, {@code category}, {@code split}), in value order. */
    public Map<String, Long> countsBy(String column) {
        if (!List.of("task", "category", "split").contains(column)) {
            throw new IllegalArgumentException(column);
        }
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT coalesce(" + column + ", '') v, count(*) FROM items GROUP BY v ORDER BY v")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("index query failed: " + ExploreDb.firstLine(e), e);
        }
        return out;
    }

    /**
     * A page of items matching a filter, in load order, and how many match.
     *
     * @param filter task, category, split (null for any), label {@code tie}/{@code decisive}/{@code invalid}
     *     (null for any), and text searched in prompt, criterion and text responses
     */
    public Page<Item> list(ItemFilter filter, int offset, int limit) {
        StringBuilder where = new StringBuilder(" WHERE true");
        List<Object> args = new ArrayList<>();
        if (filter.task() != null) {
            where.append(" AND task = ?");
            args.add(filter.task().id());
        }
        if (filter.category() != null) {
            where.append(" AND category = ?");
            args.add(filter.category());
        }
        if (filter.split() != null) {
            where.append(" AND split = ?");
            args.add(filter.split());
        }
        if ("tie".equals(filter.label())) {
            where.append(" AND label = 'tie'");
        } else if ("decisive".equals(filter.label())) {
            where.append(" AND label IN ('response1', 'response2')");
        } else if ("invalid".equals(filter.label())) {
            where.append(" AND invalid IS NOT NULL");
        }
        if (filter.text() != null && !filter.text().isBlank()) {
            where.append(" AND contains(search, ?)");
            args.add(filter.text().strip().toLowerCase(Locale.ROOT));
        }
        try (Connection c = db.connect()) {
            long total = Sql.count(c, "SELECT count(*) FROM items" + where, args);
            List<Item> rows = new ArrayList<>();
            List<Object> pageArgs = new ArrayList<>(args);
            pageArgs.add(limit);
            pageArgs.add(offset);
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + Item.COLUMNS + " FROM items" + where + " ORDER BY ord LIMIT ? OFFSET ?")) {
                Sql.bind(ps, pageArgs);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(Item.read(rs));
                    }
                }
            }
            return new Page<>(rows, total, offset, limit);
        } catch (SQLException e) {
            throw new IllegalStateException("index query failed: " + ExploreDb.firstLine(e), e);
        }
    }

    /** The items in load order, from {@code ord} on, matching a task (null for all): the annotation queue. */
    public List<Item> from(int ord, Task task, int limit) {
        List<Item> out = new ArrayList<>();
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement("SELECT " + Item.COLUMNS
                        + " FROM items WHERE ord >= ? AND invalid IS NULL" + (task == null ? "" : " AND task = ?")
                        + " ORDER BY ord LIMIT ?")) {
            ps.setInt(1, ord);
            if (task == null) {
                ps.setInt(2, limit);
            } else {
                ps.setString(2, task.id());
                ps.setInt(3, limit);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(Item.read(rs));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("index query failed: " + ExploreDb.firstLine(e), e);
        }
        return out;
    }

    private Optional<Item> one(String sql, Sql.Binder binder) {
        try (Connection c = db.connect();
                PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Item.read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("index query failed: " + ExploreDb.firstLine(e), e);
        }
    }

    // ------------------------------------------------------------------ media

    /**
     * The file behind an item's media slot, checked to lie under one of the data's roots (real paths, so a
     * link that leads out is refused); embedded media are first written to the index's private folder.
     *
     * @return empty when the item has no such media or the file is missing or outside the roots
     */
    public Optional<Path> mediaFile(Item item, String slot) {
        Item.Media m = item.media(slot);
        if (m == null) {
            return Optional.empty();
        }
        if (m.embedded()) {
            return Optional.ofNullable(spill(item, slot));
        }
        return MediaFiles.underRoots(m.path(), roots);
    }

    /** The media the explorer wrote itself (embedded media read again); under the index's folder. */
    private synchronized Path spill(Item item, String slot) {
        Path dir = db.dir().resolve("media");
        Path target = dir.resolve(item.ord() + "-" + slot);
        if (Files.isRegularFile(target)) {
            return target;
        }
        if (!benchmark) {
            return null;
        }
        try (BenchmarkSource src = BenchmarkLoader.open(path, options.withTask(null));
                Stream<LoadedEntry> entries = src.entries(item.task())) {
            Optional<LoadedEntry> e =
                    entries.filter(x -> x.index() == item.idx()).findFirst();
            if (e.isEmpty() || !(e.get() instanceof LoadedEntry.Valid v)) {
                return null;
            }
            MediaRef ref = switch (slot) {
                case "r1" -> v.sample().response1().media().orElse(null);
                case "r2" -> v.sample().response2().media().orElse(null);
                default -> {
                    int i = Integer.parseInt(slot.substring(2));
                    yield i < v.sample().inputs().size() ? v.sample().inputs().get(i) : null;
                }
            };
            if (ref == null) {
                return null;
            }
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".part-", ".tmp");
            try (InputStream in = ref.open()) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read embedded media of " + item.id() + ": " + e.getMessage(), e);
        }
    }
}
