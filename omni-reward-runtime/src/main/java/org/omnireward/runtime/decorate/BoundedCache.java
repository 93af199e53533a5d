package org.omnireward.runtime.decorate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A thread-safe least-recently-used map of at most {@code capacity} entries, with hit and miss
 * counts. Small and lock-based: model calls cost far more than the lock.
 */
public final class BoundedCache<K, V> {

    private final int capacity;
    private final LinkedHashMap<K, V> map;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    public BoundedCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("cache capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.map = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > BoundedCache.this.capacity;
            }
        };
    }

    /** The cached value, or null (counted as a hit or a miss). */
    public synchronized V get(K key) {
        V v = map.get(key);
        (v == null ? misses : hits).incrementAndGet();
        return v;
    }

    /** Stores a value, evicting the least recently used entry beyond capacity. */
    public synchronized void put(K key, V value) {
        map.put(key, value);
    }

    public synchronized int size() {
        return map.size();
    }

    public long hits() {
        return hits.get();
    }

    public long misses() {
        return misses.get();
    }
}
