package org.omnireward.core;

import java.util.List;
import java.util.Objects;

/**
 * One training pair for a reward model: under {@code criteria}, {@code chosen} is preferred to
 * {@code rejected} as a response to {@code prompt} (with its input media). Unlike a benchmark
 * {@link PreferenceSample} it is oriented (chosen first) and carries where it came from.
 *
 * @param id unique within its source
 * @param task the task (t2t for text pairs)
 * @param group the key that must not be split between training and validation (for instance a
 *     hash of the instruction, which recurs across files), so validation measures generalisation
 * @param criteria the free-form criterion the preference holds under
 * @param prompt the prompt text
 * @param inputs the prompt's input media
 * @param chosen the preferred response
 * @param rejected the other response
 * @param tie true when the source rates both equal; BT training skips ties, evaluation may use them
 * @param source file and record the pair came from, for provenance and messages
 */
public record PreferencePair(
        String id,
        Task task,
        String group,
        String criteria,
        String prompt,
        List<MediaRef> inputs,
        Response chosen,
        Response rejected,
        boolean tie,
        String source) {

    public PreferencePair {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(criteria, "criteria");
        Objects.requireNonNull(prompt, "prompt");
        inputs = List.copyOf(inputs == null ? List.of() : inputs);
        Objects.requireNonNull(chosen, "chosen");
        Objects.requireNonNull(rejected, "rejected");
        source = source == null ? "" : source;
    }

    /** A text pair of task t2t. */
    public static PreferencePair text(
            String id, String group, String criteria, String prompt, String chosen, String rejected, String source) {
        return new PreferencePair(
                id,
                Task.T2T,
                group,
                criteria,
                prompt,
                List.of(),
                Response.text(chosen),
                Response.text(rejected),
                false,
                source);
    }

    /** This pair with another criterion (and id), e.g. for criterion-conditioned synthetic pairs. */
    public PreferencePair withCriteria(String newId, String newCriteria) {
        return new PreferencePair(newId, task, group, newCriteria, prompt, inputs, chosen, rejected, tie, source);
    }

    /** This pair with chosen and rejected exchanged (and a new id and criterion). */
    public PreferencePair flipped(String newId, String newCriteria) {
        return new PreferencePair(newId, task, group, newCriteria, prompt, inputs, rejected, chosen, tie, source);
    }
}
