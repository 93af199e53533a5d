package org.omnireward.bench.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.omnireward.bench.results.PredictionRecord;

/**
 * How a setting's model calls went, beyond accuracy: failures by kind (unparseable, truncated and
 * refused answers apart), the finish reasons the model's server gave,
 * position consistency of judges that judged each pair in both orders ({@code swap=true}), and the
 * tokens spent with their cost. The {@code calls} object of a setting in {@code summary.json}; see
 * {@code docs/results-format.md}. Counts are pooled over the setting's supported tasks.
 *
 * @param failed failed lines (invalid records included)
 * @param unparseable failed lines whose model output held no readable decision
 * @param truncated failed lines whose answer was cut off at the token limit (error kind {@code truncated})
 * @param refused failed lines the model declined to answer (error kind {@code refused})
 * @param errorsByKind failed lines per {@code error_kind}, in name order (lines of older files
 *     without a kind count as {@code unknown})
 * @param swapJudged lines judged in both orders
 * @param swapConsistent of those, lines whose two answers agreed once mapped back
 * @param consistencyRate swapConsistent / swapJudged; null when nothing was judged in both orders
 * @param accuracyConsistent accuracy over the swap-consistent lines (no_ties only; null otherwise)
 * @param accuracyInconsistent accuracy over the swap-inconsistent lines (no_ties only; null otherwise)
 * @param inputTokens input tokens reported over all lines (cache hits report none)
 * @param outputTokens output tokens reported over all lines
 * @param linesWithUsage lines that reported token usage
 * @param costUsd the tokens' cost under the run's {@link Prices}; null without prices
 * @param finishReasons lines per finish reason the model's server gave ({@code stop}, {@code length},
 *     {@code end_turn}, …; several calls' reasons as joined on the line), in name order; empty for models
 *     without one
 */
@JsonPropertyOrder({
    "failed",
    "unparseable",
    "truncated",
    "refused",
    "errors_by_kind",
    "swap_judged",
    "swap_consistent",
    "consistency_rate",
    "accuracy_consistent",
    "accuracy_inconsistent",
    "input_tokens",
    "output_tokens",
    "lines_with_usage",
    "cost_usd",
    "finish_reasons"
})
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CallStats(
        @JsonProperty("failed") int failed,
        @JsonProperty("unparseable") int unparseable,
        @JsonProperty("truncated") int truncated,
        @JsonProperty("refused") int refused,
        @JsonProperty("errors_by_kind") Map<String, Integer> errorsByKind,
        @JsonProperty("swap_judged") int swapJudged,
        @JsonProperty("swap_consistent") int swapConsistent,
        @JsonProperty("consistency_rate") Double consistencyRate,
        @JsonProperty("accuracy_consistent") Double accuracyConsistent,
        @JsonProperty("accuracy_inconsistent") Double accuracyInconsistent,
        @JsonProperty("input_tokens") long inputTokens,
        @JsonProperty("output_tokens") long outputTokens,
        @JsonProperty("lines_with_usage") int linesWithUsage,
        @JsonProperty("cost_usd") Double costUsd,
        @JsonProperty("finish_reasons") Map<String, Integer> finishReasons) {

    /** The kind counted for failed lines of files written before kinds were recorded. */
    public static final String UNKNOWN_KIND = "unknown";

    public CallStats {
        errorsByKind = errorsByKind == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(errorsByKind));
        finishReasons = finishReasons == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(finishReasons));
    }

    /** Whether any line carried something worth a "calls" report: usage, swap bookkeeping or an error kind. */
    public boolean hasCallDetails() {
        return linesWithUsage > 0
                || swapJudged > 0
                || !finishReasons.isEmpty()
                || errorsByKind.keySet().stream().anyMatch(k -> !k.equals(UNKNOWN_KIND) && !k.equals("invalid_record"));
    }

    /** Accumulates the lines of one setting. */
    public static final class Builder {
        private final boolean noTies;
        private int failed;
        private int unparseable;
        private int truncated;
        private int refused;
        private final Map<String, Integer> kinds = new TreeMap<>();
        private final Map<String, Integer> finishReasons = new TreeMap<>();
        private int swapJudged;
        private int swapConsistent;
        private int consistentCorrect;
        private int inconsistentCorrect;
        private long inputTokens;
        private long outputTokens;
        private int linesWithUsage;

        /** @param noTies whether the setting is no_ties (where accuracy is also split by consistency) */
        public Builder(boolean noTies) {
            this.noTies = noTies;
        }

        /** Adds one line; {@code correct} is whether it counts as right in the accuracy. */
        public Builder add(PredictionRecord r, boolean correct) {
            if (r.failed() || r.invalid()) {
                failed++;
                if (r.unparseable()) {
                    unparseable++;
                }
                if (r.truncated()) {
                    truncated++;
                }
                if (r.refused()) {
                    refused++;
                }
                kinds.merge(r.errorKind() == null ? UNKNOWN_KIND : r.errorKind(), 1, Integer::sum);
            }
            if (r.finishReason() != null) {
                finishReasons.merge(r.finishReason(), 1, Integer::sum);
            }
            if (r.inputTokens() != null || r.outputTokens() != null) {
                linesWithUsage++;
                inputTokens += r.inputTokens() == null ? 0 : Math.max(0, r.inputTokens());
                outputTokens += r.outputTokens() == null ? 0 : Math.max(0, r.outputTokens());
            }
            if (r.swapConsistent() != null && !r.failed()) {
                swapJudged++;
                if (r.swapConsistent()) {
                    swapConsistent++;
                    consistentCorrect += correct ? 1 : 0;
                } else {
                    inconsistentCorrect += correct ? 1 : 0;
                }
            }
            return this;
        }

        /** The statistics, with the cost under {@code prices} (null for none). */
        public CallStats build(Prices prices) {
            int inconsistent = swapJudged - swapConsistent;
            return new CallStats(
                    failed,
                    unparseable,
                    truncated,
                    refused,
                    kinds,
                    swapJudged,
                    swapConsistent,
                    swapJudged == 0 ? null : (double) swapConsistent / swapJudged,
                    noTies && swapConsistent > 0 ? (double) consistentCorrect / swapConsistent : null,
                    noTies && inconsistent > 0 ? (double) inconsistentCorrect / inconsistent : null,
                    inputTokens,
                    outputTokens,
                    linesWithUsage,
                    prices == null ? null : prices.cost(inputTokens, outputTokens),
                    finishReasons);
        }
    }
}
