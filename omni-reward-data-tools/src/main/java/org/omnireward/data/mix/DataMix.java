package org.omnireward.data.mix;

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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.util.Json;
import org.omnireward.core.util.Progress;
import org.omnireward.data.MediaStore;
import org.omnireward.data.SkipReason;

/**
 * {@code data mix}, the one mixture engine: builds a training mixture from a {@link Recipe}, with the
 * Java heap flat in the number of records. Each source is streamed once ({@link MixReader}); every
 * record (its media stored under {@code OUT/media} by content hash) and every pair a per-record step
 * derives from it (criterion pairs, quality pairs) goes into an on-disk DuckDB database: keys, flags
 * and lengths into a narrow table that the window functions sort, the JSON line into a second table
 * joined back for the final ordered write. Steps that need a pool (criterion flips, the base pairs of
 * criterion pairs, length balancing) are SQL over those tables ({@link MixSelection}), so no step holds
 * records in the Java heap. DuckDB (memory-capped, spilling to {@code OUT/.mix-tmp}) does the set work:
 * ties, duplicates (exact; near: NFKC, lower case, punctuation and symbols removed, whitespace
 * collapsed, media by content hash), length balance, sampling, weights (a record of weight w appears
 * ⌊w⌋ times, plus once more with probability w − ⌊w⌋; extra copies get the id suffix {@code ~copy<k>}),
 * caps (the first {@code cap} rows in the seeded shuffle order) and the split by prompt group
 * ({@link org.omnireward.data.Splits#side}), so one prompt is never on both sides.
 *
 * <p>Outputs: {@code train.jsonl}, {@code valid.jsonl} (unified JSONL, in the seeded shuffle order),
 * {@code manifest.json} ({@link MixManifest}) and {@code skipped.jsonl}.
 */
public final class DataMix {

    /** DuckDB's memory cap for the mix (outside the Java heap; it spills to disk beyond it). */
    public static final String DUCKDB_MEMORY = "512MB";

    /** Counts of one side of an output. */
    static final class SideCounts {
        long written;
        long longer;
        long shorter;
        long charsChosen;
        long charsRejected;
        long ties;
        long duplicates;
        long sameResponses;
        long balance;
        long notSampled;
        long capped;
    }

    /** Counts of one output: a source, or a category a step makes. */
    public static final class SourceCounts {
        long read;
        long files;
        final EnumMap<SkipReason, Long> skipped = new EnumMap<>(SkipReason.class);
        final List<String> notes = new ArrayList<>();
        long exactDuplicates;
        long nearDuplicates;
        long derivedFromDropped;
        long afterWeights;
        long cappedOut;
        long readTies;
        long readLonger;
        long readShorter;
        final Map<String, long[]> tasks = new TreeMap<>();
        final SideCounts[] sides = {new SideCounts(), new SideCounts()};

        /** Records read (before duplicates); for a step's output, the pairs it made. */
        public long read() {
            return read;
        }

        public long exactDuplicates() {
            return exactDuplicates;
        }

        public long nearDuplicates() {
            return nearDuplicates;
        }

        /** Rows dropped by the output's cap. */
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

        /** Pairs left out by length balancing, both sides. */
        public long droppedForLengthBalance() {
            return sides[0].balance + sides[1].balance;
        }

        /** Ties left out ({@code drop_ties}), both sides. */
        public long tiesExcluded() {
            return sides[0].ties + sides[1].ties;
        }

        MixManifest.ReadPairs readPairs() {
            return new MixManifest.ReadPairs(read, readTies, read - readTies, readLonger, readShorter);
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
            Map<String, SourceCounts> sources,
            MixManifest manifestContent) {}

    private DataMix() {}

