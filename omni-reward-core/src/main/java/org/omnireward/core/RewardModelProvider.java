package org.omnireward.core;

import java.util.List;

/**
 * Creates reward models of one kind, found by name through {@link java.util.ServiceLoader}. To add a
 * model, implement this and list the class in
 * {@code META-INF/services/org.omnireward.core.RewardModelProvider}; {@code --model NAME[:ARG]}
 * then resolves to it with no change to our code.
 *
 * <pre>{@code
 * public final class MyProvider implements RewardModelProvider<ScalarRewardModel> {
 *     static final ModelOption<Integer> THREADS =
 *             ModelOption.integer("threads", "scoring threads").withDefault(4).between(1, 64);
 *
 *     public String name() { return "my-rm"; }
 *     public ModelKind<ScalarRewardModel> kind() { return ModelKind.SCALAR; }
 *     public List<ModelOption<?>> options() { return List.of(THREADS); }
 *     public ScalarRewardModel create(ModelSpec spec) { return new MyRewardModel(spec.argument(), THREADS.get(spec)); }
 * }
 * }</pre>
 *
 * <p>A provider declares its {@link #kind()} so that {@link RewardModels#create(ModelSpec, ModelKind)}
 * can refuse a model of the wrong kind for a command (a judge where scores are needed) before anything
 * is loaded, and its {@link #options()} so that every option is checked in one place before {@link
 * #create} runs. Providers are created by the {@link java.util.ServiceLoader} (a public no-argument
 * constructor) and may be asked for their name, kind and options from any thread; they should do no
 * work until {@link #create}.
 *
 * @param <M> the model interface this provider creates: {@link ScalarRewardModel} or {@link PairwiseRewardModel}
 */
public interface RewardModelProvider<M extends RewardModel> {

    /** The name before the colon in a model spec, e.g. {@code length}, {@code bt}, {@code openai}. */
    String name();

    /** One line for {@code --help} and error messages: what the model is and what the argument means. */
    default String description() {
        return "";
    }

    /** The kind of model {@link #create} returns. */
    ModelKind<M> kind();

    /**
     * The options this provider accepts through {@code --model-option KEY=VALUE}, with their types,
     * defaults and bounds. {@link RewardModels#create(ModelSpec)} refuses any other option and any
     * value of the wrong type or out of bounds before {@link #create} is called, so providers read
     * only declared, well-typed options (with {@link ModelOption#get}). None by default.
     */
    default List<ModelOption<?>> options() {
        return List.of();
    }

    /**
     * Creates the model. The spec's options have been checked against {@link #options()}.
     *
     * @throws InvalidInputException when the argument or options are wrong
     */
    M create(ModelSpec spec);
}
