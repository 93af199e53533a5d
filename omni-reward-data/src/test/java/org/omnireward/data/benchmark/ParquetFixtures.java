package org.omnireward.data.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Writes parquet fixtures with DuckDB itself. */
final class ParquetFixtures {

    private ParquetFixtures() {}

    /** Writes the result of {@code select} to {@code file} as parquet. */
    static Path write(Path file, String select) {
        return write(file, select, "");
    }

    /** Like {@link #write(Path, String)} with extra COPY options, e.g. {@code , ROW_GROUP_SIZE 2048}. */
    static Path write(Path file, String select, String options) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                    Statement s = c.createStatement()) {
                s.execute("COPY (" + select + ") TO '" + file.toString().replace("'", "''") + "' (FORMAT parquet"
                        + options + ")");
            }
            return file;
        } catch (SQLException | java.io.IOException e) {
            throw new AssertionError("cannot write fixture " + file + ": " + e.getMessage(), e);
        }
    }

    /** SQL text columns of a valid record of the official schema. */
    static String textColumns(String id, String label) {
        return "'" + id + "' AS id, 'Describe " + id + "' AS prompt, 'Prefer detail.' AS criteria, '" + label
                + "' AS criteria_preference, 'ma' AS model1, 'mb' AS model2";
    }

    /** An HF Image/Audio struct literal. {@code bytesHex} null means no bytes. */
    static String struct(String bytesHex, String path) {
        String bytes = bytesHex == null ? "NULL::BLOB" : "from_hex('" + bytesHex + "')";
        String p = path == null ? "NULL::VARCHAR" : "'" + path + "'";
        return "{'bytes': " + bytes + ", 'path': " + p + "}";
    }
}
