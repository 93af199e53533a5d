package org.omnireward.data.mix;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.MediaRef;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.Response;
import org.omnireward.core.util.Json;
import org.omnireward.core.util.ProgressDisplay;
import org.omnireward.core.util.Sha256;
import org.omnireward.core.util.StableHash;
import org.omnireward.data.DataConversion;
import org.omnireward.data.MediaStore;
import org.omnireward.data.PreferenceSource;
import org.omnireward.data.RecordSink;
import org.omnireward.data.SkipReason;
import org.omnireward.data.SkippedRecord;
import org.omnireward.data.Splits;
import org.omnireward.data.UnifiedJsonlWriter;
import org.omnireward.data.UnifiedRecord;

/**
 * {@code data mix}: builds a training mixture from a {@link Recipe}, with the Java heap flat in the
 * number of records. Each source is streamed once; every record (with its media stored under
 * {@code OUT/media} by content hash) goes into an on-disk DuckDB database: its 128-bit duplicate keys,
 * shuffle key and flags into a narrow table that the window functions sort, its JSON line into a
 * second table joined back for the final ordered write. DuckDB (memory-capped, spilling to
 * {@code OUT/.mix-tmp}) does the set work:
 *
 * <ol>
 *   <li><b>duplicates</b>: a record equal to an earlier one (recipe order, then file order) is dropped;
 *       <i>exact</i> = same task, criterion, prompt, responses and media content; <i>near</i> = the same
 *       after normalising text (NFKC, lower case, punctuation and symbols removed, whitespace collapsed;
 *       media by content hash), when {@code near_duplicates} is on;</li>
 *   <li><b>weights</b>: a record (left after duplicates) of weight w appears ⌊w⌋ times, plus once more with probability
 *       w − ⌊w⌋ (a seeded hash of its id); extra copies get the id suffix {@code ~copy<k>};</li>
 *   <li><b>caps</b>: of a capped source, the first {@code cap} rows in the seeded shuffle order are kept;</li>
 *   <li><b>shuffle and split</b>: rows are written in the seeded shuffle order; a record's prompt group
 *       decides its side ({@link Splits#side}), so one prompt is never on both sides.</li>
 * </ol>
 * Outputs: {@code train.jsonl}, {@code valid.jsonl} (unified JSONL), {@code manifest.json} (counts
 * per source, task and side, duplicates, skipped records per reason) and {@code skipped.jsonl}.
 */
public final class DataMix {

    /** DuckDB's memory cap for the mix (outside the Java heap; it spills to disk beyond it). */
    public static final String DUCKDB_MEMORY = "512MB";

    /** Counts of one source. */
    public static final class SourceCounts {
        long read;
        final EnumMap<SkipReason, Long> skipped = new EnumMap<>(SkipReason.class);
        long exactDuplicates;
        long nearDuplicates;
        long afterWeights;
        long cappedOut;
        final Map<String, long[]> tasks = new TreeMap<>();

        /** Records read (before duplicates). */
        public long read() {
            return read;
        }

        public long exactDuplicates() {
            return exactDuplicates;
        }

        public long nearDuplicates() {
            return nearDuplicates;
        }

        /** Rows dropped by the source's cap. */
        public long cappedOut() {
            return cappedOut;
        }

        /** Records written to train (index 0) and valid (index 1), per task id. */
        public Map<String, long[]> tasks() {
            return tasks;
        }

        public long written() {
            return tasks.values().stream().mapToLong(a -> a[0] + a[1]).sum();
        }

        public long skippedCount() {
            return skipped.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** What the mix wrote. */
    public record Result(
            Path out,
            Path train,
            Path valid,
            Path manifest,
            long trainRecords,
            long validRecords,
            Map<String, SourceCounts> sources) {}

    private DataMix() {}

    /** Runs {@code recipe} into folder {@code out}. */
    public static Result run(Recipe recipe, Path out, ProgressDisplay progress) {
        Path dir = out.toAbsolutePath().normalize();
        checkOut(dir);
        Path work = dir.resolve(".mix-work.duckdb");
        Path tmp = dir.resolve(".mix-tmp");
        boolean created = !Files.exists(dir);
        boolean ok = false;
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(work);
            Files.deleteIfExists(dir.resolve(".mix-work.duckdb.wal"));
            Properties p = new Properties();
            p.setProperty("memory_limit", DUCKDB_MEMORY);
            p.setProperty("threads", "2");
            p.setProperty("temp_directory", tmp.toString());
            p.setProperty("preserve_insertion_order", "false");
            p.setProperty("autoinstall_known_extensions", "false");
            p.setProperty("autoload_known_extensions", "false");
            p.setProperty("jdbc_stream_results", "true");
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + work, p)) {
                Result r = run(recipe, dir, c, progress);
                ok = true;
                return r;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("data mix: DuckDB failed: " + firstLine(e.getMessage()), e);
        } catch (IOException e) {
            throw new UncheckedIOException("data mix: cannot write " + dir + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(work);
            deleteQuietly(dir.resolve(".mix-work.duckdb.wal"));
            deleteTree(tmp);
            if (!ok && created) {
                deleteQuietly(dir); // only when empty: nothing of a failed mix stays
            }
        }
    }

