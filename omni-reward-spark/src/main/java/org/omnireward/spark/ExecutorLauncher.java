package org.omnireward.spark;

import org.omnireward.core.util.CacheDirectory;

/**
 * The launcher's part in the executor JVMs Spark starts, where no {@code main} of ours runs: the one
 * class of the Spark module that sets a JVM-wide system property, as the command line's launcher
 * ({@code JvmDefaults}) does in its own JVM. It sets the cache folder ({@value CacheDirectory#PROPERTY})
 * to the job's ({@link ModelRecipe#cacheDir()}) before the first model is made, only when the user has
 * not set it (the user always wins) and the job names one (local mode keeps the user's cache).
 */
final class ExecutorLauncher {

    private ExecutorLauncher() {}

    /** Prepares this JVM for the models of {@code recipe}; called before each is created. */
    static void prepare(ModelRecipe recipe) {
        if (recipe.cacheDir() != null && System.getProperty(CacheDirectory.PROPERTY) == null) {
            System.setProperty(CacheDirectory.PROPERTY, recipe.cacheDir());
        }
    }
}
