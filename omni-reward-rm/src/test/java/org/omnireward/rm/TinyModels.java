package org.omnireward.rm;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.omnireward.rm.encoder.BaseModels;

/** Model folders for tests: the base's top layer as it is and a random value head, so scores differ. */
final class TinyModels {

    private TinyModels() {}

    /** Writes a model fine-tuned "from layer 5" of MiniLM with a random head into {@code dir}. */
    static RmManifest write(Path dir, int maxLength) {
        BaseModels.Loaded base = BaseModels.load(BaseModels.byName("minilm"));
        int from = base.base().config().layers() - 1;
        Map<String, float[]> trained = new LinkedHashMap<>();
        for (String name : RmModelFiles.trainableShapes(base.base(), from).keySet()) {
            if (name.startsWith("value_head.")) {
                continue;
            }
            trained.put(name, base.weights().values(name).clone());
        }
        Random random = new Random(7);
        float[] head = new float[base.base().config().hidden()];
        for (int i = 0; i < head.length; i++) {
            head[i] = (float) random.nextGaussian();
        }
        trained.put(RewardNet.HEAD_WEIGHT, head);
        trained.put(RewardNet.HEAD_BIAS, new float[] {0.25f});
        RmManifest m = new RmManifest(
                RmModelFiles.FORMAT_VERSION,
                "minilm",
                base.id(),
                base.onnxSha256(),
                from,
                maxLength,
                RmTrainingConfig.defaults().withMaxLength(maxLength).withTrainableLayers(1),
                List.of(),
                Map.of("train_pairs", 0L),
                Map.of(),
                Instant.parse("2026-11-30T00:00:00Z"),
                "test",
                "");
        return RmModelFiles.save(dir, m, trained);
    }
}
