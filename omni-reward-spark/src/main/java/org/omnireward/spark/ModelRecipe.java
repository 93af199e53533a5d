package org.omnireward.spark;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;
import org.omnireward.core.ModelSpec;

/**
 * How an executor creates its model: the spec as the user wrote it, its options, and how the job
 * sized it. Serialisable, so it travels with the tasks; equal recipes share one model per executor JVM.
 *
 * @param spec {@code provider[:argument]}
 * @param options the {@code --model-option}s
 * @param threads the encoder threads to give a model that takes a {@code threads} option when the
 *     user set none (the task slots of one executor), or 0 to leave the model's default
 * @param cacheDir the cache folder to use on executors ({@code omnireward.cache.dir}), or null to keep
 *     the JVM's own (local mode: the user's cache)
 */
public record ModelRecipe(String spec, Map<String, String> options, int threads, String cacheDir)
        implements Serializable {

    public ModelRecipe {
        options = Map.copyOf(new TreeMap<>(options == null ? Map.of() : options));
    }

    /** The model spec with the user's options. */
    public ModelSpec modelSpec() {
        return ModelSpec.parse(spec, options);
    }

    /** A key equal for recipes that give the same model. */
    String key() {
        return spec + '\u0000' + new TreeMap<>(options) + '\u0000' + threads + '\u0000' + cacheDir;
    }
}
