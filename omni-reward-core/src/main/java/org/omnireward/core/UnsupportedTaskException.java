package org.omnireward.core;

/** A model was asked about a task it does not declare in {@link RewardModel#supportedTasks()}. */
public class UnsupportedTaskException extends NonRetriableException {

    private final Task task;

    public UnsupportedTaskException(String model, Task task) {
        super("model '" + model + "' does not support task " + task.id() + " (" + task.longName() + ")");
        this.task = task;
    }

    public Task task() {
        return task;
    }
}
