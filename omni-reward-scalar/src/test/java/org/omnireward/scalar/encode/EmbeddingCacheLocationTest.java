package org.omnireward.scalar.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.omnireward.scalar.encode.EmbeddingCacheLocation.Resolved;
import org.omnireward.scalar.encode.EmbeddingCacheLocation.Source;

/** Where the embedding cache goes: property, then environment, then XDG, then the home directory. */
class EmbeddingCacheLocationTest {

    private final Map<String, String> properties = new HashMap<>(Map.of("user.home", "/home/u"));
    private final Map<String, String> environment = new HashMap<>();

    private Resolved resolve() {
        return EmbeddingCacheLocation.resolve(properties::get, environment::get);
    }

    @Test
    void without_any_setting_the_cache_is_under_dot_cache_in_the_home_directory() {
        assertThat(resolve()).isEqualTo(new Resolved(Path.of("/home/u/.cache/omni-reward/embeddings"), Source.HOME));
    }

    @Test
    void an_absolute_xdg_cache_home_replaces_the_home_directory() {
        environment.put("XDG_CACHE_HOME", "/xdg/cache");

        assertThat(resolve())
                .isEqualTo(new Resolved(Path.of("/xdg/cache/omni-reward/embeddings"), Source.XDG_CACHE_HOME));
    }

    @Test
    void a_relative_or_blank_xdg_cache_home_is_ignored_as_the_xdg_specification_says() {
        environment.put("XDG_CACHE_HOME", "relative/cache");
        assertThat(resolve().source()).isEqualTo(Source.HOME);

        environment.put("XDG_CACHE_HOME", "   ");
        assertThat(resolve().source()).isEqualTo(Source.HOME);
    }

    @Test
    void the_environment_variable_wins_over_xdg_and_names_the_directory_itself() {
        environment.put("XDG_CACHE_HOME", "/xdg/cache");
        environment.put(EmbeddingCacheLocation.ENV, " /from/env ");

        assertThat(resolve()).isEqualTo(new Resolved(Path.of("/from/env/embeddings"), Source.ENVIRONMENT));
    }

    @Test
    void the_system_property_wins_over_everything() {
        environment.put("XDG_CACHE_HOME", "/xdg/cache");
        environment.put(EmbeddingCacheLocation.ENV, "/from/env");
        properties.put(EmbeddingCacheLocation.PROPERTY, "/from/property");

        assertThat(resolve()).isEqualTo(new Resolved(Path.of("/from/property/embeddings"), Source.SYSTEM_PROPERTY));
    }

    @Test
    void blank_property_and_variable_count_as_unset() {
        properties.put(EmbeddingCacheLocation.PROPERTY, " ");
        environment.put(EmbeddingCacheLocation.ENV, "");

        assertThat(resolve().source()).isEqualTo(Source.HOME);
    }

    @Test
    void without_a_home_directory_or_any_setting_the_error_names_what_to_set() {
        properties.remove("user.home");

        assertThatThrownBy(this::resolve)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(EmbeddingCacheLocation.PROPERTY)
                .hasMessageContaining(EmbeddingCacheLocation.ENV);
    }

    @Test
    void the_names_are_those_the_embedding_cache_documents() {
        assertThat(EmbeddingCache.DIRECTORY_PROPERTY).isEqualTo("omnireward.cache.dir");
        assertThat(EmbeddingCache.DIRECTORY_ENV).isEqualTo("OMNI_REWARD_CACHE_DIR");
    }

    @Test
    void the_build_points_every_test_of_this_module_into_its_target_folder() {
        // set by surefire and failsafe in the root pom, so that no test writes to the user's home
        assertThat(System.getProperty(EmbeddingCacheLocation.PROPERTY))
                .as("system property")
                .isNotBlank()
                .endsWith("test-cache");
        assertThat(System.getenv(EmbeddingCacheLocation.ENV))
                .as("environment for child processes")
                .isNotBlank()
                .endsWith("test-cache");
        assertThat(EmbeddingCache.defaultDirectory())
                .isEqualTo(Path.of(System.getProperty(EmbeddingCacheLocation.PROPERTY))
                        .resolve("embeddings"));
    }
}
