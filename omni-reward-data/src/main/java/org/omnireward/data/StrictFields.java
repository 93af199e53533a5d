package org.omnireward.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.omnireward.data.read.FieldProblem;
import org.omnireward.data.read.FieldReader;

/**
 * Strict field access for the training readers, over the shared {@link FieldReader}: the first bad
 * field of a record becomes a
 * {@link RecordException} naming it, so the record is skipped with that reason.
 */
public final class StrictFields {

    /** Throws the first problem as a {@link RecordException}. */
    public static final FieldProblem.Sink THROW = p -> {
        throw new RecordException(reason(p.kind()), p.field(), p.message());
    };

    private StrictFields() {}

    /** The skip reason of a field problem. */
    public static SkipReason reason(FieldProblem.Kind kind) {
        return switch (kind) {
            case MISSING -> SkipReason.MISSING_FIELD;
            case WRONG_TYPE -> SkipReason.WRONG_TYPE;
            case EMPTY -> SkipReason.EMPTY_TEXT;
            case INVALID -> SkipReason.INVALID_VALUE;
            case UNSUPPORTED -> SkipReason.UNSUPPORTED;
        };
    }

    /** Fields of {@code record}, throwing on the first problem. */
    public static FieldReader of(JsonNode record) {
        return FieldReader.of(record, THROW);
    }

    /** A required string field (may be blank). */
    public static String string(JsonNode record, String field) {
        return of(record).string(field, true);
    }

    /** A required string field of a nested object; {@code path} names it in messages, e.g. {@code chosen.value}. */
    public static String string(JsonNode record, String field, String path) {
        String prefix = path.endsWith(field) ? path.substring(0, path.length() - field.length()) : path + ".";
        return FieldReader.of(record, prefix, THROW).string(field, true);
    }

    /** A required string field that must not be blank. */
    public static String nonBlank(JsonNode record, String field) {
        return of(record).string(field, false);
    }

    /** An optional string field: absent or null gives empty; other types are refused. */
    public static Optional<String> optionalString(JsonNode record, String field) {
        return Optional.ofNullable(of(record).optionalStrictString(field));
    }

    /** A required array field. */
    public static JsonNode array(JsonNode record, String field) {
        of(record).list(field, "a list");
        return record.get(field);
    }

    /** True when the record has a non-null value for {@code field}. */
    public static boolean has(JsonNode record, String field) {
        JsonNode v = record.get(field);
        return v != null && !v.isNull();
    }
}