    /** Runs {@code recipe} into folder {@code out}. */
    public static Result run(Recipe recipe, Path out, Progress progress) {
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
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + work, duckDbSettings(tmp))) {
                Result r = run(recipe, dir, c, progress);
                ok = true;
                return r;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("data mix: DuckDB failed: " + RecipeLoader.firstLine(e.getMessage()), e);
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

    private static Properties duckDbSettings(Path tmp) {
        Properties p = new Properties();
        p.setProperty("memory_limit", DUCKDB_MEMORY);
        p.setProperty("threads", "2");
        p.setProperty("temp_directory", tmp.toString());
        p.setProperty("preserve_insertion_order", "false");
        p.setProperty("autoinstall_known_extensions", "false");
        p.setProperty("autoload_known_extensions", "false");
        p.setProperty("jdbc_stream_results", "true");
        return p;
    }

    private static Result run(Recipe recipe, Path dir, Connection c, Progress progress)
            throws SQLException, IOException {
        MixRows.create(c);
        MediaStore media = new MediaStore(dir, dir.resolve("media"));
        Path skippedFile = dir.resolve("skipped.jsonl");
        try {
            Map<String, SourceCounts> counts = new LinkedHashMap<>();
            recipe.outputs().forEach(o -> counts.put(o, new SourceCounts()));
            recipe.sources().stream().filter(s -> !s.write()).forEach(s -> counts.put(s.name(), new SourceCounts()));
            if (progress != null) {
                progress.label("mix: read");
            }
            long next;
            try (MixRows rows = MixRows.open(recipe, dir, c, 0);
                    BufferedWriter skips = Files.newBufferedWriter(skippedFile, StandardCharsets.UTF_8)) {
                new MixReader(recipe, rows, media, counts, progress).readAll(skips);
                next = rows.next();
            }
            MixSelection.flips(c, recipe, dir, next);
            MixSelection.select(c, recipe);
            return write(c, recipe, dir, counts, progress);
        } catch (RuntimeException | SQLException | IOException e) {
            media.rollback();
            deleteQuietly(skippedFile);
            throw e;
        }
    }

    private static Result write(
            Connection c, Recipe recipe, Path dir, Map<String, SourceCounts> counts, Progress progress)
            throws SQLException, IOException {
        List<SourceCounts> byOut = new ArrayList<>(counts.values());
        MixCounts.fill(c, byOut);
        Path train = dir.resolve("train.jsonl");
        Path valid = dir.resolve("valid.jsonl");
        Path trainTmp = dir.resolve(".train.jsonl.part");
        Path validTmp = dir.resolve(".valid.jsonl.part");
        long[] written = {0, 0};
        if (progress != null) {
            progress.label("mix: write");
            progress.restartClock();
        }
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT r.out, r.task, r.valid, l.line FROM rows r JOIN lines l ON"
                        + " l.id = r.id AND l.copy = r.copy WHERE r.status IS NULL ORDER BY r.shuffle, r.id, r.copy");
                BufferedWriter t = Files.newBufferedWriter(trainTmp, StandardCharsets.UTF_8);
                BufferedWriter v = Files.newBufferedWriter(validTmp, StandardCharsets.UTF_8)) {
            while (rs.next()) {
                boolean isValid = rs.getBoolean(3);
                (isValid ? v : t).write(rs.getString(4));
                (isValid ? v : t).write('\n');
                byOut.get(rs.getInt(1)).tasks.computeIfAbsent(rs.getString(2), k -> new long[2])[isValid ? 1 : 0]++;
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
                            .collect(Collectors.joining(", "))
                    + ")");
        }
        Files.move(trainTmp, train, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(validTmp, valid, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        MixManifest content = MixManifest.of(recipe, counts, written, MixCounts.split(c));
        Path manifest = dir.resolve("manifest.json");
        Files.writeString(manifest, Json.pretty().writeValueAsString(content) + "\n", StandardCharsets.UTF_8);
        if (progress != null) {
            progress.finish(written[0] + written[1], -1, "records", "");
        }
        return new Result(dir, train, valid, manifest, written[0], written[1], counts, content);
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