    private static Result run(Recipe recipe, Path dir, Connection c, ProgressDisplay progress)
            throws SQLException, IOException {
        try (Statement s = c.createStatement()) {
            // the keys and flags in one narrow table (what the window functions sort), the lines in another
            s.execute("CREATE TABLE rows (rec BIGINT, src INTEGER, copy INTEGER, task VARCHAR, exact_key HUGEINT,"
                    + " near_key HUGEINT, shuffle BIGINT, valid BOOLEAN, taken BOOLEAN)");
            s.execute("CREATE TABLE lines (rec BIGINT, copy INTEGER, line VARCHAR)");
        }
        MediaStore media = new MediaStore(dir, dir.resolve("media"));
        Path skippedFile = dir.resolve("skipped.jsonl");
        try {
            return read(recipe, dir, c, progress, media, skippedFile);
        } catch (RuntimeException | SQLException | IOException e) {
            media.rollback();
            deleteQuietly(skippedFile);
            throw e;
        }
    }

    private static Result read(
            Recipe recipe, Path dir, Connection c, ProgressDisplay progress, MediaStore media, Path skippedFile)
            throws SQLException, IOException {
        Map<String, SourceCounts> counts = new java.util.LinkedHashMap<>();
        long[] rec = {0};
        if (progress != null) {
            progress.label("mix: read");
        }
        try (DuckDBAppender app = ((DuckDBConnection) c).createAppender(DuckDBConnection.DEFAULT_SCHEMA, "rows");
                DuckDBAppender lines = ((DuckDBConnection) c).createAppender(DuckDBConnection.DEFAULT_SCHEMA, "lines");
                BufferedWriter skips = Files.newBufferedWriter(skippedFile, StandardCharsets.UTF_8)) {
            for (int i = 0; i < recipe.sources().size(); i++) {
                Recipe.Source src = recipe.sources().get(i);
                SourceCounts sc = new SourceCounts();
                counts.put(src.name(), sc);
                PreferenceSource reader = DataConversion.source(src.format(), src.path());
                int srcIndex = i;
                SkippedRecord[] firstSkip = {null};
                reader.read(new RecordSink() {
                    @Override
                    public void record(UnifiedRecord r) {
                        sc.read++;
                        rec[0]++;
                        try {
                            append(app, lines, recipe, dir, media, r, rec[0], srcIndex, src.weight());
                        } catch (SQLException e) {
                            throw new IllegalStateException("data mix: DuckDB failed: " + firstLine(e.getMessage()), e);
                        }
                        if (progress != null && (rec[0] & 1023) == 0) {
                            progress.update(rec[0], -1, "records", src.name());
                        }
                    }

                    @Override
                    public void skipped(SkippedRecord record) {
                        if (sc.skippedCount() == 0) {
                            firstSkip[0] = record;
                        }
                        sc.skipped.merge(record.reason(), 1L, Long::sum);
                        ObjectNode o = Json.mapper().createObjectNode();
                        o.put("source", src.name());
                        o.put("file", record.file());
                        o.put("record", record.record());
                        o.put("field", record.field());
                        o.put("reason", record.reason().key());
                        o.put("detail", record.detail());
                        try {
                            skips.write(Json.mapper().writeValueAsString(o));
                            skips.write('\n');
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                });
                requireRecords(src, sc, firstSkip[0]);
            }
        }
        if (progress != null) {
            progress.update(rec[0], -1, "records", "read");
        }
        duplicates(c, recipe, counts);
        return write(c, recipe, dir, counts, progress);
    }

    /** A source that gives no record is a mistake (an empty file, or a {@code format:} that does not fit it). */
    private static void requireRecords(Recipe.Source src, SourceCounts sc, SkippedRecord first) {
        if (sc.read > 0) {
            return;
        }
        String where = "data mix: source '" + src.name() + "' (" + src.path() + ", format "
                + src.format().id() + ")";
        if (sc.skippedCount() == 0) {
            throw new InvalidInputException(where + " holds no records");
        }
        throw new InvalidInputException(where + " gave no records: all " + sc.skippedCount() + " were skipped ("
                + sc.skipped.entrySet().stream()
                        .map(e -> e.getKey().key() + "=" + e.getValue())
                        .collect(java.util.stream.Collectors.joining(", "))
                + "; first: " + first + "); does its"
                + " format: fit the file?");
    }

    private static void append(
            DuckDBAppender app,
            DuckDBAppender lines,
            Recipe recipe,
            Path dir,
            MediaStore media,
            UnifiedRecord r,
            long rec,
            int src,
            double weight)
            throws SQLException {
        UnifiedRecord placed = media.place(r);
        PreferencePair p = placed.pair();
        long[] exact = key128(exactKey(p));
        long[] near = recipe.nearDuplicates() ? key128(nearKey(p)) : exact;
        boolean valid = Splits.side(p.group(), recipe.seed(), recipe.validFraction()) == Splits.Side.VALID;
        int copies = copies(weight, recipe.seed(), p.id());
        String target = dir.resolve("train.jsonl").toString();
        // the first row is always written, so that duplicates are found before weights drop records
        for (int k = 0; k < Math.max(1, copies); k++) {
            UnifiedRecord copy = k == 0
                    ? placed
                    : placed.withPair(new PreferencePair(
                            p.id() + "~copy" + k,
                            p.task(),
                            p.group(),
                            p.criteria(),
                            p.prompt(),
                            p.inputs(),
                            p.chosen(),
                            p.rejected(),
                            p.tie(),
                            p.source()));
            app.beginRow();
            app.append(rec);
            app.append(src);
            app.append(k);
            app.append(p.task().id());
            app.appendHugeInt(exact[0], exact[1]);
            app.appendHugeInt(near[0], near[1]);
            app.append(StableHash.of(recipe.seed(), "mix-shuffle", p.id(), Integer.toString(k)));
            app.append(valid);
            app.append(k < copies);
            app.endRow();
            lines.beginRow();
            lines.append(rec);
            lines.append(k);
            lines.append(UnifiedJsonlWriter.line(copy, dir, target));
            lines.endRow();
        }
    }

    /** The first 128 bits of a SHA-256 hex digest, as two longs (collisions are out of reach at any data size). */
    static long[] key128(String hex) {
        return new long[] {
            Long.parseUnsignedLong(hex.substring(16, 32), 16), Long.parseUnsignedLong(hex.substring(0, 16), 16)
        };
    }

    /** ⌊w⌋ copies, plus one with probability w − ⌊w⌋ decided by a seeded hash of the id. */
    static int copies(double weight, long seed, String id) {
        int whole = (int) Math.floor(weight);
        double frac = weight - whole;
        double u = (StableHash.of(seed, "mix-weight", id) >>> 11) * 0x1.0p-53;
        return whole + (u < frac ? 1 : 0);
    }

    static String exactKey(PreferencePair p) {
        return Sha256.hex(String.join(
                "\u0000",
                p.task().id(),
                p.criteria(),
                p.prompt(),
                media(p.inputs()),
                response(p.chosen(), false),
                response(p.rejected(), false),
                Boolean.toString(p.tie())));
    }

    static String nearKey(PreferencePair p) {
        return Sha256.hex(String.join(
                "\u0000",
                p.task().id(),
                normalise(p.criteria()),
                normalise(p.prompt()),
                media(p.inputs()),
                response(p.chosen(), true),
                response(p.rejected(), true)));
    }

    private static String media(List<MediaRef> inputs) {
        StringBuilder sb = new StringBuilder();
        inputs.forEach(m -> sb.append(m.contentKey()).append(','));
        return sb.toString();
    }

    private static String response(Response r, boolean normalised) {
        return r.isText()
                ? (normalised ? normalise(r.requireText()) : r.requireText())
                : r.media().orElseThrow().contentKey();
    }

    /**
     * NFKC (skipped for ASCII text, which it does not change), lower case, punctuation and symbols as
     * spaces, runs of whitespace collapsed to one space, trimmed. One pass over the code points.
     */
    static String normalise(String text) {
        String n = isAscii(text) ? text : Normalizer.normalize(text, Normalizer.Form.NFKC);
        StringBuilder sb = new StringBuilder(n.length());
        boolean space = true; // drops leading blanks
        for (int i = 0; i < n.length(); ) {
            int cp = n.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isWhitespace(cp) || isPunctuationOrSymbol(cp)) {
                if (!space) {
                    sb.append(' ');
                    space = true;
                }
                continue;
            }
            sb.appendCodePoint(Character.toLowerCase(cp));
            space = false;
        }
        int len = sb.length();
        if (len > 0 && sb.charAt(len - 1) == ' ') {
            sb.setLength(len - 1);
        }
        return sb.toString();
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPunctuationOrSymbol(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION,
                    Character.DASH_PUNCTUATION,
                    Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION,
                    Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION,
                    Character.MATH_SYMBOL,
                    Character.CURRENCY_SYMBOL,
                    Character.MODIFIER_SYMBOL,
                    Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }

    private static void duplicates(Connection c, Recipe recipe, Map<String, SourceCounts> counts) throws SQLException {
        List<SourceCounts> bySrc = new ArrayList<>(counts.values());
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT src, count(*) FILTER (WHERE copy = 0 AND rec <> min_exact),"
                        + " count(*) FILTER (WHERE copy = 0 AND rec = min_exact AND rec <> min_near),"
                        + " count(*) FILTER (WHERE taken AND rec = min_near) FROM (SELECT src, rec, copy, taken,"
                        + " min(rec) OVER (PARTITION BY exact_key) AS min_exact, min(rec) OVER (PARTITION BY near_key)"
                        + " AS min_near FROM rows) GROUP BY src")) {
            while (rs.next()) {
                SourceCounts sc = bySrc.get(rs.getInt(1));
                sc.exactDuplicates = rs.getLong(2);
                sc.nearDuplicates = rs.getLong(3);
                sc.afterWeights = rs.getLong(4);
            }
        }
    }

