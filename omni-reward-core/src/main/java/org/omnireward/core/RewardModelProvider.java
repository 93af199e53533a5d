package org.omnireward.core;

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
     * Creates the model.
     *
     * @throws InvalidInputException when the argument or options are wrong
     */
    RewardModel create(ModelSpec spec);
}
