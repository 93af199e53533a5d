package org.omnireward.spark;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * Test-only Hadoop file system {@code counting:///PATH}: the local file {@code PATH} under another
 * scheme (so the code treats it as cluster storage, as it would {@code hdfs://} or {@code s3a://}),
 * counting how often each file is opened. Registered in the test class path's service file.
 */
public final class CountingFileSystem extends RawLocalFileSystem {

    private static final Map<String, AtomicInteger> OPENS = new ConcurrentHashMap<>();

    /** How often the local file {@code file} was opened through this file system. */
    static int opens(java.nio.file.Path file) {
        AtomicInteger n = OPENS.get(file.toAbsolutePath().toString());
        return n == null ? 0 : n.get();
    }

    @Override
    public String getScheme() {
        return "counting";
    }

    @Override
    public URI getUri() {
        return URI.create("counting:///");
    }

    @Override
    public FSDataInputStream open(Path f, int bufferSize) throws IOException {
        OPENS.computeIfAbsent(f.toUri().getPath(), k -> new AtomicInteger()).incrementAndGet();
        return super.open(f, bufferSize);
    }
}
