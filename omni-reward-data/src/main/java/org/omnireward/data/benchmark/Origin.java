package org.omnireward.data.benchmark;

import java.nio.file.Path;

/**
 * Where a sample came from, for error messages: the file and the record in it.
 *
 * @param file the benchmark file
 * @param record 1-based position of the record in the file (array element, JSONL line or parquet row)
 */
public record Origin(Path file, long record) {

    @Override
    public String toString() {
        return file + " record " + record;
    }
}
