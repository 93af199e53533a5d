package org.omnireward.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RewardModelsTest {

    @TempDir
    Path dir;

    /** A provider with a few typed options. */
    static final class Typed implements RewardModelProvider {
        @Override
        public String name() {
            return "typed";
        }

        @Override
        public List<ModelOption> options() {
            return List.of(
                    ModelOption.of("seed", ModelOption.Type.INTEGER, "0", ""),
                    ModelOption.of("timeout", ModelOption.Type.DURATION, "30s", ""),
                    ModelOption.choice("detail", "auto", "", "low", "high", "auto"));
        }

        @Override
        public RewardModel create(ModelSpec spec) {
            throw new UnsupportedOperationException();
        }
    }

    /** A provider that declares no options. */
    static final class Bare implements RewardModelProvider {
        @Override
        public String name() {
            return "bare";
        }

        @Override
        public RewardModel create(ModelSpec spec) {
            throw new UnsupportedOperationException();
        }
    }

    public static final class DuplicateOne implements RewardModelProvider {
        public DuplicateOne() {}

        @Override
        public String name() {
            return "twin";
        }

        @Override
        public RewardModel create(ModelSpec spec) {
            throw new UnsupportedOperationException();
        }
    }

    public static final class DuplicateTwo implements RewardModelProvider {
        public DuplicateTwo() {}

        @Override
        public String name() {
            return "TWIN";
        }

        @Override
        public RewardModel create(ModelSpec spec) {
            throw new UnsupportedOperationException();
        }
    }

    public static final class Lonely implements RewardModelProvider {
        public Lonely() {}

        @Override
        public String name() {
            return "lonely-test-provider";
        }

        @Override
        public RewardModel create(ModelSpec spec) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void valid_options_pass() {
        assertThatCode(() -> RewardModels.validateOptions(
                        new Typed(), ModelSpec.parse("typed", Map.of("seed", "7", "timeout", "2m", "detail", "low"))))
                .doesNotThrowAnyException();
        assertThatCode(() -> RewardModels.validateOptions(new Bare(), ModelSpec.parse("bare")))
                .doesNotThrowAnyException();
    }

    @Test
    void an_unknown_option_names_the_valid_options() {
        assertThatThrownBy(
                        () -> RewardModels.validateOptions(new Typed(), ModelSpec.parse("typed", Map.of("sede", "7"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'typed'")
                .hasMessageContaining("'sede'")
                .hasMessageContaining("valid options: detail, seed, timeout");
    }

    @Test
    void an_option_given_to_a_provider_without_options_says_it_takes_none() {
        assertThatThrownBy(() -> RewardModels.validateOptions(new Bare(), ModelSpec.parse("bare", Map.of("seed", "1"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'bare'")
                .hasMessageContaining("'seed'")
                .hasMessageContaining("takes no options");
    }

    @Test
    void an_ill_typed_value_names_the_option_the_spec_and_the_value() {
        assertThatThrownBy(() -> RewardModels.validateOptions(
                        new Typed(), ModelSpec.parse("typed:arg", Map.of("seed", "seven"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'seed'")
                .hasMessageContaining("'typed:arg'")
                .hasMessageContaining("'seven'");
        assertThatThrownBy(() ->
                        RewardModels.validateOptions(new Typed(), ModelSpec.parse("typed", Map.of("detail", "medium"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("low, high, auto");
    }

    @Test
    void an_unknown_model_lists_the_available_ones() {
        assertThatThrownBy(() -> RewardModels.create("no-such-model-xyz"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown model 'no-such-model-xyz'")
                .hasMessageContaining("available:");
    }

    private <T> T withContextProviders(List<Class<?>> providers, java.util.concurrent.Callable<T> call)
            throws Exception {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        StringBuilder sb = new StringBuilder("# test providers\n");
        for (Class<?> c : providers) {
            sb.append(c.getName()).append('\n');
        }
        Files.writeString(services.resolve(RewardModelProvider.class.getName()), sb);
        Thread thread = Thread.currentThread();
        ClassLoader saved = thread.getContextClassLoader();
        try (URLClassLoader child =
                new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            thread.setContextClassLoader(child);
            return call.call();
        } finally {
            thread.setContextClassLoader(saved);
        }
    }

    @Test
    void two_providers_with_one_name_are_an_error_naming_both_classes() throws Exception {
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        withContextProviders(List.of(DuplicateOne.class, DuplicateTwo.class), () -> {
            assertThatThrownBy(RewardModels::providers)
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContainingAll("two model providers are named", "TWIN")
                    .hasMessageContaining(DuplicateOne.class.getName())
                    .hasMessageContaining(DuplicateTwo.class.getName());
            return null;
        });
        assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(before);
    }

    @Test
    void providers_of_the_context_class_loader_are_found_and_sorted_by_name() throws Exception {
        List<RewardModelProvider> found = withContextProviders(List.of(Lonely.class), RewardModels::providers);
        assertThat(found).extracting(RewardModelProvider::name).contains("lonely-test-provider");
        assertThat(found).extracting(RewardModelProvider::name).isSorted();
        assertThat(withContextProviders(List.of(Lonely.class), () -> RewardModels.provider("LONELY-test-provider")))
                .isInstanceOf(Lonely.class);
        // the same class listed twice (as when a jar is on the path twice) is no conflict
        assertThat(withContextProviders(List.of(Lonely.class, Lonely.class), RewardModels::providers))
                .extracting(RewardModelProvider::name)
                .containsOnlyOnce("lonely-test-provider");
    }
}
