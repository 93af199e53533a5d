package org.omnireward.scalar.encode;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Where the {@link EmbeddingCache} lives when no directory is given. The first rule that applies wins:
 *
 * <ol>
 *   <li>the system property {@value #PROPERTY} (e.g. {@code -Domnireward.cache.dir=/data/emb});</li>
 *   <li>the environment variable {@value #ENV};</li>
 *   <li>{@code $XDG_CACHE_HOME/omni-reward/embeddings} when {@value #XDG_CACHE_HOME} is set to an
 *       absolute path (the XDG Base Directory specification says to ignore a relative one);</li>
 *   <li>{@code ~/.cache/omni-reward/embeddings} (the {@code user.home} system property).</li>
 * </ol>
 *
 * Blank values count as unset; the property and the variable name the embeddings directory itself.
 * The build sets {@value #PROPERTY} and {@value #ENV} for every test, so tests never write to the
 * user's home.
 */
public final class EmbeddingCacheLocation {

    /** System property naming the cache directory. */
    public static final String PROPERTY = "omnireward.cache.dir";

    /** Environment variable naming the cache directory (when the system property is not set). */
    public static final String ENV = "OMNI_REWARD_CACHE_DIR";

    /** The XDG base directory for user caches. */
    public static final String XDG_CACHE_HOME = "XDG_CACHE_HOME";

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

    private EmbeddingCacheLocation() {
    }

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
        String property = properties.apply(PROPERTY);
        if (isSet(property)) {
            return new Resolved(Path.of(property.strip()), Source.SYSTEM_PROPERTY);
        }
        String env = environment.apply(ENV);
        if (isSet(env)) {
            return new Resolved(Path.of(env.strip()), Source.ENVIRONMENT);
        }
        String xdg = environment.apply(XDG_CACHE_HOME);
        if (isSet(xdg) && Path.of(xdg.strip()).isAbsolute()) {
            return new Resolved(Path.of(xdg.strip()).resolve("omni-reward").resolve("embeddings"), Source.XDG_CACHE_HOME);
        }
        String home = properties.apply("user.home");
        if (!isSet(home)) {
            throw new IllegalStateException("cannot place the embedding cache: neither the system property " + PROPERTY
                    + ", the environment variable " + ENV + ", an absolute " + XDG_CACHE_HOME
                    + " nor user.home is set; set one of the first two");
        }
        return new Resolved(Path.of(home.strip(), ".cache", "omni-reward", "embeddings"), Source.HOME);
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
