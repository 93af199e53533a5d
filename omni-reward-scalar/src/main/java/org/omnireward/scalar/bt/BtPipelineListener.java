package org.omnireward.scalar.bt;

/**
 * Hears what a {@link BtTrainingPipeline} does: lines for the user (what was read from each file,
 * which pairs were left out or held out), encoding progress, and, as a {@link BtTrainingListener},
 * every training step and epoch. Called on the thread that runs the pipeline; keep it quick. All
 * methods do nothing by default; {@link BtConsoleListener} prints them as {@code train bt} does.
 */
public interface BtPipelineListener extends BtTrainingListener {

    /** Hears nothing. */
    BtPipelineListener NONE = new BtPipelineListener() {};

    /** One line for the user, e.g. {@code train: unified file data/train.jsonl: 80 pairs (0 ties)}. */
    default void onMessage(String line) {}

    /**
     * Encoding progress of one phase ({@code encoding train texts}, {@code encoding valid texts}).
     *
     * @param done distinct texts encoded (or found in the cache) so far
     * @param total distinct texts of the phase
     */
    default void onEncoding(String phase, long done, long total) {}

    /** Before the first training step, after every text was encoded. */
    default void onTrainingStart(int trainPairs, int validPairs) {}

    /** After the last training step (whether training completed, stopped early or diverged), before files are written. */
    default void onTrainingEnd(BtTrainingResult result) {}
}
