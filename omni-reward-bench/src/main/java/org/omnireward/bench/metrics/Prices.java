package org.omnireward.bench.metrics;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.omnireward.core.InvalidInputException;

/**
 * What a remote model's tokens cost, in US dollars per million tokens, as the user gave them to
 * {@code bench run --price-input/--price-output}; the summary turns token totals into a cost with it.
 *
 * @param inputPerMillion USD per million input (prompt) tokens
 * @param outputPerMillion USD per million output (completion) tokens
 */
@JsonPropertyOrder({"input_usd_per_mtok", "output_usd_per_mtok"})
public record Prices(
        @JsonProperty("input_usd_per_mtok") double inputPerMillion,
        @JsonProperty("output_usd_per_mtok") double outputPerMillion) {

    public Prices {
        if (!(inputPerMillion >= 0)
                || !(outputPerMillion >= 0)
                || Double.isInfinite(inputPerMillion)
                || Double.isInfinite(outputPerMillion)) {
            throw new InvalidInputException(
                    "token prices must be finite and not negative (USD per million tokens), got input "
                            + inputPerMillion + " and output " + outputPerMillion);
        }
    }

    /** The prices given, or null when neither is given; a missing one counts as free. */
    public static Prices ofNullable(Double inputPerMillion, Double outputPerMillion) {
        if (inputPerMillion == null && outputPerMillion == null) {
            return null;
        }
        return new Prices(
                inputPerMillion == null ? 0 : inputPerMillion, outputPerMillion == null ? 0 : outputPerMillion);
    }

    /** The cost in USD of the given token counts. */
    public double cost(long inputTokens, long outputTokens) {
        return (inputTokens * inputPerMillion + outputTokens * outputPerMillion) / 1_000_000.0;
    }
}
