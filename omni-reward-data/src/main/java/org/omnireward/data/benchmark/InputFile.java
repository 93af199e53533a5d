package org.omnireward.data.benchmark;

import java.nio.file.Path;
import org.omnireward.data.read.JsonRecordReader;

/**
 * One file holding records of a task, and how to read it.
 *
 * @param entry the LLaMA-Factory entry the file belongs to, or null for the other layouts
 */
record InputFile(Path file, Kind kind, LlamaFactoryEntry entry) {

    enum Kind {
        PARQUET,
        JSON_ARRAY,
        JSON_LINES
    }

    RecordReader open() {
        return switch (kind) {
            case PARQUET -> new ParquetRecordReader(file);
            case JSON_ARRAY -> new JsonFileReader(file, JsonRecordReader.Shape.ARRAY);
            case JSON_LINES -> new JsonFileReader(file, JsonRecordReader.Shape.LINES);
        };
    }

    /** JSON Lines for {@code .jsonl}, else a JSON array. */
    static Kind jsonKindOf(Path file) {
        return JsonRecordReader.Shape.byName(file) == JsonRecordReader.Shape.LINES ? Kind.JSON_LINES : Kind.JSON_ARRAY;
    }
}
