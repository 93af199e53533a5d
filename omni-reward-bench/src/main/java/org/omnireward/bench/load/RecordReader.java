package org.omnireward.bench.load;

import java.util.Iterator;

/**
 * Streams the records of one benchmark file. Opening happens on the first {@link #hasNext()}; any
 * failure, then or later, becomes a fatal {@link RawItem.Unreadable} item instead of an exception.
 */
interface RecordReader extends Iterator<RawItem>, AutoCloseable {

    @Override
    void close();
}
