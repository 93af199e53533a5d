package org.omnireward.scalar.bt;

import java.nio.file.Path;
import java.util.List;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.ModelOption;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.RewardModel;
import org.omnireward.core.RewardModelProvider;
import org.omnireward.scalar.Encoder;
import org.omnireward.scalar.encode.CachedEncoder;
import org.omnireward.scalar.encode.TextEncoders;

/**
 * {@code bt:DIR}: a Bradley–Terry model directory written by {@code train bt}. The text encoder is
 * the one its manifest names; embeddings are cached on disk unless {@code --model-option cache=false}.
 */
public final class BtProvider implements RewardModelProvider {

    /** The options of {@code bt:DIR} and {@code embedded}. */
    static final List<ModelOption> OPTIONS = List.of(
            ModelOption.of(
                    "cache",
                    ModelOption.Type.BOOLEAN,
                    "true",
                    "cache text embeddings on disk (see docs/encoders.md for the location)"),
            ModelOption.of("threads", ModelOption.Type.INTEGER, "all cores", "encoder threads, 1 to 1024"));

    @Override
    public List<ModelOption> options() {
        return OPTIONS;
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
    public RewardModel create(ModelSpec spec) {
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
        long threads = spec.longOption("threads", Runtime.getRuntime().availableProcessors());
        if (threads < 1 || threads > 1024) {
            throw new InvalidInputException(
                    "model option threads of " + name + " must be between 1 and 1024, got " + threads);
        }
        boolean cache = spec.booleanOption("cache", true);
        Encoder encoder = TextEncoders.createForId(model.manifest().encoderId(), (int) threads);
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
