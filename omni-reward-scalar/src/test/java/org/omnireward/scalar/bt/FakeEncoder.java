package org.omnireward.scalar.bt;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.omnireward.scalar.Encoder;

/**
 * A deterministic bag-of-words encoder for tests: each lower-case word maps to a fixed Gaussian
 * vector (seeded by the word), and a text's vector is the sum over its words. Records every call.
 */
final class FakeEncoder implements Encoder {

    private final String id;
    private final int dimension;
    final List<List<String>> calls = new ArrayList<>();
    boolean closed;

    FakeEncoder(String id, int dimension) {
        this.id = id;
        this.dimension = dimension;
    }

    FakeEncoder(int dimension) {
        this("fake-bow-" + dimension, dimension);
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
        return 512;
    }

    @Override
    public synchronized List<float[]> encodeTexts(List<String> texts) {
        calls.add(List.copyOf(texts));
        List<float[]> out = new ArrayList<>();
        for (String text : texts) {
            out.add(encode(text));
        }
        return out;
    }

    float[] encode(String text) {
        float[] v = new float[dimension];
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (word.isEmpty()) {
                continue;
            }
            Random r = new Random(word.hashCode() * 31L + 7);
            for (int i = 0; i < dimension; i++) {
                v[i] += (float) r.nextGaussian();
            }
        }
        return v;
    }

    @Override
    public void close() {
        closed = true;
    }
}
