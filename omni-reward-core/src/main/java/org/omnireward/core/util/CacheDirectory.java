package org.omnireward.core.util;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.omnireward.core.Internal;

/**
 * The toolkit's one cache folder; each cache takes a subfolder of it ({@code embeddings} for text
 * embeddings, {@code judge} for judge replies). The first rule that applies wins:
 *
 * <ol>
 *   <li>the system property {@value #PROPERTY} (e.g. {@code -Domnireward.cache.dir=/data/cache});</li>
 *   <li>the environment variable {@value #ENV};</li>
 *   <li>{@code $XDG_CACHE_HOME/omni-reward} when {@code XDG_CACHE_HOME} is an absolute path (the XDG
 *       Base Directory specification says to ignore a relative one);</li>
 *   <li>{@code ~/.cache/omni-reward} (the {@code user.home} system property).</li>
 * </ol>
 *
 * Blank values count as unset. The build sets {@value #PROPERTY} and {@value #ENV} for every test,
 * so tests never write to the user's home.
 */
@Internal
public final class CacheDirectory {

    /** System property naming the cache folder. */
    public static final String PROPERTY = "omnireward.cache.dir";
    /** Environment variable naming the cache folder (when the system property is not set). */
    public static final String ENV = "OMNI_REWARD_CACHE_DIR";
    /** The XDG base directory for user caches. */
    public static final String XDG_CACHE_HOME = "XDG_CACHE_HOME";

    /** Which rule chose the folder. */
    public enum Source {
        /** The system property {@value CacheDirectory#PROPERTY}. */
        SYSTEM_PROPERTY,
        /** The environment variable {@value CacheDirectory#ENV}. */
        ENVIRONMENT,
        /** {@code $XDG_CACHE_HOME/omni-reward}. */
        XDG_CACHE_HOME,
        /** {@code ~/.cache/omni-reward}. */
        HOME
    }

    /**
     * A resolved folder.
     *
     * @param root the toolkit's cache folder (not necessarily existing yet)
     * @param source the rule that chose it
     */
    public record Resolved(Path root, Source source) {

        public Resolved {
            Objects.requireNonNull(root, "root");
            Objects.requireNonNull(source, "source");
        }

        /** The subfolder of one cache, e.g. {@code embeddings}. */
        public Path sub(String name) {
            return root.resolve(name);
        }
    }

    private CacheDirectory() {}

    /** The folder for this JVM's system properties and environment. */
    public static Resolved resolve() {
        return resolve(System::getProperty, System::getenv);
    }

    /**
     * The folder for the given lookups (null means unset).
     *
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
            return new Resolved(Path.of(xdg.strip()).resolve("omni-reward"), Source.XDG_CACHE_HOME);
        }
        String home = properties.apply("user.home");
        if (!isSet(home)) {
            throw new IllegalStateException("cannot place the cache: neither the system property " + PROPERTY
                    + ", the environment variable " + ENV + ", an absolute " + XDG_CACHE_HOME
                    + " nor user.home is set; set one of the first two");
        }
        return new Resolved(Path.of(home.strip(), ".cache", "omni-reward"), Source.HOME);
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
