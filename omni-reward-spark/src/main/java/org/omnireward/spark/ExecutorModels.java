package org.omnireward.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.omnireward.core.ModelSpec;
import org.omnireward.core.RewardModel;
import org.omnireward.core.RewardModelProvider;
import org.omnireward.core.RewardModels;

/**
 * The models of this JVM: one instance per {@link ModelRecipe}, created the first time a task asks
 * for it and shared by every task that runs in this executor afterwards (models are thread-safe and
 * expensive to load: an ONNX session, libtorch, an HTTP client). Closed when the executor shuts down
 * ({@link OmniRewardPlugin}) or, failing that, when the JVM exits.
 */
public final class ExecutorModels {

    private static final Map<String, RewardModel> MODELS = new LinkedHashMap<>();
    private static boolean hookInstalled;

    private ExecutorModels() {}

    /** The model of {@code recipe} in this JVM, created on first use. */
    public static synchronized RewardModel get(ModelRecipe recipe) {
        RewardModel model = MODELS.get(recipe.key());
        if (model == null) {
            model = create(recipe, HadoopConf.current());
            MODELS.put(recipe.key(), model);
            if (!hookInstalled) {
                Runtime.getRuntime().addShutdownHook(new Thread(ExecutorModels::closeAll, "omni-reward-models-close"));
                hookInstalled = true;
            }
        }
        return model;
    }

    /**
     * In local mode (the driver's JVM is the executor's) starts creating the model of {@code recipe}
     * in the background, so that loading it overlaps the driver's planning instead of delaying the
     * first task; the tasks then find it made (or wait for it in {@link #get}). A failure is left to
     * the tasks, which report it. On a cluster it does nothing: each executor creates its own.
     */
    static void preload(SparkSession spark, ModelRecipe recipe) {
        if (!spark.sparkContext().isLocal()) {
            return;
        }
        Thread loader = new Thread(
                () -> {
                    try {
                        get(recipe);
                    } catch (RuntimeException | LinkageError e) {
                        // the first task creates it again and fails with this error, where it is reported
                    }
                },
                "omni-reward-model-preload");
        loader.setDaemon(true);
        loader.start();
    }

    /** How many models this JVM holds (for tests and logs). */
    public static synchronized int count() {
        return MODELS.size();
    }

    /** Closes every model of this JVM; a later {@link #get} creates them again. */
    public static void closeAll() {
        List<RewardModel> open;
        synchronized (ExecutorModels.class) {
            open = new ArrayList<>(MODELS.values());
            MODELS.clear();
        }
        for (RewardModel m : open) {
            try {
                m.close();
            } catch (RuntimeException e) {
                System.err.println("omni-reward: closing model " + m.name() + " failed: " + e);
            }
        }
    }

    /** Creates the model: cache folder ({@link ExecutorLauncher}), model folder copied from cluster storage, threads sized to the executor. */
    static RewardModel create(ModelRecipe recipe, Configuration hadoop) {
        ExecutorLauncher.prepare(recipe);
        ModelSpec spec = ModelFolders.localize(recipe.modelSpec(), hadoop);
        return RewardModels.create(sized(spec, recipe.threads()));
    }

    /** {@code spec} with {@code threads} set when its provider takes that option and the user gave none. */
    static ModelSpec sized(ModelSpec spec, int threads) {
        if (threads <= 0 || spec.options().containsKey("threads")) {
            return spec;
        }
        RewardModelProvider<?> provider = RewardModels.provider(spec.provider());
        boolean takesThreads =
                provider.options().stream().anyMatch(o -> o.name().equals("threads"));
        return takesThreads ? spec.withOption("threads", Integer.toString(threads)) : spec;
    }
}
