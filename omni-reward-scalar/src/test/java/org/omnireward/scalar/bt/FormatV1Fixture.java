package org.omnireward.scalar.bt;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.omnireward.core.Response;
import org.omnireward.core.ScoringRequest;
import org.omnireward.core.Task;
import org.omnireward.scalar.Encoder;
import org.omnireward.training.DataFile;

/**
 * The frozen inputs of {@link FormatV1CompatibilityTest} and the utility that generated its model
 * directory once. Run {@link #main} only to understand how the resource came about: regenerating it
 * would defeat the test, whose point is that a directory written by format version 1 keeps loading
 * and scoring the same forever. Nothing here may change.
 */
final class FormatV1Fixture {

    /** Where the committed model directory lives on the test classpath. */
    static final String RESOURCE = "/bt-format-v1";

    private FormatV1Fixture() {}

    /** A frozen 4-dimensional encoder: sums of sines of the code points (StrictMath, so exact everywhere). */
    static final class FixtureEncoder implements Encoder {
        @Override
        public String id() {
            return "fixture-sine-encoder@1";
        }

        @Override
        public int dimension() {
            return 4;
        }

        @Override
        public int maxTokens() {
            return 64;
        }

        @Override
        public List<float[]> encodeTexts(List<String> texts) {
            List<float[]> out = new ArrayList<>();
            for (String text : texts) {
                float[] v = new float[4];
                v[0] = 1f;
                int[] cps = text.codePoints().toArray();
                for (int i = 0; i < cps.length; i++) {
                    for (int k = 0; k < 4; k++) {
                        v[k] += (float) StrictMath.sin(0.01 * cps[i] * (k + 1) + 0.1 * i * k);
                    }
                }
                out.add(v);
            }
            return out;
        }
    }

    /** The requests the test scores. */
    static List<ScoringRequest> requests() {
        String longAnswer =
                "First, boil water. Then add the pasta and stir.\n\n- salt the water\n- taste after 8 minutes\n\n"
                        + "```\ntimer 8m\n```\nDone?";
        return List.of(
                new ScoringRequest(
                        Task.T2T,
                        "Prefer a concise answer",
                        "How do I cook pasta?",
                        List.of(),
                        Response.text("Boil it.")),
                new ScoringRequest(
                        Task.T2T,
                        "Prefer a concise answer",
                        "How do I cook pasta?",
                        List.of(),
                        Response.text(longAnswer)),
                new ScoringRequest(
                        Task.T2T,
                        "Prefer a detailed answer",
                        "How do I cook pasta?",
                        List.of(),
                        Response.text("Boil it.")),
                new ScoringRequest(
                        Task.T2T,
                        "Prefer a detailed answer",
                        "How do I cook pasta?",
                        List.of(),
                        Response.text(longAnswer)),
                new ScoringRequest(Task.TI2T, "", " ", List.of(), Response.text("")),
                new ScoringRequest(
                        Task.TA2T,
                        "Réponds en français 😀",
                        "Qu'entends-tu ?",
                        List.of(),
                        Response.text("Un chien aboie.")));
    }

    /** Trains the tiny model, writes it to {@code args[0]} and prints the expected scores. */
    public static void main(String[] args) {
        Path out = Path.of(args[0]);
        FixtureEncoder encoder = new FixtureEncoder();
        FeatureSpec spec = FeatureSpec.v1(encoder.dimension());
        BtTrainingConfig config = BtTrainingConfig.defaults()
                .withHiddenSize(3)
                .withMaxEpochs(20)
                .withLearningRate(5e-2)
                .withBatchSize(32)
                .withSeed(20250101L);
        EncodedPairSource train = EncodedPairSource.encode(ConcisenessData.pairs(60, 1), encoder, spec, 64, null);
        EncodedPairSource valid = EncodedPairSource.encode(ConcisenessData.pairs(20, 2), encoder, spec, 64, null);
        BtTrainingResult result =
                new BtTrainer(config).train(HeadShape.forFeatures(spec, 3, Activation.GELU), train, valid, null);
        BtManifest manifest = BtManifest.forTraining(
                encoder.id(),
                encoder.dimension(),
                spec,
                result,
                List.of(new DataFile(
                        "train", "synthetic/conciseness-60.jsonl", "0".repeat(64), 0, java.util.Map.of("pairs", (long)
                                train.size()))),
                Instant.parse("2025-01-01T00:00:00Z"));
        BtModelFiles.save(out, result.head(), manifest);
        BtRewardModel model = BtRewardModel.load(out, encoder);
        double[] scores = model.scores(requests());
        StringBuilder b = new StringBuilder("static final double[] EXPECTED = {");
        for (double s : scores) {
            b.append(String.format(Locale.ROOT, "%n        %s,", Double.toString(s)));
        }
        System.out.println(result.message());
        System.out.println(b.append("\n};"));
    }
}
