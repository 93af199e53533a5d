package org.omnireward.data;

/** Thrown while mapping one record; the reading loop turns it into a {@link SkippedRecord}. */
public final class RecordException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final SkipReason reason;
    private final String field;

    public RecordException(SkipReason reason, String field, String message) {
        super(message, null, false, false);
        this.reason = reason;
        this.field = field == null ? "" : field;
    }

    public SkipReason reason() {
        return reason;
    }

    public String field() {
        return field;
    }
}
