package org.omnireward.core;

import java.util.Set;

/**
 * Base for scalar models that read text responses only (the embedded and {@code bt:} heads, the
 * fine-tuned cross-encoder, the {@code length} baseline, remote pooling models): they support the
 * tasks whose responses are text ({@link Task#textResponseTasks()}), and a media response fails its
 * own item with a clear message while the rest of the batch is scored.
 */
public abstract class AbstractTextScalarRewardModel extends AbstractScalarRewardModel {

    private static final Set<Task> TEXT_RESPONSE_TASKS = Task.textResponseTasks();

    /** The tasks whose responses are text; a subclass may narrow them. */
    @Override
    public Set<Task> supportedTasks() {
        return TEXT_RESPONSE_TASKS;
    }

    /** A media response cannot be read by a text model: that item fails, the rest of its batch is scored. */
    @Override
    protected void checkRequest(ScoringRequest request) {
        request.response().requireText();
    }
}
