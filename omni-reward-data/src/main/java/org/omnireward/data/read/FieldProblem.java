package org.omnireward.data.read;

import java.util.Objects;

/**
 * What is wrong with one field of a record.
 *
 * @param kind the category (training readers count skipped records by it)
 * @param field the field at fault, as a path such as {@code conversations[2].value}; "" for the record
 * @param message what is wrong, for a person; names the field
 */
public record FieldProblem(Kind kind, String field, String message) {

    /** Categories of field problems. */
    public enum Kind {
        /** Absent or null. */
        MISSING,
        /** The wrong JSON (or parquet) type. */
        WRONG_TYPE,
        /** A text that must not be empty is empty or blank. */
        EMPTY,
        /** A value outside its allowed set, or a structure that breaks a rule. */
        INVALID,
        /** Something the reader does not support (tool turns, …). */
        UNSUPPORTED
    }

    public FieldProblem {
        Objects.requireNonNull(kind, "kind");
        field = field == null ? "" : field;
        Objects.requireNonNull(message, "message");
    }

    /**
     * Where problems go. A benchmark loader collects them all (an invalid entry lists every bad
     * field); a training reader throws on the first (the record is skipped with that reason).
     */
    @FunctionalInterface
    public interface Sink {
        /** Takes one problem; may throw to stop reading the record. */
        void report(FieldProblem problem);
    }
}
