package org.omnireward.scalar.bt;

import java.nio.file.Path;
import java.util.Set;
import org.omnireward.core.InvalidInputException;
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

    static final Set<String> OPTIONS = Set.of("cache", "threads");

    @Override
    public String name() {
        return "bt";
    }

    @Override
    public String description() {
        return "a Bradley-Terry model trained by `train bt`: bt:DIR (options: cache=true|false, threads=N)";
    }

    @Override
    public RewardModel create(ModelSpec spec) {
        if (spec.argument().isBlank()) {
            throw new InvalidInputException("bt needs a model directory: --model bt:DIR (a folder written by `train bt`)");
        }
        String dir = spec.argument().startsWith("~/")
                ? System.getProperty("user.home") + spec.argument().substring(1) // the shell does not expand bt:~/…
                : spec.argument();
        return open("bt:" + spec.argument(), BtModelFiles.load(Path.of(dir)), spec);
    }

    /** A reward model for {@code model} with the encoder its manifest names, configured by {@code spec}'s options. */
    static BtRewardModel open(String name, BtModel model, ModelSpec spec) {
        for (String key : spec.options().keySet()) {
            if (!OPTIONS.contains(key)) {
                throw new InvalidInputException("unknown option '" + key + "' for model " + name + "; known: "
                        + String.join(", ", OPTIONS.stream().sorted().toList()));
            }
        }
        long threads = spec.longOption("threads", Runtime.getRuntime().availableProcessors());
        if (threads < 1 || threads > 1024) {
            throw new InvalidInputException("model option threads of " + name + " must be between 1 and 1024, got "
                    + threads);
        }
        String cacheOption = spec.option("cache").orElse("true").strip();
        if (!cacheOption.equalsIgnoreCase("true") && !cacheOption.equalsIgnoreCase("false")) {
            throw new InvalidInputException("model option cache of " + name + " must be true or false, got '"
                    + cacheOption + "'");
        }
        boolean cache = cacheOption.equalsIgnoreCase("true");
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
