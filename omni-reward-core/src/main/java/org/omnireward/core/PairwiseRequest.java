package org.omnireward.core;

import java.util.List;
import java.util.Objects;
import org.omnireward.core.util.Sha256;

/**
 * What a pairwise reward model is asked: under {@code criteria}, which of two responses to
 * {@code prompt} (with its input media) is better. It carries only what a model may see: no sample
 * id and no label (those belong to the benchmark sample that wraps it). Response A is the one shown
 * first; a {@link Verdict} of {@link Preference#RESPONSE1} means A, {@link Preference#RESPONSE2} means B.
 *
 * @param task the task, which fixes the modalities of inputs and responses
 * @param criteria the free-form criterion the preference is judged under
 * @param prompt the prompt text (may be empty when the input media carry the request)
 * @param inputs the prompt's input media
 * @param responseA the response shown first
 * @param responseB the response shown second
 * @param allowTies whether {@link Preference#TIE} is an allowed answer
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

    /** The request for {@code sample} with response1 shown as A. */
    public static PairwiseRequest of(PreferenceSample sample, boolean allowTies) {
        return new PairwiseRequest(
                sample.task(),
                sample.criteria(),
                sample.prompt(),
                sample.inputs(),
                sample.response1(),
                sample.response2(),
                allowTies);
    }

    /** The same request with the two responses exchanged. */
    public PairwiseRequest swapped() {
        return new PairwiseRequest(task, criteria, prompt, inputs, responseB, responseA, allowTies);
    }

    /** The scalar request for one response of this pair (A or B). */
    public ScoringRequest scoring(Preference which) {
        return new ScoringRequest(
                task,
                criteria,
                prompt,
                inputs,
                switch (which) {
                    case RESPONSE1 -> responseA;
                    case RESPONSE2 -> responseB;
                    case TIE -> throw new IllegalArgumentException("a tie names no single response");
                });
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
