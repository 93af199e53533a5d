package org.omnireward.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Optional;
import org.omnireward.core.PreferencePair;

/**
 * One line of the unified preference JSONL beyond what a {@link PreferencePair} holds (schema
 * version 3): the pair, its {@code provenance} (an object recording every synthesis step: teacher
 * output, verdicts, models) and its {@code split} ({@code "test"} marks benchmark records, which only
 * evaluation reads).
 *
 * @param pair the pair
 * @param provenance a JSON object, or null when the record has none
 * @param split {@code test} for evaluation-only records, or null
 */
public record UnifiedRecord(PreferencePair pair, JsonNode provenance, String split) {

    /** The split value of records that only evaluation may read. */
    public static final String TEST_SPLIT = "test";

    public UnifiedRecord {
        Objects.requireNonNull(pair, "pair");
        if (provenance != null && (provenance.isNull() || provenance.isMissingNode())) {
            provenance = null;
        }
        if (provenance != null && !provenance.isObject()) {
            throw new IllegalArgumentException("provenance must be a JSON object");
        }
        split = split == null || split.isBlank() ? null : split;
    }

    /** A record of a pair alone. */
    public static UnifiedRecord of(PreferencePair pair) {
        return new UnifiedRecord(pair, null, null);
    }

    /** The provenance object, when present. */
    public Optional<JsonNode> provenanceNode() {
        return Optional.ofNullable(provenance);
    }

    /** True for benchmark records ({@code split: test}), which training and mixing refuse. */
    public boolean evaluationOnly() {
        return TEST_SPLIT.equals(split);
    }

    /** This record with another pair, keeping provenance and split. */
    public UnifiedRecord withPair(PreferencePair newPair) {
        return new UnifiedRecord(newPair, provenance, split);
    }
}
