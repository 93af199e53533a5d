package org.omnireward.core;

import java.util.EnumSet;
import java.util.Set;

/**
 * A reward model: something that can tell which of two responses is better under a criterion.
 * Every model is either {@link PairwiseRewardModel pairwise} or {@link ScalarRewardModel scalar}.
 * Harnesses never ask a model about a task outside {@link #supportedTasks()}; they report such
 * tasks as unsupported.
 */
public interface RewardModel extends AutoCloseable {

    /** A name for reports, e.g. {@code length} or {@code openai:gpt-4o}. */
    String name();

    /** The tasks this model can handle. All nine by default. */
    default Set<Task> supportedTasks() {
        return EnumSet.allOf(Task.class);
    }

    /** Whether {@code task} is in {@link #supportedTasks()}. */
    default boolean supports(Task task) {
        return supportedTasks().contains(task);
    }

    /** Releases threads, connections or native memory. Does nothing by default. */
    @Override
    default void close() {}
}
