package org.omnireward.scalar.encode;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.omnireward.core.util.CacheDirectory;

/**
 * Where the {@link EmbeddingCache} lives when no directory is given: the {@code embeddings}
 * subfolder of the toolkit's cache folder ({@link CacheDirectory}: the system property {@value
 * #PROPERTY}, else the environment variable {@value #ENV}, else {@code $XDG_CACHE_HOME/omni-reward}
 * when absolute, else {@code ~/.cache/omni-reward}). The judge's reply cache is its sibling {@code
 * judge}. The build sets {@value #PROPERTY} and {@value #ENV} for every test, so tests never write
 * to the user's home.
 */
public final class EmbeddingCacheLocation {

    /** System property naming the cache directory. */
    public static final String PROPERTY = CacheDirectory.PROPERTY;

    /** Environment variable naming the cache directory (when the system property is not set). */
    public static final String ENV = CacheDirectory.ENV;

    /** The XDG base directory for user caches. */
    public static final String XDG_CACHE_HOME = CacheDirectory.XDG_CACHE_HOME;

    /** Which rule chose the directory. */
    public enum Source {
        /** The system property {@value EmbeddingCacheLocation#PROPERTY}. */
        SYSTEM_PROPERTY,
        /** The environment variable {@value EmbeddingCacheLocation#ENV}. */
        ENVIRONMENT,
        /** {@code $XDG_CACHE_HOME/omni-reward/embeddings}. */
        XDG_CACHE_HOME,
        /** {@code ~/.cache/omni-reward/embeddings}. */
        HOME
    }

    /**
     * A resolved location.
     *
     * @param directory the embeddings directory (not necessarily existing yet)
     * @param source the rule that chose it
     */
    public record Resolved(Path directory, Source source) {

        public Resolved {
            Objects.requireNonNull(directory, "directory");
            Objects.requireNonNull(source, "source");
        }
    }

    private EmbeddingCacheLocation() {}

    /** The directory for this JVM's system properties and environment. */
    public static Path directory() {
        return resolve().directory();
    }

    /** The location for this JVM's system properties and environment, with the rule that chose it. */
    public static Resolved resolve() {
        return resolve(System::getProperty, System::getenv);
    }

    /**
     * The location for the given lookups (null means unset).
     *
     * @param properties system properties by name
     * @param environment environment variables by name
     * @throws IllegalStateException when no rule applies (no {@code user.home} either)
     */
    public static Resolved resolve(UnaryOperator<String> properties, UnaryOperator<String> environment) {
        CacheDirectory.Resolved root = CacheDirectory.resolve(properties, environment);
        return new Resolved(root.sub("embeddings"), Source.valueOf(root.source().name()));
    }
}
