package org.omnireward.bench.report;

import org.omnireward.core.Task;

/**
 * One task's entry of {@code summary.json} ({@code settings.<setting>.tasks.<task>}), as documented
 * in {@code docs/results-format.md}. Accuracies are fractions in [0, 1].
 *
 * @param accuracy       correct / n, or null when n is 0
 * @param n              samples that got a prediction
 * @param correct        correct predictions, or null when the summary does not say
 * @param failed         failed lines (invalid records included)
 * @param invalid        invalid records
 * @param strictAccuracy correct / (n + failed), or null
 * @param ciLow          lower end of the 95 % Wilson interval, or null
 * @param ciHigh         upper end of the 95 % Wilson interval, or null
 * @param tieThreshold   the tie threshold ε chosen for a scalar model in the ties setting, or null
 */
public record TaskSummary(Task task, Double accuracy, int n, Integer correct, int failed, int invalid,
                          Double strictAccuracy, Double ciLow, Double ciHigh, Double tieThreshold) {

    /** Whether the summary gives a 95 % interval. */
    public boolean hasInterval() {
        return ciLow != null && ciHigh != null;
    }
}
