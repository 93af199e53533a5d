package org.omnireward.data;

import java.util.Objects;

/**
 * A record that did not become a pair, with where it is and why.
 *
 * @param file the file name (or path) it came from
 * @param record where in the file: {@code record 12} (0-based element of a JSON array),
 *     {@code line 12} (JSONL, CSV), or {@code -} for a whole file
 * @param field the field at fault, or "" when the record as a whole is at fault
 * @param reason the category, counted in stats
 * @param detail what is wrong, for a person
 */
public record SkippedRecord(String file, String record, String field, SkipReason reason, String detail) {

    public SkippedRecord {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(record, "record");
        field = field == null ? "" : field;
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String toString() {
        return file + " " + record + (field.isEmpty() ? "" : " field '" + field + "'") + ": " + reason.key() + ": "
                + detail;
    }
}
