package org.omnireward.data.benchmark;

import java.nio.file.Path;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Struct;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.duckdb.DuckDBStruct;

/**
 * Streams the rows of one parquet file through DuckDB ({@code read_parquet}). Struct columns (the
 * Hugging Face {@code Image}/{@code Audio} features {@code {bytes, path}}) become maps and blobs
 * become byte arrays.
 *
 * <p>DuckDB's JDBC driver copies a whole result chunk (up to 2048 rows) into the Java heap at once,
 * which for embedded images would be gigabytes. So the file is read in row windows sized from the
 * parquet footer ({@code parquet_metadata}): about {@value #WINDOW_BYTES} bytes of uncompressed row
 * data per query, never crossing a row group. Text-only files take one query per row group.
 */
final class ParquetRecordReader extends RecordReader {

    static final long WINDOW_BYTES = 32L * 1024 * 1024;
    static final int MAX_WINDOW_ROWS = 2048;
    private static final String ROW_NUMBER = "file_row_number";

    private final Path file;
    private final long windowBytes;
    private Connection connection;
    private List<long[]> windows;
    private int windowIndex;
    private PreparedStatement statement;
    private ResultSet rows;
    private int rowNumberColumn;
    private long lastRecord;

    ParquetRecordReader(Path file) {
        this(file, WINDOW_BYTES);
    }

    /** With a given window budget (tests use small ones). */
    ParquetRecordReader(Path file, long windowBytes) {
        this.file = file;
        this.windowBytes = windowBytes;
    }

    /** How many row windows the file was split into (0 before the first read). */
    int windowCount() {
        return windows == null ? 0 : windows.size();
    }

    @Override
    protected RawItem.Unreadable failure(Exception e) {
        String why = e instanceof SQLException sql ? DuckDb.message(sql) : e.toString();
        return new RawItem.Unreadable(
                lastRecord + 1, "cannot read parquet file " + file.getFileName() + ": " + why, true);
    }

    @Override
    protected RawItem advance() throws SQLException {
        if (connection == null) {
            connection = DuckDb.connect();
            windows = planWindows();
        }
        while (rows == null || !rows.next()) {
            closeQuery();
            if (windowIndex >= windows.size()) {
                return null;
            }
            long[] w = windows.get(windowIndex++);
            statement = connection.prepareStatement("SELECT * FROM read_parquet(?, file_row_number = true) "
                    + "WHERE file_row_number >= ? AND file_row_number < ? ORDER BY file_row_number");
            statement.setString(1, file.toString());
            statement.setLong(2, w[0]);
            statement.setLong(3, w[1]);
            rows = statement.executeQuery();
            rowNumberColumn = findRowNumberColumn(rows.getMetaData());
        }
        ResultSetMetaData md = rows.getMetaData();
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int c = 1; c <= md.getColumnCount(); c++) {
            if (c != rowNumberColumn) {
                fields.put(md.getColumnName(c), plain(rows.getObject(c)));
            }
        }
        lastRecord = rows.getLong(rowNumberColumn) + 1;
        return new RawItem.Row(lastRecord, fields);
    }

    private static int findRowNumberColumn(ResultSetMetaData md) throws SQLException {
        for (int c = md.getColumnCount(); c >= 1; c--) {
            if (ROW_NUMBER.equals(md.getColumnName(c))) {
                return c;
            }
        }
        throw new SQLException("DuckDB returned no " + ROW_NUMBER + " column");
    }

    /** Row windows [from, to) from the footer: a few MB of row data each, within one row group. */
    private List<long[]> planWindows() throws SQLException {
        List<long[]> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT row_group_id, max(row_group_num_rows), max(row_group_bytes) FROM parquet_metadata(?) "
                        + "GROUP BY row_group_id ORDER BY row_group_id")) {
            ps.setString(1, file.toString());
            try (ResultSet rs = ps.executeQuery()) {
                long start = 0;
                while (rs.next()) {
                    long n = rs.getLong(2);
                    long bytes = rs.getLong(3);
                    long per = bytes <= 0 ? MAX_WINDOW_ROWS : Math.max(1, (long) (windowBytes * (double) n / bytes));
                    per = Math.min(per, MAX_WINDOW_ROWS);
                    for (long s = 0; s < n; s += per) {
                        out.add(new long[] {start + s, start + Math.min(n, s + per)});
                    }
                    start += n;
                }
            }
        }
        return out;
    }

    /** DuckDB values as the plain values of {@link RawItem.Row}. */
    static Object plain(Object v) throws SQLException {
        if (v == null) {
            return null;
        }
        if (v instanceof Blob b) {
            long len = b.length();
            if (len > Integer.MAX_VALUE - 16) {
                throw new SQLException("a binary value of " + len + " bytes is too large");
            }
            return b.getBytes(1, (int) len);
        }
        if (v instanceof DuckDBStruct s) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : s.getMap().entrySet()) {
                m.put(e.getKey(), plain(e.getValue()));
            }
            return m;
        }
        if (v instanceof Struct s) {
            List<Object> list = new ArrayList<>();
            for (Object o : s.getAttributes()) {
                list.add(plain(o));
            }
            return list;
        }
        if (v instanceof Array a) {
            Object arr = a.getArray();
            List<Object> list = new ArrayList<>();
            if (arr instanceof Object[] objs) {
                for (Object o : objs) {
                    list.add(plain(o));
                }
            }
            return list;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(String.valueOf(e.getKey()), plain(e.getValue()));
            }
            return out;
        }
        return v;
    }

    private void closeQuery() {
        try {
            if (rows != null) {
                rows.close();
            }
            if (statement != null) {
                statement.close();
            }
        } catch (SQLException ignored) {
            // closing a finished read-only query
        }
        rows = null;
        statement = null;
    }

    @Override
    public void close() {
        closeQuery();
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing an in-memory database
            }
            connection = null;
        }
    }
}
