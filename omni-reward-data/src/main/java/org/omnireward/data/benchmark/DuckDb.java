package org.omnireward.data.benchmark;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;

/**
 * Opens the in-process DuckDB connections the parquet reader uses: in memory, one thread, no
 * extension downloads, and a native memory cap. DuckDB's memory is outside the Java heap; the heap
 * is kept small separately by reading media-heavy files in small row windows.
 *
 * <p>The cap defaults to {@value #DEFAULT_MEMORY_LIMIT}: DuckDB holds a whole parquet row group's
 * column chunk while reading it, and the official files keep about 100 images per row group. Set
 * system property {@value #MEMORY_PROPERTY} or environment variable {@value #MEMORY_ENV} (e.g.
 * {@code 4GB}) for files with larger row groups.
 */
final class DuckDb {

    static final String DEFAULT_MEMORY_LIMIT = "2GB";
    static final String MEMORY_PROPERTY = "omnireward.duckdb.memory";
    static final String MEMORY_ENV = "OMNI_REWARD_DUCKDB_MEMORY";

    private DuckDb() {}

    /** The configured memory cap. */
    static String memoryLimit() {
        String v = System.getProperty(MEMORY_PROPERTY);
        if (v == null || v.isBlank()) {
            v = System.getenv(MEMORY_ENV);
        }
        return v == null || v.isBlank() ? DEFAULT_MEMORY_LIMIT : v.trim().toUpperCase(Locale.ROOT);
    }

    static Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("memory_limit", memoryLimit());
        p.setProperty("threads", "1");
        p.setProperty("autoinstall_known_extensions", "false");
        p.setProperty("autoload_known_extensions", "false");
        p.setProperty("jdbc_stream_results", "true");
        return DriverManager.getConnection("jdbc:duckdb:", p);
    }

    /** The first line of a DuckDB error, which says what is wrong (the rest are tuning hints). */
    static String message(SQLException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        String first = (nl >= 0 ? m.substring(0, nl) : m).trim();
        if (first.startsWith("Out of Memory Error")) {
            first += " (raise the limit with -D" + MEMORY_PROPERTY + "=4GB or " + MEMORY_ENV + "=4GB; now "
                    + memoryLimit() + ")";
        }
        return first;
    }
}
