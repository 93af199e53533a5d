package org.omnireward.core;

import java.util.List;
import java.util.Objects;
import org.omnireward.core.util.Sha256;

/**
 * One input to a scalar reward model: score {@code response} to {@code prompt} (with its input
 * media) under {@code criteria}, for a sample of {@code task}.
 */
public record ScoringRequest(Task task, String criteria, String prompt, List<MediaRef> inputs, Response response) {

    public ScoringRequest {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(criteria, "criteria");
        Objects.requireNonNull(prompt, "prompt");
        inputs = List.copyOf(inputs);
        Objects.requireNonNull(response, "response");
    }

    /**
     * A key that is equal for requests with equal content (media compared by content, not by where
     * they are stored), for caches: SHA-256 hex over every field.
     */
    public String contentKey() {
        StringBuilder sb = new StringBuilder("scoring\u0000");
        RequestKeys.append(sb, task, criteria, prompt, inputs);
        RequestKeys.append(sb, response);
        return Sha256.hex(sb.toString());
    }

    /** The request that scores response1 or response2 of {@code sample}. */
    public static ScoringRequest of(PreferenceSample sample, Preference which) {
        return new ScoringRequest(
                sample.task(), sample.criteria(), sample.prompt(), sample.inputs(), sample.response(which));
    }
}
