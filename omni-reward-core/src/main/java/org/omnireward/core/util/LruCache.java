package org.omnireward.core.util;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.omnireward.core.Internal;

/**
 * The one in-memory cache of the toolkit: least recently used entries go first once the entries' total
 * weight passes the capacity (a weight of 1 per entry bounds the count; the media preparer weighs
 * entries in bytes). {@link #get(Object, Function)} computes a missing value once per key: callers
 * that ask for a key while another caller is computing it wait for that value instead of computing
 * it again (two threads asking for the same video decode it once). A failed computation is not
 * kept; the callers waiting for it get its exception. An entry heavier than the whole capacity is
 * returned but not kept. Thread-safe.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
@Internal
public final class LruCache<K, V> {

    private final long capacity;
    private final ToLongFunction<? super V> weigher;
    private final LinkedHashMap<K, Entry<V>> map = new LinkedHashMap<>(64, 0.75f, true);
    private final ConcurrentHashMap<K, CompletableFuture<V>> loading = new ConcurrentHashMap<>();
    private long weight;
    private long hits;
    private long misses;

    private record Entry<V>(V value, long weight) {}

    private LruCache(long capacity, ToLongFunction<? super V> weigher) {
        this.capacity = capacity;
        this.weigher = Objects.requireNonNull(weigher, "weigher");
    }

    /** A cache of at most {@code maxEntries} entries. */
    public static <K, V> LruCache<K, V> ofEntries(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("cache capacity must be at least 1, got " + maxEntries);
        }
        return new LruCache<>(maxEntries, v -> 1);
    }

    /**
     * A cache whose entries weigh at most {@code maxWeight} together, each weighed once when stored;
     * 0 keeps nothing (but still computes a key once for the callers asking at the same time).
     */
    public static <K, V> LruCache<K, V> ofWeight(long maxWeight, ToLongFunction<? super V> weigher) {
        if (maxWeight < 0) {
            throw new IllegalArgumentException("cache capacity must be >= 0, got " + maxWeight);
        }
        return new LruCache<>(maxWeight, weigher);
    }

    /**
     * The value of {@code key}: the cached one (a hit), or the one another caller is computing now
     * (counted as a hit), or {@code loader}'s, computed in this thread and kept (a miss). A null from
     * the loader is returned and not kept.
     *
     * @throws RuntimeException what the loader threw, to this caller and every caller that waited for it
     */
    public V get(K key, Function<? super K, ? extends V> loader) {
        V cached = peek(key);
        if (cached != null) {
            return cached;
        }
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> other = loading.putIfAbsent(key, mine);
        if (other != null) {
            return await(other);
        }
        try {
            V value = peek(key); // stored by a load that finished after the first look
            if (value == null) {
                synchronized (this) {
                    misses++;
                }
                value = loader.apply(key);
                if (value != null) {
                    put(key, value);
                }
            }
            mine.complete(value);
            return value;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            loading.remove(key, mine);
        }
    }

    /** The cached value, or null (counted as a hit or a miss). */
    public V getIfPresent(K key) {
        synchronized (this) {
            Entry<V> e = map.get(key);
            if (e == null) {
                misses++;
                return null;
            }
            hits++;
            return e.value();
        }
    }

    /** Stores a value, evicting the least recently used entries beyond the capacity. */
    public void put(K key, V value) {
        Objects.requireNonNull(value, "value");
        long w = weigher.applyAsLong(value);
        synchronized (this) {
            if (w > capacity) {
                Entry<V> old = map.remove(key);
                if (old != null) {
                    weight -= old.weight();
                }
                return;
            }
            Entry<V> old = map.put(key, new Entry<>(value, w));
            if (old != null) {
                weight -= old.weight();
            }
            weight += w;
            Iterator<Map.Entry<K, Entry<V>>> it = map.entrySet().iterator();
            while (weight > capacity && it.hasNext()) {
                weight -= it.next().getValue().weight();
                it.remove();
            }
        }
    }

    /** Entries kept. */
    public synchronized int size() {
        return map.size();
    }

    /** Lookups answered without computing. */
    public synchronized long hits() {
        return hits;
    }

    /** Lookups that found nothing ({@link #getIfPresent}) or computed the value ({@link #get}). */
    public synchronized long misses() {
        return misses;
    }

    /** The total weight of the entries kept. */
    public synchronized long weight() {
        return weight;
    }

    /** The most weight kept. */
    public long capacity() {
        return capacity;
    }

    /** Forgets every entry (counts stay). */
    public synchronized void clear() {
        map.clear();
        weight = 0;
    }

    /** The cached value counted as a hit, or null (not counted). */
    private synchronized V peek(K key) {
        Entry<V> e = map.get(key);
        if (e == null) {
            return null;
        }
        hits++;
        return e.value();
    }

    private V await(CompletableFuture<V> other) {
        try {
            V value = other.get();
            synchronized (this) {
                hits++;
            }
            return value;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for a value another thread computes");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }
}
