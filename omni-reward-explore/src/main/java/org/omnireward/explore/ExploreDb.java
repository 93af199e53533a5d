package org.omnireward.explore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.duckdb.DuckDBConnection;

/**
 * The explorer's index: an on-disk DuckDB database in a private temporary folder, deleted on
 * {@link #close()}. Runs' prediction lines and data items live here rather than on the Java heap, so
 * the heap stays flat however many lines a run has; DuckDB's own memory is native and capped
 * ({@value #DEFAULT_MEMORY_LIMIT} unless system property {@value #MEMORY_PROPERTY} or environment
 * variable {@value #MEMORY_ENV} say otherwise), spilling to the same folder.
 *
 * <p>Each request works on its own {@link #connect() connection} (a duplicate of the main one), as
 * DuckDB connections are not shared between threads.
 */
public final class ExploreDb implements AutoCloseable {

    static final String DEFAULT_MEMORY_LIMIT = "1GB";
    static final String MEMORY_PROPERTY = "omnireward.explore.duckdb.memory";
    static final String MEMORY_ENV = "OMNI_REWARD_EXPLORE_DUCKDB_MEMORY";

    private final Path dir;
    private final DuckDBConnection main;

    private ExploreDb(Path dir, DuckDBConnection main) {
        this.dir = dir;
        this.main = main;
    }

    /** Prefix of the index folders in the temporary folder. */
    static final String PREFIX = "omni-reward-explore-";
    /** The file in an index folder that names the process using it. */
    static final String OWNER = "owner.pid";

    /**
     * A new empty index in a fresh temporary folder. Folders that explorers killed without a chance to clean
     * up left behind (their owning process is gone) are deleted first.
     */
    public static ExploreDb create() {
        Path dir;
        try {
            dir = Files.createTempDirectory(PREFIX);
            Files.writeString(
                    dir.resolve(OWNER), Long.toString(ProcessHandle.current().pid()));
            removeAbandoned(dir.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot create a temporary folder for the explorer's index: " + e.getMessage(), e);
        }
        Properties p = new Properties();
        p.setProperty("memory_limit", memoryLimit());
        p.setProperty("threads", "2");
        p.setProperty("checkpoint_threshold", checkpointThreshold(memoryLimit()));
        p.setProperty("temp_directory", dir.resolve("spill").toString());
        p.setProperty("autoinstall_known_extensions", "false");
        p.setProperty("autoload_known_extensions", "false");
        try {
            Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("index.duckdb"), p);
            return new ExploreDb(dir, (DuckDBConnection) c);
        } catch (SQLException e) {
            deleteTree(dir);
            throw new IllegalStateException("cannot open the explorer's index: " + firstLine(e), e);
        }
    }

    /**
     * {@link #create()} on a daemon thread of its own: the first index of a process loads DuckDB's native
     * library (about 50 MB unpacked from its jar), which can be done while the caller reads summaries and
     * starts the server.
     */
    public static CompletableFuture<ExploreDb> open() {
        CompletableFuture<ExploreDb> f = new CompletableFuture<>();
        Thread t = new Thread(
                () -> {
                    try {
                        f.complete(create());
                    } catch (RuntimeException | Error e) {
                        f.completeExceptionally(e);
                    }
                },
                "explore-db");
        t.setDaemon(true);
        t.start();
        return f;
    }

    /**
     * Starts loading DuckDB's native library on a daemon thread (an in-memory database opened and closed), so
     * that a command that will index can parse its arguments meanwhile: unpacking the library takes a few hundred
     * milliseconds, and {@link #create()} waits for a load in progress rather than repeating it.
     */
    public static void preload() {
        Thread t = new Thread(
                () -> {
                    try {
                        DriverManager.getConnection("jdbc:duckdb:").close();
                    } catch (SQLException | RuntimeException | LinkageError e) {
                        // create() reports the failure when it happens again
                    }
                },
                "explore-duckdb-load");
        t.setDaemon(true);
        t.start();
    }

    /** Deletes index folders whose owning process no longer runs. */
    static void removeAbandoned(Path tmp) {
        try (Stream<Path> s = Files.list(tmp)) {
            for (Path d : s.filter(p -> p.getFileName().toString().startsWith(PREFIX) && Files.isDirectory(p))
                    .toList()) {
                Path owner = d.resolve(OWNER);
                try {
                    long pid = Long.parseLong(Files.readString(owner).strip());
                    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                        continue;
                    }
                } catch (IOException | NumberFormatException e) {
                    continue; // not ours to judge: no owner file (yet), or unreadable
                }
                deleteTree(d);
            }
        } catch (IOException e) {
            // best effort
        }
    }

    static String memoryLimit() {
        String v = System.getProperty(MEMORY_PROPERTY);
        if (v == null || v.isBlank()) {
            v = System.getenv(MEMORY_ENV);
        }
        return v == null || v.isBlank() ? DEFAULT_MEMORY_LIMIT : v.trim().toUpperCase(Locale.ROOT);
    }

    /**
     * How much the write-ahead log may grow before DuckDB writes the tables into the file: a quarter of the
     * memory limit, at most {@value #CHECKPOINT_THRESHOLD_MB} MiB (DuckDB's own 16 MiB makes a data set appended
     * row by row compress its growing table again every 16 MiB: twice the time for a 50,000-record benchmark);
     * DuckDB's default when the limit is not a plain size (a percentage).
     */
    static String checkpointThreshold(String memoryLimit) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([KMGT]?)I?B?")
                .matcher(memoryLimit.trim().toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            return "16MiB";
        }
        double mb = Double.parseDouble(m.group(1))
                * switch (m.group(2)) {
                    case "K" -> 1.0 / 1024;
                    case "G" -> 1024;
                    case "T" -> 1024 * 1024;
                    case "M" -> 1;
                    default -> 1.0 / (1024 * 1024);
                };
        return Math.max(1, Math.min(CHECKPOINT_THRESHOLD_MB, (long) (mb / 4))) + "MiB";
    }

    static final long CHECKPOINT_THRESHOLD_MB = 256;

    /** A connection of its own for one thread; close it after use. */
    public DuckDBConnection connect() {
        try {
            return (DuckDBConnection) main.duplicate();
        } catch (SQLException e) {
            throw new IllegalStateException("the explorer's index is closed: " + firstLine(e), e);
        }
    }

    /** The private folder (index file, spilled media of parquet benchmarks). */
    public Path dir() {
        return dir;
    }

    /** The first line of a DuckDB error (the rest are tuning hints). */
    static String firstLine(SQLException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return (nl >= 0 ? m.substring(0, nl) : m).trim();
    }

    @Override
    public void close() {
        try {
            main.close();
        } catch (SQLException e) {
            // closing anyway
        }
        deleteTree(dir);
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: a temporary folder
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }
}
