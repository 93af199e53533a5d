package org.omnireward.scalar.encode;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.omnireward.scalar.Encoder;

/** A deterministic encoder for tests: the vector of a text is derived from its hash; it records every batch. */
class FakeEncoder implements Encoder {

    final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());
    private final String id;
    private final int dimension;
    private volatile boolean closed;

    FakeEncoder(String id, int dimension) {
        this.id = id;
        this.dimension = dimension;
    }

    FakeEncoder() {
        this("fake@1", 8);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public int maxTokens() {
        return 100;
    }

    /** Like the real encoders: outer whitespace does not count. */
    @Override
    public String canonicalText(String text) {
        return text.strip();
    }

    @Override
    public List<float[]> encodeTexts(List<String> texts) {
        batches.add(List.copyOf(texts));
        List<float[]> out = new ArrayList<>();
        for (String text : texts) {
            out.add(vectorOf(canonicalText(text), dimension));
        }
        return out;
    }

    int textsEncoded() {
        synchronized (batches) {
            return batches.stream().mapToInt(List::size).sum();
        }
    }

    boolean closed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
    }

    static float[] vectorOf(String text, int dimension) {
        ByteBuffer hash = ByteBuffer.wrap(TextHash.of(text).toBytes());
        float[] v = new float[dimension];
        double norm = 0;
        for (int i = 0; i < dimension; i++) {
            v[i] = hash.get(i % TextHash.BYTES) / 128f + 0.001f * i;
            norm += v[i] * v[i];
        }
        for (int i = 0; i < dimension; i++) {
            v[i] /= (float) Math.sqrt(norm);
        }
        return v;
    }
}
