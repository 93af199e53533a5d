package org.omnireward.data;

import org.omnireward.core.PreferencePair;

/**
 * Receives what a reader streams: pairs, skipped records (each with a reason) and notes
 * (observations that cost no record, e.g. a prompt text differing between two XSTest files).
 */
public interface PairSink {

    /** One pair read. */
    void pair(PreferencePair pair);

    /** One record that did not become a pair. */
    void skipped(SkippedRecord record);

    /** An observation worth showing to the user. */
    default void note(String message) {}
}
