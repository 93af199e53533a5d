package org.omnireward.core;

import java.util.List;
import java.util.Objects;
import org.omnireward.core.util.Sha256;

/**
 * What a pairwise reward model is asked: under {@code criteria}, which of two responses to
 * {@code prompt} (with its input media) is better. It carries only what a model may see: no sample
 * id and no label (those belong to the benchmark sample that wraps it). Response A is the one shown
 * first ({@link Side#A}), response B the one shown second; a {@link Verdict} names the better {@link
 * Side} or a tie.
 *
 * @param task the task, which fixes the modalities of inputs and responses
 * @param criteria the free-form criterion the preference is judged under
 * @param prompt the prompt text (may be empty when the input media carry the request)
 * @param inputs the prompt's input media
 * @param responseA the response shown first
 * @param responseB the response shown second
 * @param allowTies whether a tie is an allowed answer
 */
public record PairwiseRequest(
        Task task,
        String criteria,
        String prompt,
        List<MediaRef> inputs,
        Response responseA,
        Response responseB,
        boolean allowTies) {

    public PairwiseRequest {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(criteria, "criteria");
        Objects.requireNonNull(prompt, "prompt");
        inputs = List.copyOf(inputs == null ? List.of() : inputs);
        Objects.requireNonNull(responseA, "responseA");
        Objects.requireNonNull(responseB, "responseB");
    }

    /** The same request with the two responses exchanged. */
    public PairwiseRequest swapped() {
        return new PairwiseRequest(task, criteria, prompt, inputs, responseB, responseA, allowTies);
    }

    /** The response on {@code side}. */
    public Response response(Side side) {
        return side == Side.A ? responseA : responseB;
    }

    /** The scalar request for the response on {@code side}. */
    public ScoringRequest scoring(Side side) {
        return new ScoringRequest(task, criteria, prompt, inputs, response(side));
    }

    /**
     * A key that is equal for requests with equal content (media compared by content, not by where
     * they are stored), for caches: SHA-256 hex over every field.
     */
    public String contentKey() {
        StringBuilder sb = new StringBuilder("pairwise\u0000");
        RequestKeys.append(sb, task, criteria, prompt, inputs);
        RequestKeys.append(sb, responseA);
        RequestKeys.append(sb, responseB);
        sb.append(allowTies ? "ties" : "no_ties");
        return Sha256.hex(sb.toString());
    }
}
