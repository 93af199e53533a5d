package org.omnireward.data;

/** Thrown while mapping one record; the reading loop turns it into a {@link SkippedRecord}. */
final class RecordException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final SkipReason reason;
    private final String field;

    RecordException(SkipReason reason, String field, String message) {
        super(message, null, false, false);
        this.reason = reason;
        this.field = field == null ? "" : field;
    }

    SkipReason reason() {
        return reason;
    }

    String field() {
        return field;
    }
}
