package org.omnireward.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.omnireward.data.read.FieldProblem;
import org.omnireward.data.read.RecordFields;

/**
 * The training readers' use of the shared {@link RecordFields}: each problem becomes a
 * {@link RecordException} naming the field, so the record is skipped with that reason.
 */
final class JsonFields {

    /** Throws the first problem as a {@link RecordException}. */
    static final FieldProblem.Sink THROW = p -> {
        throw new RecordException(reason(p.kind()), p.field(), p.message());
    };

    private JsonFields() {}

    /** The skip reason of a field problem. */
    static SkipReason reason(FieldProblem.Kind kind) {
        return switch (kind) {
            case MISSING -> SkipReason.MISSING_FIELD;
            case WRONG_TYPE -> SkipReason.WRONG_TYPE;
            case EMPTY -> SkipReason.EMPTY_TEXT;
            case INVALID -> SkipReason.INVALID_VALUE;
            case UNSUPPORTED -> SkipReason.UNSUPPORTED;
        };
    }

    /** Fields of {@code record}, throwing on the first problem. */
    static RecordFields of(JsonNode record) {
        return RecordFields.of(record, THROW);
    }

    /** A required string field (may be blank). */
    static String string(JsonNode record, String field) {
        return of(record).string(field, true);
    }

    /** A required string field of a nested object; {@code path} names it in messages, e.g. {@code chosen.value}. */
    static String string(JsonNode record, String field, String path) {
        String prefix = path.endsWith(field) ? path.substring(0, path.length() - field.length()) : path + ".";
        return RecordFields.of(record, prefix, THROW).string(field, true);
    }

    /** A required string field that must not be blank. */
    static String nonBlank(JsonNode record, String field) {
        return of(record).string(field, false);
    }

    /** An optional string field: absent or null gives empty; other types are refused. */
    static Optional<String> optionalString(JsonNode record, String field) {
        return Optional.ofNullable(of(record).optionalStrictString(field));
    }

    /** A required array field. */
    static JsonNode array(JsonNode record, String field) {
        of(record).list(field, "a list");
        return record.get(field);
    }

    /** True when the record has a non-null value for {@code field}. */
    static boolean has(JsonNode record, String field) {
        JsonNode v = record.get(field);
        return v != null && !v.isNull();
    }
}
