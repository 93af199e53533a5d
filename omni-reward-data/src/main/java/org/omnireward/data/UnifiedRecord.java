package org.omnireward.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.omnireward.core.PreferencePair;

/**
 * One line of the unified preference JSONL beyond what a {@link PreferencePair} holds (schema
 * version 3): the pair, its {@code provenance} (an object recording every synthesis step: teacher
 * output, verdicts, models) and its {@code split} ({@code "test"} marks benchmark records, which only
 * evaluation reads), and which user turn of a chat prompt each input medium belongs to.
 *
 * @param pair the pair
 * @param provenance a JSON object, or null when the record has none
 * @param split {@code test} for evaluation-only records, or null
 * @param inputTurns for each of the pair's input media, the 0-based index of the user turn of the
 *     prompt ({@code Transcripts.turns}) it belongs to; empty when every medium belongs to the first
 *     (the usual case, and how a list of zeros is normalised)
 */
public record UnifiedRecord(PreferencePair pair, JsonNode provenance, String split, List<Integer> inputTurns) {

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
        inputTurns =
                inputTurns == null || inputTurns.stream().allMatch(t -> t == 0) ? List.of() : List.copyOf(inputTurns);
        if (!inputTurns.isEmpty() && inputTurns.size() != pair.inputs().size()) {
            throw new IllegalArgumentException("pair " + pair.id() + ": " + inputTurns.size() + " input turns for "
                    + pair.inputs().size() + " input media");
        }
        if (inputTurns.stream().anyMatch(t -> t < 0)) {
            throw new IllegalArgumentException("pair " + pair.id() + ": negative input turn");
        }
    }

    /** A record whose input media all belong to the prompt's first user turn. */
    public UnifiedRecord(PreferencePair pair, JsonNode provenance, String split) {
        this(pair, provenance, split, List.of());
    }

    /** The user turn (0-based) input medium {@code i} belongs to. */
    public int inputTurn(int i) {
        return inputTurns.isEmpty() ? 0 : inputTurns.get(i);
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

    /**
     * This record with another pair, keeping provenance, split and input turns (which the new pair's
     * input media must match in number).
     */
    public UnifiedRecord withPair(PreferencePair newPair) {
        return new UnifiedRecord(newPair, provenance, split, inputTurns);
    }
}
