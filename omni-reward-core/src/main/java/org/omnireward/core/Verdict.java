package org.omnireward.core;

import java.util.Objects;
import java.util.Optional;

/**
 * What a pairwise reward model decided about one {@link PairwiseRequest}: which {@link Side} is
 * better, or a tie.
 *
 * @param winner the better side; null for a tie (only when the request allowed ties): read it with
 *     {@link #isTie()} or {@link #preferred()}
 * @param rationale the model's analysis, when it wrote one; may be null
 * @param rawOutput the model's full output, for audits; may be null
 * @param usage token usage of the call(s); {@link Usage#UNKNOWN} when not reported
 * @param positionConsistent when the model judged the pair in both orders: whether the two answers
 *     agreed once mapped back (reports count the position-consistency rate from it); null when the
 *     pair was judged in one order only
 * @param finishReason why the model stopped writing, as its server said ({@code stop}, Anthropic's
 *     {@code end_turn}, …; several calls' distinct reasons joined with {@code ,}); null for models
 *     without one
 */
public record Verdict(
        Side winner, String rationale, String rawOutput, Usage usage, Boolean positionConsistent, String finishReason) {

    public Verdict {
        usage = usage == null ? Usage.UNKNOWN : usage;
    }

    /** A verdict without a finish reason. */
    public Verdict(Side winner, String rationale, String rawOutput, Usage usage, Boolean positionConsistent) {
        this(winner, rationale, rawOutput, usage, positionConsistent, null);
    }

    /** A verdict from one order of the responses. */
    public Verdict(Side winner, String rationale, String rawOutput, Usage usage) {
        this(winner, rationale, rawOutput, usage, null, null);
    }

    /** A bare verdict for {@code winner} with no rationale or usage, as simple models give. */
    public static Verdict of(Side winner) {
        return new Verdict(Objects.requireNonNull(winner, "winner"), null, null, Usage.UNKNOWN);
    }

    /** A bare tie. */
    public static Verdict tie() {
        return new Verdict(null, null, null, Usage.UNKNOWN);
    }

    /** Whether neither side is better. */
    public boolean isTie() {
        return winner == null;
    }

    /** The better side, or empty for a tie. */
    public Optional<Side> preferred() {
        return Optional.ofNullable(winner);
    }

    /** This verdict with another winner (null: a tie). */
    public Verdict withWinner(Side newWinner) {
        return new Verdict(newWinner, rationale, rawOutput, usage, positionConsistent, finishReason);
    }

    /**
     * The same verdict for the request with its sides exchanged ({@link PairwiseRequest#swapped()}):
     * A becomes B and B becomes A; a tie stays a tie.
     */
    public Verdict mirrored() {
        return winner == null ? this : withWinner(winner.other());
    }

    /** {@code A}, {@code B} or {@code tie}, for messages. */
    public String answer() {
        return winner == null ? "tie" : winner.name();
    }
}
