package org.omnireward.scalar.bt;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.omnireward.core.AbstractTextScalarRewardModel;
import org.omnireward.core.ScoringRequest;
import org.omnireward.scalar.Encoder;

/**
 * The embedded Bradley–Terry reward model: r(c, x, y) = head(features(enc(c), enc(x), enc(y), y)).
 *
 * <p>Each {@link #scoreBatch} call encodes the batch's distinct texts (criteria, prompts and
 * responses together, repeated ones once) in a single {@link Encoder#encodeTexts} call. Supports the
 * tasks with text responses: t2t, and ti2t/tv2t/ta2t through their prompt text (the input image,
 * video or audio is ignored: no media encoder is configured). Tasks whose responses are media are
 * declared unsupported.
 */
public final class BtRewardModel extends AbstractTextScalarRewardModel {

    private final String name;
    private final BtModel model;
    private final Encoder encoder;
    private final boolean closeEncoder;

    /**
     * A model scoring with {@code encoder}.
     *
     * @param name the name for reports, e.g. {@code bt:models/my-bt} or {@code embedded}
     * @param closeEncoder whether {@link #close()} closes the encoder (when this model owns it)
     * @throws org.omnireward.core.InvalidInputException when {@code encoder} is not the one the model
     *     was trained with (naming both)
     */
    public BtRewardModel(String name, BtModel model, Encoder encoder, boolean closeEncoder) {
        this.name = Objects.requireNonNull(name, "name");
        this.model = Objects.requireNonNull(model, "model");
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.closeEncoder = closeEncoder;
        model.requireEncoder(encoder);
    }

    /** Loads the model in {@code dir}, named {@code bt:<dir>}; the caller keeps ownership of the encoder. */
    public static BtRewardModel load(Path dir, Encoder encoder) {
        return new BtRewardModel("bt:" + dir, BtModelFiles.load(dir, encoder), encoder, false);
    }

    @Override
    public String name() {
        return name;
    }

    /** The loaded model. */
    public BtModel model() {
        return model;
    }

    @Override
    protected double[] doScoreBatch(List<ScoringRequest> requests) {
        Map<String, Integer> index = new HashMap<>();
        List<String> texts = new ArrayList<>();
        int n = requests.size();
        int[] c = new int[n];
        int[] x = new int[n];
        int[] y = new int[n];
        String[] responses = new String[n];
        for (int i = 0; i < n; i++) {
            ScoringRequest r = requests.get(i);
            responses[i] = r.response().requireText();
            c[i] = intern(r.criteria(), index, texts);
            x[i] = intern(r.prompt(), index, texts);
            y[i] = intern(responses[i], index, texts);
        }
        FeatureSpec spec = model.featureSpec();
        float[][] embeddings = EncodedPairSource.encodeAll(
                texts, encoder, spec, Math.max(1, texts.size()), EncodedPairSource.EncodingProgress.NONE);
        double[] scores = new double[n];
        float[] features = new float[spec.dimension()];
        BtHead.Workspace ws = new BtHead.Workspace(model.head().shape());
        for (int i = 0; i < n; i++) {
            spec.features(
                    embeddings[c[i]], embeddings[x[i]], embeddings[y[i]], TextStatistics.of(responses[i]), features);
            scores[i] = model.head().forward(features, ws);
        }
        return scores;
    }

    private static int intern(String text, Map<String, Integer> index, List<String> texts) {
        return index.computeIfAbsent(text, t -> {
            texts.add(t);
            return texts.size() - 1;
        });
    }

    @Override
    public int preferredBatchSize() {
        return 32;
    }

    @Override
    public void close() {
        if (closeEncoder) {
            encoder.close();
        }
    }
}
