package org.omnireward.scalar.bt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.omnireward.core.PreferencePair;
import org.omnireward.scalar.Encoder;

/**
 * Preference pairs turned into BT features: every distinct text (criteria, prompts and responses
 * share one table) is encoded once, in batches, and normalised once; feature vectors are built on
 * demand from those embeddings, so memory grows with the distinct texts, not with pairs × features.
 *
 * <p>Only pairs with text responses can be featurised; pairs whose responses are media (t2i, t2a …)
 * are left out and counted in {@link #skippedMediaPairs()} (no media encoder is configured yet).
 * Input media of the prompt are ignored, as in {@link BtRewardModel}.
 */
public final class EncodedPairSource implements FeaturePairSource {

    /** Called after each encoder batch with texts encoded so far and the total to encode. */
    @FunctionalInterface
    public interface EncodingProgress {
        void onEncoded(int done, int total);

        /** Reports nothing. */
        EncodingProgress NONE = (done, total) -> {};
    }

    private final FeatureSpec spec;
    private final List<PreferencePair> pairs;
    private final int[] criteria;
    private final int[] prompts;
    private final int[] chosen;
    private final int[] rejected;
    private final float[][] embeddings;
    private final float[][] statistics;
    private final int skippedMediaPairs;

    private EncodedPairSource(
            FeatureSpec spec,
            List<PreferencePair> pairs,
            int[] criteria,
            int[] prompts,
            int[] chosen,
            int[] rejected,
            float[][] embeddings,
            float[][] statistics,
            int skippedMediaPairs) {
        this.spec = spec;
        this.pairs = pairs;
        this.criteria = criteria;
        this.prompts = prompts;
        this.chosen = chosen;
        this.rejected = rejected;
        this.embeddings = embeddings;
        this.statistics = statistics;
        this.skippedMediaPairs = skippedMediaPairs;
    }

    /**
     * Encodes the texts of {@code pairs}.
     *
     * @param encoder must have the dimension {@code spec} was made for
     * @param batchSize texts per {@link Encoder#encodeTexts} call
     * @throws IllegalArgumentException when the encoder's dimension differs from the spec's
     * @throws IllegalStateException when the encoder returns the wrong number or size of vectors
     */
    public static EncodedPairSource encode(
            List<PreferencePair> pairs, Encoder encoder, FeatureSpec spec, int batchSize, EncodingProgress progress) {
        Objects.requireNonNull(encoder, "encoder");
        if (encoder.dimension() != spec.embeddingDimension()) {
            throw new IllegalArgumentException("encoder " + encoder.id() + " has dimension " + encoder.dimension()
                    + " but the feature spec was made for " + spec.embeddingDimension());
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        EncodingProgress report = progress == null ? EncodingProgress.NONE : progress;
        Map<String, Integer> index = new HashMap<>();
        List<String> texts = new ArrayList<>();
        List<PreferencePair> kept = new ArrayList<>();
        int skipped = 0;
        for (PreferencePair p : pairs) {
            if (p.chosen().isText() && p.rejected().isText()) {
                kept.add(p);
            } else {
                skipped++;
            }
        }
        int n = kept.size();
        int[] c = new int[n];
        int[] x = new int[n];
        int[] yc = new int[n];
        int[] yr = new int[n];
        for (int i = 0; i < n; i++) {
            PreferencePair p = kept.get(i);
            c[i] = intern(p.criteria(), index, texts);
            x[i] = intern(p.prompt(), index, texts);
            yc[i] = intern(p.chosen().requireText(), index, texts);
            yr[i] = intern(p.rejected().requireText(), index, texts);
        }
        float[][] embeddings = encodeAll(texts, encoder, spec, batchSize, report);
        float[][] stats = new float[texts.size()][];
        for (int i = 0; i < n; i++) {
            for (int t : new int[] {yc[i], yr[i]}) {
                if (stats[t] == null) {
                    stats[t] = TextStatistics.of(texts.get(t));
                }
            }
        }
        return new EncodedPairSource(spec, List.copyOf(kept), c, x, yc, yr, embeddings, stats, skipped);
    }

    private static int intern(String text, Map<String, Integer> index, List<String> texts) {
        return index.computeIfAbsent(text, t -> {
            texts.add(t);
            return texts.size() - 1;
        });
    }

    /** Encodes and normalises {@code texts} in batches; shared with {@link BtRewardModel}. */
    static float[][] encodeAll(
            List<String> texts, Encoder encoder, FeatureSpec spec, int batchSize, EncodingProgress progress) {
        float[][] out = new float[texts.size()][];
        for (int from = 0; from < texts.size(); from += batchSize) {
            int to = Math.min(texts.size(), from + batchSize);
            List<float[]> vectors = encoder.encodeTexts(texts.subList(from, to));
            if (vectors == null || vectors.size() != to - from) {
                throw new IllegalStateException("encoder " + encoder.id() + " returned "
                        + (vectors == null ? "nothing" : vectors.size() + " vectors") + " for " + (to - from)
                        + " texts");
            }
            for (int i = from; i < to; i++) {
                out[i] = spec.normalize(vectors.get(i - from), "encoder " + encoder.id() + " output for text " + i);
            }
            progress.onEncoded(to, texts.size());
        }
        return out;
    }

    @Override
    public int size() {
        return pairs.size();
    }

    @Override
    public int featureDimension() {
        return spec.dimension();
    }

    @Override
    public boolean isTie(int i) {
        return pairs.get(i).tie();
    }

    @Override
    public String group(int i) {
        return pairs.get(i).group();
    }

    @Override
    public String describe(int i) {
        PreferencePair p = pairs.get(i);
        return "pair " + p.id() + (p.source().isEmpty() ? "" : " from " + p.source());
    }

    @Override
    public void features(int i, float[] chosenOut, float[] rejectedOut) {
        spec.features(
                embeddings[criteria[i]],
                embeddings[prompts[i]],
                embeddings[chosen[i]],
                statistics[chosen[i]],
                chosenOut);
        spec.features(
                embeddings[criteria[i]],
                embeddings[prompts[i]],
                embeddings[rejected[i]],
                statistics[rejected[i]],
                rejectedOut);
    }

    /** The pair behind index {@code i} (text-response pairs only, in input order). */
    public PreferencePair pair(int i) {
        return pairs.get(i);
    }

    /** The pairs kept, in order; index i here is pair i of the source. */
    public List<PreferencePair> pairs() {
        return pairs;
    }

    /** How many input pairs were left out because a response is media. */
    public int skippedMediaPairs() {
        return skippedMediaPairs;
    }

    /** How many distinct texts were encoded. */
    public int distinctTexts() {
        return embeddings.length;
    }

    /** The feature spec used. */
    public FeatureSpec featureSpec() {
        return spec;
    }
}
