package org.omnireward.data;

import org.omnireward.core.PreferencePair;

/**
 * A {@link PairSink} that also takes whole {@link UnifiedRecord}s (provenance and split). Readers that
 * know more than the pair call {@link #record}; plain readers call {@link #pair}, which arrives here as
 * a record without extras.
 */
public interface RecordSink extends PairSink {

    /** One record read. */
    void record(UnifiedRecord record);

    @Override
    default void pair(PreferencePair pair) {
        record(UnifiedRecord.of(pair));
    }

    /** Sends {@code r} to {@code sink}: whole to a {@link RecordSink}, as its pair to any other sink. */
    static void send(PairSink sink, UnifiedRecord r) {
        if (sink instanceof RecordSink rs) {
            rs.record(r);
        } else {
            sink.pair(r.pair());
        }
    }
}
