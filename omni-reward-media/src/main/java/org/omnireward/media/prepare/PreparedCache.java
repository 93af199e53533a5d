package org.omnireward.media.prepare;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A least-recently-used map of prepared media bounded by the bytes its values hold. An entry larger
 * than the whole budget is not stored. Thread-safe (one lock; the work it guards is a map operation).
 */
final class PreparedCache {

    private final long capacityBytes;
    private final LinkedHashMap<String, Entry> map = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;
    private long hits;
    private long misses;

    private record Entry(Object value, long bytes) {}

    PreparedCache(long capacityBytes) {
        this.capacityBytes = capacityBytes;
    }

    synchronized Object get(String key) {
        Entry e = map.get(key);
        if (e == null) {
            misses++;
            return null;
        }
        hits++;
        return e.value;
    }

    synchronized void put(String key, Object value, long size) {
        if (size > capacityBytes) {
            return;
        }
        Entry old = map.put(key, new Entry(value, size));
        if (old != null) {
            bytes -= old.bytes;
        }
        bytes += size;
        Iterator<Map.Entry<String, Entry>> it = map.entrySet().iterator();
        while (bytes > capacityBytes && it.hasNext()) {
            Map.Entry<String, Entry> eldest = it.next();
            bytes -= eldest.getValue().bytes;
            it.remove();
        }
    }

    synchronized MediaPreparer.CacheStats stats() {
        return new MediaPreparer.CacheStats(hits, misses, map.size(), bytes, capacityBytes);
    }

    synchronized void clear() {
        map.clear();
        bytes = 0;
    }
}
