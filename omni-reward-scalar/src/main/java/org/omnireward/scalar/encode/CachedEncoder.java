package org.omnireward.scalar.encode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.NonRetriableException;
import org.omnireward.scalar.Encoder;

/**
 * An {@link Encoder} that answers from an {@link EmbeddingCache} and sends only the texts it has not
 * seen to the wrapped encoder, then stores their vectors. The key of a text is the
 * {@link TextHash} of the wrapped encoder's {@link Encoder#canonicalText canonical text}, so texts
 * that differ only in what the encoder ignores share an entry. Vectors are the wrapped encoder's,
 * bit for bit; {@link #id()} is the wrapped encoder's id. Misses are encoded in batches of
 * {@value #BATCH} distinct texts, each stored as soon as it is done, so an interrupted run keeps
 * what it encoded. A cache that cannot be written is reported once and the encoder goes on without
 * storing. Thread-safe. {@link #close()} closes both the cache and the wrapped encoder.
 */
public final class CachedEncoder implements Encoder {

    /** Distinct uncached texts per call of the wrapped encoder (and per append to the cache). */
    public static final int BATCH = 256;

    private final Encoder delegate;
    private final EmbeddingCache cache;
    private final Consumer<String> warnings;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong encoded = new AtomicLong();
    private final AtomicBoolean writeFailureReported = new AtomicBoolean();

    /**
     * Wraps {@code delegate} with {@code cache}, which must belong to the same encoder id and dimension.
     *
     * @param warnings receives a line when the cache cannot be written
     */
    public CachedEncoder(Encoder delegate, EmbeddingCache cache, Consumer<String> warnings) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.warnings = Objects.requireNonNull(warnings, "warnings");
        if (!cache.encoderId().equals(delegate.id()) || cache.dimension() != delegate.dimension()) {
            throw new IllegalArgumentException("cache " + cache.file() + " holds vectors of " + cache.encoderId()
                    + " (d=" + cache.dimension() + "), not of " + delegate.id() + " (d=" + delegate.dimension() + ")");
        }
    }

    /** Wraps {@code delegate} with {@code cache}; warnings go to stderr. */
    public CachedEncoder(Encoder delegate, EmbeddingCache cache) {
        this(delegate, cache, message -> System.err.println("omni-reward: " + message));
    }

    /** Wraps {@code delegate} with its cache in {@link EmbeddingCache#defaultDirectory()}. */
    public static CachedEncoder open(Encoder delegate) {
        return open(delegate, EmbeddingCache.defaultDirectory());
    }

    /** Wraps {@code delegate} with its cache in {@code directory} (created if needed). */
    public static CachedEncoder open(Encoder delegate, Path directory) {
        return new CachedEncoder(delegate, EmbeddingCache.open(directory, delegate.id(), delegate.dimension()));
    }

    @Override
    public String id() {
        return delegate.id();
    }

    @Override
    public int dimension() {
        return delegate.dimension();
    }

    @Override
    public int maxTokens() {
        return delegate.maxTokens();
    }

    @Override
    public String canonicalText(String text) {
        return delegate.canonicalText(text);
    }

    @Override
    public List<float[]> encodeTexts(List<String> texts) {
        if (texts == null) {
            throw new InvalidInputException("the list of texts is null (encoder " + id() + ")");
        }
        float[][] vectors = new float[texts.size()][];
        Map<TextHash, List<Integer>> missing = new LinkedHashMap<>();
        Map<TextHash, String> missingTexts = new LinkedHashMap<>();
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            if (text == null) {
                throw new InvalidInputException(
                        "text " + i + " of " + texts.size() + " is null (encoder " + id() + ")");
            }
            String canonical = delegate.canonicalText(text);
            TextHash key = TextHash.of(canonical);
            float[] cached = missing.containsKey(key) ? null : cache.get(key);
            if (cached != null) {
                vectors[i] = cached;
                hits.incrementAndGet();
            } else {
                missing.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
                missingTexts.putIfAbsent(key, canonical);
            }
        }
        List<TextHash> keys = new ArrayList<>(missingTexts.keySet());
        for (int from = 0; from < keys.size(); from += BATCH) {
            List<TextHash> batchKeys = keys.subList(from, Math.min(keys.size(), from + BATCH));
            List<String> batchTexts = batchKeys.stream().map(missingTexts::get).toList();
            List<float[]> batchVectors = delegate.encodeTexts(batchTexts);
            check(batchTexts, batchVectors);
            encoded.addAndGet(batchKeys.size());
            store(batchKeys, batchVectors);
            for (int k = 0; k < batchKeys.size(); k++) {
                List<Integer> positions = missing.get(batchKeys.get(k));
                for (int p = 0; p < positions.size(); p++) {
                    float[] vector = batchVectors.get(k);
                    vectors[positions.get(p)] = p == 0 ? vector : vector.clone();
                }
            }
        }
        return Arrays.asList(vectors);
    }

    /** Texts answered from the cache so far. */
    public long hits() {
        return hits.get();
    }

    /** Distinct texts sent to the wrapped encoder so far (repeats within one call are encoded once). */
    public long encoded() {
        return encoded.get();
    }

    /** The wrapped encoder. */
    public Encoder delegate() {
        return delegate;
    }

    /** The cache. */
    public EmbeddingCache cache() {
        return cache;
    }

    /** Closes the cache and then the wrapped encoder. */
    @Override
    public void close() {
        try {
            cache.close();
        } finally {
            delegate.close();
        }
    }

    @Override
    public String toString() {
        return delegate + " cached in " + cache.file();
    }

    private void check(List<String> texts, List<float[]> vectors) {
        if (vectors == null || vectors.size() != texts.size()) {
            throw new NonRetriableException("encoder " + id() + " returned "
                    + (vectors == null ? "no list" : vectors.size() + " vectors") + " for " + texts.size() + " texts");
        }
        for (int i = 0; i < vectors.size(); i++) {
            float[] vector = vectors.get(i);
            if (vector == null || vector.length != dimension()) {
                throw new NonRetriableException(
                        "encoder " + id() + " returned " + (vector == null ? "null" : vector.length + " values")
                                + " instead of " + dimension() + " for text " + i + " of its batch");
            }
            for (float x : vector) {
                if (!Float.isFinite(x)) {
                    throw new NonRetriableException("encoder " + id() + " returned a non-finite value (" + x
                            + ") for text " + i + " of its batch: " + abbreviate(texts.get(i)));
                }
            }
        }
    }

    private void store(List<TextHash> keys, List<float[]> vectors) {
        try {
            cache.putAll(keys, vectors);
        } catch (RuntimeException e) {
            if (writeFailureReported.compareAndSet(false, true)) {
                warnings.accept("cannot store embeddings in " + cache.file() + " (" + e.getMessage()
                        + "); going on without caching new texts");
            }
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? '"' + text + '"' : '"' + text.substring(0, 57) + "...\"";
    }
}
