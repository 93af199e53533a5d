package org.omnireward.scalar.bt;

import java.nio.file.Path;
import java.util.List;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.ModelKind;
import org.omnireward.core.ModelOption;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.RewardModelProvider;
import org.omnireward.core.ScalarRewardModel;
import org.omnireward.scalar.Encoder;
import org.omnireward.scalar.encode.CachedEncoder;
import org.omnireward.scalar.encode.TextEncoders;

/**
 * {@code bt:DIR}: a Bradley–Terry model directory written by {@code train bt}. The text encoder is
 * the one its manifest names; embeddings are cached on disk unless {@code --model-option cache=false}.
 */
public final class BtProvider implements RewardModelProvider<ScalarRewardModel> {

    /** Whether text embeddings are cached on disk. */
    static final ModelOption<Boolean> CACHE = ModelOption.bool(
                    "cache", "cache text embeddings on disk (see docs/encoders.md for the location)")
            .withDefault(true);

    /** Encoder threads. */
    static final ModelOption<Integer> THREADS = ModelOption.integer("threads", "encoder threads")
            .withDefault(() -> Runtime.getRuntime().availableProcessors(), "all cores")
            .between(1, 1024);

    /** The options of {@code bt:DIR} and {@code embedded}. */
    static final List<ModelOption<?>> OPTIONS = List.of(CACHE, THREADS);

    @Override
    public List<ModelOption<?>> options() {
        return OPTIONS;
    }

    @Override
    public ModelKind<ScalarRewardModel> kind() {
        return ModelKind.SCALAR;
    }

    @Override
    public String name() {
        return "bt";
    }

    @Override
    public String description() {
        return "a Bradley-Terry model trained by `train bt`: bt:DIR";
    }

    @Override
    public ScalarRewardModel create(ModelSpec spec) {
        if (spec.argument().isBlank()) {
            throw new InvalidInputException(
                    "bt needs a model directory: --model bt:DIR (a folder written by `train bt`)");
        }
        String dir = spec.argument().startsWith("~/")
                ? System.getProperty("user.home") + spec.argument().substring(1) // the shell does not expand bt:~/…
                : spec.argument();
        return open("bt:" + spec.argument(), BtModelFiles.load(Path.of(dir)), spec);
    }

    /** A reward model for {@code model} with the encoder its manifest names, configured by {@code spec}'s options. */
    static BtRewardModel open(String name, BtModel model, ModelSpec spec) {
        int threads = THREADS.get(spec);
        boolean cache = CACHE.get(spec);
        Encoder encoder = TextEncoders.createForId(model.manifest().encoderId(), threads);
        Encoder used = encoder;
        try {
            if (cache) {
                used = CachedEncoder.open(encoder);
            }
            return new BtRewardModel(name, model, used, true);
        } catch (RuntimeException e) {
            // a refused model (e.g. a manifest whose encoder dimension is not the encoder's) or an unusable
            // cache must not leave the ONNX session and the cache file open (a CachedEncoder closes both)
            used.close();
            throw e;
        }
    }
}
