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
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RewardModelsTest {

    @TempDir
    Path dir;

    /** A provider with a few typed options. */
    static final class Typed implements RewardModelProvider<ScalarRewardModel> {
        @Override
        public String name() {
            return "typed";
        }

        @Override
        public ModelKind<ScalarRewardModel> kind() {
            return ModelKind.SCALAR;
        }

        @Override
        public List<ModelOption<?>> options() {
            return List.of(
                    ModelOption.integer("seed", "").withDefault(0),
                    ModelOption.duration("timeout", "").withDefault(java.time.Duration.ofSeconds(30)),
                    ModelOption.choice("detail", "", "low", "high", "auto").withDefault("auto"),
                    ModelOption.integer("frames", "").between(1, 64));
        }

        @Override
        public ScalarRewardModel create(ModelSpec spec) {
            throw new UnsupportedOperationException();
        }
    }

    /** A provider that declares no options. */
    static final class Bare implements RewardModelProvider<ScalarRewardModel> {
        @Override
        public String name() {
            return "bare";
        }

        @Override
        public ModelKind<ScalarRewardModel> kind() {
            return ModelKind.SCALAR;
        }

        @Override
        public ScalarRewardModel create(ModelSpec spec) {
            throw new UnsupportedOperationException();
        }
    }

    public static final class DuplicateOne implements RewardModelProvider<ScalarRewardModel> {
        public DuplicateOne() {}

        @Override
        public String name() {
            return "twin";
        }

        @Override
        public ModelKind<ScalarRewardModel> kind() {
            return ModelKind.SCALAR;
        }

        @Override
        public ScalarRewardModel create(ModelSpec spec) {
            throw new UnsupportedOperationException();
        }
    }

    public static final class DuplicateTwo implements RewardModelProvider<ScalarRewardModel> {
        public DuplicateTwo() {}

        @Override
        public String name() {
            return "TWIN";
        }

        @Override
        public ModelKind<ScalarRewardModel> kind() {
            return ModelKind.SCALAR;
        }

        @Override
        public ScalarRewardModel create(ModelSpec spec) {
            throw new UnsupportedOperationException();
        }
    }

    public static final class Lonely implements RewardModelProvider<ScalarRewardModel> {
        public Lonely() {}

        @Override
        public String name() {
            return "lonely-test-provider";
        }

        @Override
        public ModelKind<ScalarRewardModel> kind() {
            return ModelKind.SCALAR;
        }

        @Override
        public ScalarRewardModel create(ModelSpec spec) {
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
                .hasMessageContaining("valid options: detail, frames, seed, timeout");
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
        assertThatThrownBy(() ->
                        RewardModels.validateOptions(new Typed(), ModelSpec.parse("typed", Map.of("frames", "65"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("model option 'frames' of 'typed' must be between 1 and 64, got '65'");
    }

    /** Counts the models the kind test's providers create. */
    static final java.util.concurrent.atomic.AtomicInteger CREATED = new java.util.concurrent.atomic.AtomicInteger();

    public static final class ScoresProvider implements RewardModelProvider<ScalarRewardModel> {
        public ScoresProvider() {}

        @Override
        public String name() {
            return "kind-test-scores";
        }

        @Override
        public ModelKind<ScalarRewardModel> kind() {
            return ModelKind.SCALAR;
        }

        @Override
        public ScalarRewardModel create(ModelSpec spec) {
            CREATED.incrementAndGet();
            return new AbstractTextScalarRewardModel() {
                @Override
                public String name() {
                    return "kind-test-scores";
                }

                @Override
                protected double[] doScoreBatch(List<ScoringRequest> requests) {
                    return new double[requests.size()];
                }
            };
        }
    }

    public static final class JudgeProvider implements RewardModelProvider<PairwiseRewardModel> {
        public JudgeProvider() {}

        @Override
        public String name() {
            return "kind-test-judge";
        }

        @Override
        public ModelKind<PairwiseRewardModel> kind() {
            return ModelKind.PAIRWISE;
        }

        @Override
        public PairwiseRewardModel create(ModelSpec spec) {
            CREATED.incrementAndGet();
            return new AbstractPairwiseRewardModel() {
                @Override
                public String name() {
                    return "kind-test-judge";
                }

                @Override
                protected Verdict doJudge(PairwiseRequest request) {
                    return Verdict.of(Side.A);
                }
            };
        }
    }

    /** A provider compiled against the raw type that says scalar and creates a judge. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    public static final class LyingProvider implements RewardModelProvider {
        public LyingProvider() {}

        @Override
        public String name() {
            return "kind-test-liar";
        }

        @Override
        public ModelKind kind() {
            return ModelKind.SCALAR;
        }

        @Override
        public RewardModel create(ModelSpec spec) {
            return new JudgeProvider().create(spec);
        }
    }

    @Test
    void a_model_of_the_wrong_kind_is_refused_before_its_provider_creates_anything() throws Exception {
        withContextProviders(List.of(ScoresProvider.class, JudgeProvider.class, LyingProvider.class), () -> {
            CREATED.set(0);
            assertThat(RewardModels.kind(ModelSpec.parse("kind-test-judge"))).isSameAs(ModelKind.PAIRWISE);
            assertThat(RewardModels.kind(ModelSpec.parse("kind-test-scores"))).isSameAs(ModelKind.SCALAR);
            assertThatThrownBy(() -> RewardModels.create(ModelSpec.parse("kind-test-judge"), ModelKind.SCALAR, "score"))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("model 'kind-test-judge' is a pairwise model")
                    .hasMessageContaining("score needs a scalar model")
                    .hasMessageContaining("kind-test-scores")
                    .hasMessageNotContaining("kind-test-judge,");
            assertThatThrownBy(() -> RewardModels.create(ModelSpec.parse("kind-test-scores"), ModelKind.PAIRWISE))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("model 'kind-test-scores' is a scalar model")
                    .hasMessageContaining("a pairwise model (it names the better of two responses) is needed:")
                    .hasMessageContaining("kind-test-judge");
            assertThat(CREATED).hasValue(0);

            try (ScalarRewardModel m = RewardModels.create(ModelSpec.parse("kind-test-scores"), ModelKind.SCALAR)) {
                assertThat(m.kind()).isSameAs(ModelKind.SCALAR);
            }
            try (PairwiseRewardModel m = RewardModels.create(ModelSpec.parse("kind-test-judge"), ModelKind.PAIRWISE)) {
                assertThat(m.kind()).isSameAs(ModelKind.PAIRWISE);
            }
            assertThat(CREATED).hasValue(2);
            assertThatThrownBy(() -> RewardModels.create(ModelSpec.parse("kind-test-liar"), ModelKind.SCALAR))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("declares scalar models but created a pairwise one");
            return null;
        });
    }

    @Test
    void an_unknown_model_lists_the_available_ones() {
        assertThatThrownBy(() -> RewardModels.create("no-such-model-xyz"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown model 'no-such-model-xyz'")
                .hasMessageContaining("available:");
    }

    private <T> T withContextProviders(List<Class<?>> providers, Callable<T> call) throws Exception {
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
        List<RewardModelProvider<?>> found = withContextProviders(List.of(Lonely.class), RewardModels::providers);
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
