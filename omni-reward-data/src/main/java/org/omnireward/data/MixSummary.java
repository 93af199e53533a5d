package org.omnireward.data;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * What a {@link TrainingMix} contains: pairs per source category and how often the chosen response is
 * the longer one, overall and per source (a length detector scores exactly that fraction).
 *
 * @param total pairs in the set
 * @param chosenLonger pairs whose chosen response is longer
 * @param chosenShorter pairs whose chosen response is shorter (the length-balanced subset)
 * @param sources counts per source category (input name, or {@code synthetic:<kind>}), in insertion order
 */
public record MixSummary(
        int total,
        @JsonProperty("chosen_longer") int chosenLonger,
        @JsonProperty("chosen_shorter") int chosenShorter,
        Map<String, SourceCounts> sources) {

    public MixSummary {
        sources = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sources));
    }

    /** Share of pairs with a length difference whose chosen response is longer (NaN when none). */
    public double chosenLongerFraction() {
        return fraction(chosenLonger, chosenShorter);
    }

    /** {@link #chosenLongerFraction()} for JSON: null instead of NaN. */
    @JsonProperty("chosen_longer_fraction")
    Double chosenLongerFractionOrNull() {
        return orNull(chosenLongerFraction());
    }

    static Double orNull(double d) {
        return Double.isNaN(d) ? null : d;
    }

    static double fraction(int longer, int shorter) {
        return longer + shorter == 0 ? Double.NaN : (double) longer / (longer + shorter);
    }

    /**
     * Counts of one source category.
     *
     * @param pairs pairs in the set
     * @param chosenLonger of those, chosen longer
     * @param chosenShorter of those, chosen shorter
     * @param sameLength of those, equal length (or media)
     * @param tiesExcluded input ties left out (Bradley–Terry training has no use for them)
     * @param droppedForLengthBalance decisive input pairs left out by length balancing
     * @param duplicatesDropped pairs left out as exact duplicates (criterion, prompt, chosen, rejected)
     * @param notSampled synthetic pairs that qualified but were not drawn at the synthesis rate
     */
    public record SourceCounts(
            int pairs,
            @JsonProperty("chosen_longer") int chosenLonger,
            @JsonProperty("chosen_shorter") int chosenShorter,
            @JsonProperty("same_length") int sameLength,
            @JsonProperty("ties_excluded") int tiesExcluded,
            @JsonProperty("dropped_for_length_balance") int droppedForLengthBalance,
            @JsonProperty("duplicates_dropped") int duplicatesDropped,
            @JsonProperty("not_sampled") int notSampled) {

        /** Share of pairs with a length difference whose chosen response is longer (NaN when none). */
        public double chosenLongerFraction() {
            return fraction(chosenLonger, chosenShorter);
        }

        /** {@link #chosenLongerFraction()} for JSON: null instead of NaN. */
        @JsonProperty("chosen_longer_fraction")
        Double chosenLongerFractionOrNull() {
            return orNull(chosenLongerFraction());
        }
    }
}
