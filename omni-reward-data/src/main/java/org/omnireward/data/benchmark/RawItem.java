package org.omnireward.data.benchmark;

import java.util.Map;

/** One item a {@link RecordReader} yields: a record's fields, or a record (or file) that could not be read. */
sealed interface RawItem permits RawItem.Row, RawItem.Unreadable {

    /** 1-based position of the record in its file (array element, JSONL line or parquet row). */
    long record();

    /**
     * A record read as plain values: {@code String}, {@code Number}, {@code Boolean}, {@code byte[]},
     * {@code Map<String, Object>} (JSON objects, parquet structs), {@code List<Object>} or null.
     */
    record Row(long record, Map<String, Object> fields) implements RawItem {}

    /**
     * A record that could not be read. When {@code fatal} the file itself is broken (bad JSON syntax,
     * unreadable parquet) and the reader yields nothing after it.
     */
    record Unreadable(long record, String reason, boolean fatal) implements RawItem {}
}
