package org.omnireward.core;

import java.util.List;

/**
 * Creates reward models of one kind, found by name through {@link java.util.ServiceLoader}. To add a
 * model, implement this and list the class in
 * {@code META-INF/services/org.omnireward.core.RewardModelProvider}; {@code --model NAME[:ARG]}
 * then resolves to it with no change to our code.
 */
public interface RewardModelProvider {

    /** The name before the colon in a model spec, e.g. {@code length}, {@code bt}, {@code openai}. */
    String name();

    /** One line for {@code --help} and error messages: what the model is and what the argument means. */
    default String description() {
        return "";
    }

    /**
     * The options this provider accepts through {@code --model-option KEY=VALUE}. {@link
     * RewardModels#create(ModelSpec)} refuses any other option and any value of the wrong type
     * before {@link #create} is called, so providers read only declared, well-typed options. None by
     * default.
     */
    default List<ModelOption> options() {
        return List.of();
    }

    /**
     * Creates the model. The spec's options have been validated against {@link #options()}.
     *
     * @throws InvalidInputException when the argument or options are wrong
     */
    RewardModel create(ModelSpec spec);
}
