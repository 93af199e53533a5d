package org.omnireward.scalar.bt;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Writes model directories with small random heads, so that tests can score without training. */
final class RandomHeads {

    private RandomHeads() {}

    /**
     * A model directory with a 4-unit GELU head for an encoder of {@code dimension}: every
     * parameter {@code scale} times a Gaussian drawn from {@code seed}, which is also the manifest's seed.
     */
    static Path write(Path dir, String encoderId, int dimension, long seed, double scale) {
        FeatureSpec spec = FeatureSpec.v1(dimension);
        HeadShape shape = HeadShape.forFeatures(spec, 4, Activation.GELU);
        Random random = new Random(seed);
        double[] parameters = new double[shape.parameterCount()];
        for (int i = 0; i < parameters.length; i++) {
            parameters[i] = scale * random.nextGaussian();
        }
        BtManifest manifest = new BtManifest(
                BtModelFiles.FORMAT_VERSION,
                encoderId,
                dimension,
                spec.id(),
                spec.version(),
                shape,
                seed,
                BtTrainingConfig.defaults(),
                List.of(),
                Map.of(),
                Map.of(),
                Instant.parse("2025-01-01T00:00:00Z"),
                "test",
                "");
        BtModelFiles.save(dir, BtHead.of(shape, parameters), manifest);
        return dir;
    }
}
