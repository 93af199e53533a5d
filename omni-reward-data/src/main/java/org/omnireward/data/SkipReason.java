package org.omnireward.data;

import java.util.Locale;

/** Why a record did not become a pair. Stats count skipped records per reason ({@link #key()}). */
public enum SkipReason {
    /** The record is not valid JSON (one JSONL line) or not a JSON object. */
    MALFORMED,
    /** A required field is absent or null. */
    MISSING_FIELD,
    /** A field has the wrong JSON type (a number where text is expected, …). */
    WRONG_TYPE,
    /** A field has a value outside its allowed set or range. */
    INVALID_VALUE,
    /** A text that must not be blank is blank (prompt, criterion or a response). */
    EMPTY_TEXT,
    /** An AlpacaEval record whose preference is null (the judge gave none). */
    MISSING_PREFERENCE,
    /** Both responses are the same text, so the record carries no preference. */
    IDENTICAL_RESPONSES,
    /** Parts of the record (or of several files) contradict each other. */
    INCONSISTENT,
    /** The record needs something this reader does not support (media inputs, tool turns, …). */
    UNSUPPORTED,
    /** An XSTest completion with no completion of a different label for the same prompt. */
    NO_CONTRASTING_LABEL,
    /** The record belongs to a benchmark test split, reserved for evaluation. */
    BENCHMARK_TEST_SPLIT,
    /** A file in a data folder whose format is not recognised. */
    UNRECOGNISED_FILE,
    /** A tie, which an export target's preference data cannot hold (ranking data needs a chosen response). */
    TIE,
    /** A pair of media responses, which an export target (or flavor) cannot give each side its own media. */
    MEDIA_RESPONSES,
    /** Media of a kind an export target's trainer cannot read (audio for EasyR1, video or audio for TRL). */
    UNSUPPORTED_MEDIA;

    /** Lower-case name used in stats, e.g. {@code missing_preference}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
