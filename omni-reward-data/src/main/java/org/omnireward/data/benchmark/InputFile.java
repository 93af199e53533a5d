package org.omnireward.data.benchmark;

import java.nio.file.Path;

/**
 * One file holding records of a task, and how to read it.
 *
 * @param entry the LLaMA-Factory entry the file belongs to, or null for the other layouts
 */
record InputFile(Path file, Kind kind, LlamaFactoryEntry entry) {

    enum Kind {
        PARQUET, JSON_ARRAY, JSON_LINES
    }

    RecordReader open() {
        return switch (kind) {
            case PARQUET -> new ParquetRecordReader(file);
            case JSON_ARRAY -> new JsonArrayReader(file);
            case JSON_LINES -> new JsonLinesReader(file);
        };
    }

    /** JSON Lines for {@code .jsonl}, else a JSON array. */
    static Kind jsonKindOf(Path file) {
        return file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".jsonl")
                ? Kind.JSON_LINES : Kind.JSON_ARRAY;
    }
}
