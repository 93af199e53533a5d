package org.omnireward.core;

import java.util.EnumSet;
import java.util.Set;

/**
 * A reward model: something that can tell which of two responses is better under a criterion.
 * Every model is either {@link PairwiseRewardModel pairwise} or {@link ScalarRewardModel scalar}
 * (the interface is sealed to these two; {@link #kind()} says which). Harnesses never ask a model
 * about a task outside {@link #supportedTasks()}; they report such tasks as unsupported.
 *
 * <p><b>Thread safety.</b> A model must be safe to call from many threads at once: the benchmark
 * runner, the reward server and the data tools share one instance between their worker threads (up
 * to {@code --concurrency}), with no lock of their own around it. The contract suite every backend's
 * tests extend ({@code RewardModelContractTest}) calls each model from 8 threads at once and checks
 * that nothing fails and, for deterministic models, that every thread gets the answers a serial run
 * gets. A model that cannot work concurrently serialises its calls itself. {@link #close()} is called
 * once, after the last call has returned; calling it twice must be harmless.
 *
 * <p><b>What a model may assume.</b>
 * <ul>
 *   <li>It is asked only about tasks in {@link #supportedTasks()}; it may refuse another with {@link
 *       UnsupportedTaskException}.
 *   <li>Requests are immutable and carry only what a model may see: no sample id, no label.
 *   <li>Media are {@link MediaRef}s whose paths the caller resolved safely (under the data's root);
 *       a medium may still be missing or unreadable, which the model reports for that item.
 *   <li>Retries, response-order randomisation, caching and accounting belong to the caller (the
 *       runtime's {@code Retrier}, {@code ResponseOrder} and decorators): a model makes one honest
 *       attempt per call and reports failures with the exception tree ({@link RetriableException}
 *       for what is worth retrying, {@link NonRetriableException} for what is not).
 * </ul>
 * A model must not set process-wide state (system properties, the default locale, global loggers):
 * it runs inside other people's programs, where such settings belong to the launcher or the user.
 */
public sealed interface RewardModel extends AutoCloseable permits PairwiseRewardModel, ScalarRewardModel {

    /** A name for reports, e.g. {@code length} or {@code openai:gpt-4o}. */
    String name();

    /** Which kind of model this is. */
    ModelKind<?> kind();

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