    private static Result write(
            Connection c, Recipe recipe, Path dir, Map<String, SourceCounts> counts, ProgressDisplay progress)
            throws SQLException, IOException {
        List<String> names = new ArrayList<>(counts.keySet());
        StringBuilder caps = new StringBuilder("VALUES ");
        for (int i = 0; i < recipe.sources().size(); i++) {
            caps.append(i == 0 ? "" : ", ")
                    .append('(')
                    .append(i)
                    .append(", ")
                    .append(recipe.sources().get(i).cap().orElse(-1))
                    .append(')');
        }
        Path train = dir.resolve("train.jsonl");
        Path valid = dir.resolve("valid.jsonl");
        Path trainTmp = dir.resolve(".train.jsonl.part");
        Path validTmp = dir.resolve(".valid.jsonl.part");
        long[] written = {0, 0};
        if (progress != null) {
            progress.label("mix: write");
            progress.restartClock();
        }
        try (Statement s = c.createStatement()) {
            s.execute(
                    "CREATE TABLE keep AS WITH dedup AS (SELECT rec, copy, src, task, shuffle, valid FROM (SELECT rec,"
                            + " copy, src, task, shuffle, valid, taken, min(rec) OVER (PARTITION BY near_key) AS first FROM rows)"
                            + " WHERE rec = first AND taken),"
                            + " ranked AS (SELECT *, row_number() OVER (PARTITION BY src ORDER BY shuffle, rec, copy) AS rn"
                            + " FROM dedup), caps(src, cap) AS (" + caps + ")"
                            + " SELECT r.rec, r.copy, r.src, r.task, r.shuffle, r.valid, (c.cap >= 0 AND r.rn > c.cap) AS capped"
                            + " FROM ranked r JOIN caps c ON r.src = c.src");
            try (ResultSet rs = s.executeQuery("SELECT src, count(*) FROM keep WHERE capped GROUP BY src")) {
                while (rs.next()) {
                    counts.get(names.get(rs.getInt(1))).cappedOut = rs.getLong(2);
                }
            }
        }
        String sql =
                "SELECT k.src, k.task, k.valid, l.line FROM keep k JOIN lines l ON l.rec = k.rec AND l.copy = k.copy"
                        + " WHERE NOT k.capped ORDER BY k.shuffle, k.rec, k.copy";
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql);
                BufferedWriter t = Files.newBufferedWriter(trainTmp, StandardCharsets.UTF_8);
                BufferedWriter v = Files.newBufferedWriter(validTmp, StandardCharsets.UTF_8)) {
            while (rs.next()) {
                SourceCounts sc = counts.get(names.get(rs.getInt(1)));
                boolean isValid = rs.getBoolean(3);
                (isValid ? v : t).write(rs.getString(4));
                (isValid ? v : t).write('\n');
                sc.tasks.computeIfAbsent(rs.getString(2), k -> new long[2])[isValid ? 1 : 0]++;
                written[isValid ? 1 : 0]++;
                if (progress != null && ((written[0] + written[1]) & 1023) == 0) {
                    progress.update(written[0] + written[1], -1, "records", "");
                }
            }
        }
        if (written[0] + written[1] == 0) {
            Files.deleteIfExists(trainTmp);
            Files.deleteIfExists(validTmp);
            throw new InvalidInputException("data mix: the recipe keeps no record (weights or caps removed every one;"
                    + " per source read: "
                    + counts.entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue().read)
                            .collect(java.util.stream.Collectors.joining(", "))
                    + ")");
        }
        Files.move(trainTmp, train, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(validTmp, valid, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Path manifest = dir.resolve("manifest.json");
        Files.writeString(
                manifest,
                Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(manifest(recipe, counts, written))
                        + "\n",
                StandardCharsets.UTF_8);
        if (progress != null) {
            progress.finish(written[0] + written[1], -1, "records", "");
        }
        return new Result(dir, train, valid, manifest, written[0], written[1], counts);
    }

    private static ObjectNode manifest(Recipe recipe, Map<String, SourceCounts> counts, long[] written) {
        ObjectNode m = Json.mapper().createObjectNode();
        m.put("recipe", recipe.file().toString());
        m.put("seed", recipe.seed());
        m.put("valid_fraction", recipe.validFraction());
        m.put("near_duplicates", recipe.nearDuplicates());
        ObjectNode files = m.putObject("files");
        files.put("train", "train.jsonl");
        files.put("valid", "valid.jsonl");
        files.put("skipped", "skipped.jsonl");
        m.put("train_records", written[0]);
        m.put("valid_records", written[1]);
        ObjectNode perTask = m.putObject("tasks");
        ObjectNode sources = m.putObject("sources");
        for (Recipe.Source src : recipe.sources()) {
            SourceCounts sc = counts.get(src.name());
            ObjectNode o = sources.putObject(src.name());
            o.put("path", src.path().toString());
            o.put("format", src.format().id());
            o.put("weight", src.weight());
            if (src.cap().isPresent()) {
                o.put("cap", src.cap().getAsLong());
            } else {
                o.putNull("cap");
            }
            o.put("read", sc.read);
            ObjectNode sk = o.putObject("skipped");
            sc.skipped.forEach((k, v) -> sk.put(k.key(), v));
            o.put("exact_duplicates", sc.exactDuplicates);
            o.put("near_duplicates", sc.nearDuplicates);
            o.put("copies_after_weight", sc.afterWeights);
            o.put("capped_out", sc.cappedOut);
            long tr = 0;
            long va = 0;
            ObjectNode t = o.putObject("tasks");
            for (Map.Entry<String, long[]> e : sc.tasks.entrySet()) {
                t.putObject(e.getKey()).put("train", e.getValue()[0]).put("valid", e.getValue()[1]);
                tr += e.getValue()[0];
                va += e.getValue()[1];
                ObjectNode all = perTask.has(e.getKey())
                        ? (ObjectNode) perTask.get(e.getKey())
                        : perTask.putObject(e.getKey()).put("train", 0L).put("valid", 0L);
                all.put("train", all.get("train").asLong() + e.getValue()[0]);
                all.put("valid", all.get("valid").asLong() + e.getValue()[1]);
            }
            o.put("train", tr);
            o.put("valid", va);
        }
        return m;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a leftover work file is harmless; the next run replaces it
        }
    }

    private static void deleteTree(Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(DataMix::deleteQuietly);
        } catch (IOException ignored) {
            // best effort
        }
    }

    /** Throws when {@code dir} is a file. */
    static void checkOut(Path dir) {
        if (Files.isRegularFile(dir)) {
            throw new InvalidInputException("--out " + dir + " is a file; expected a folder");
        }
    }
}
