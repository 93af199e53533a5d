package org.omnireward.data.benchmark;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.omnireward.core.InvalidInputException;

/**
 * Streams the rows of any parquet file as plain values (strings, numbers, {@code byte[]}, maps for
 * structs such as the Hugging Face {@code Image} feature {@code {bytes, path}}, lists), through the
 * same DuckDB reader and row windows as the benchmark loader, for converters of training data.
 */
public final class ParquetRows {

    /** Receives each row with its 1-based row number. */
    public interface Handler {
        void row(long record, Map<String, Object> fields);
    }

    private ParquetRows() {}

    /**
     * Reads every row of {@code file} into {@code handler}, in file order.
     *
     * @throws InvalidInputException when the file cannot be read (not parquet, truncated), naming it
     *     and the row reached
     */
    public static void forEach(Path file, Handler handler) {
        Objects.requireNonNull(handler, "handler");
        try (ParquetRecordReader r = new ParquetRecordReader(file)) {
            while (r.hasNext()) {
                RawItem item = r.next();
                if (item instanceof RawItem.Unreadable u) {
                    throw new InvalidInputException(file + " row " + u.record() + ": " + u.reason());
                }
                RawItem.Row row = (RawItem.Row) item;
                handler.row(row.record(), row.fields());
            }
        }
    }
}
