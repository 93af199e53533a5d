package org.omnireward.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** Field access for record mappers: each failure is a {@link RecordException} naming the field. */
final class JsonFields {

    private JsonFields() {
    }

    /** A required string field (may be blank). */
    static String string(JsonNode record, String field) {
        return string(record, field, field);
    }

    /** A required string field of a nested object; {@code path} names it in messages, e.g. {@code chosen.value}. */
    static String string(JsonNode record, String field, String path) {
        JsonNode v = record.get(field);
        if (v == null || v.isNull()) {
            throw new RecordException(SkipReason.MISSING_FIELD, path, "required field '" + path + "' is "
                    + (v == null ? "missing" : "null"));
        }
        if (!v.isTextual()) {
            throw new RecordException(SkipReason.WRONG_TYPE, path, "expected a string but found "
                    + JsonRecords.typeName(v));
        }
        return v.asText();
    }

    /** A required string field that must not be blank. */
    static String nonBlank(JsonNode record, String field) {
        String s = string(record, field);
        if (s.isBlank()) {
            throw new RecordException(SkipReason.EMPTY_TEXT, field, "'" + field + "' is blank");
        }
        return s;
    }

    /** An optional string field: absent or null gives empty. */
    static Optional<String> optionalString(JsonNode record, String field) {
        JsonNode v = record.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw new RecordException(SkipReason.WRONG_TYPE, field, "expected a string or null but found "
                    + JsonRecords.typeName(v));
        }
        return Optional.of(v.asText());
    }

    /** A required array field. */
    static JsonNode array(JsonNode record, String field) {
        JsonNode v = record.get(field);
        if (v == null || v.isNull()) {
            throw new RecordException(SkipReason.MISSING_FIELD, field, "required field '" + field + "' is "
                    + (v == null ? "missing" : "null"));
        }
        if (!v.isArray()) {
            throw new RecordException(SkipReason.WRONG_TYPE, field, "expected an array but found "
                    + JsonRecords.typeName(v));
        }
        return v;
    }

    /** True when the record has a non-null value for {@code field}. */
    static boolean has(JsonNode record, String field) {
        JsonNode v = record.get(field);
        return v != null && !v.isNull();
    }
}
