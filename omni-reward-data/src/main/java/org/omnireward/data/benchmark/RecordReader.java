package org.omnireward.data.benchmark;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Streams the records of one benchmark file. Opening happens on the first {@link #hasNext()}; any
 * failure, then or later, becomes a fatal {@link RawItem.Unreadable} item instead of an exception,
 * after which the reader is closed and yields nothing more.
 */
abstract class RecordReader implements Iterator<RawItem>, AutoCloseable {

    private boolean done;
    private RawItem next;

    /**
     * Reads the next item, or null at the end of the file. Failures that end the file come back as
     * a fatal {@link RawItem.Unreadable}, or as an exception that {@link #failure} turns into one.
     */
    protected abstract RawItem advance() throws Exception;

    /** The fatal item describing an exception thrown by {@link #advance()}. */
    protected abstract RawItem.Unreadable failure(Exception e);

    @Override
    public final boolean hasNext() {
        if (next == null && !done) {
            try {
                next = advance();
            } catch (Exception e) {
                next = failure(e);
            }
            if (next == null || next instanceof RawItem.Unreadable u && u.fatal()) {
                done = true;
                close();
            }
        }
        return next != null;
    }

    @Override
    public final RawItem next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        RawItem r = next;
        next = null;
        return r;
    }

    @Override
    public abstract void close();
}
