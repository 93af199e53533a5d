package org.omnireward.bench.metrics;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.omnireward.bench.results.Setting;

/**
 * Everything {@link SummaryCalculator#evaluate} derives from a run's predictions: the summary,
 * the per-sample outcomes behind it, and how many duplicate lines were ignored.
 *
 * @param summary           the metrics written to {@code summary.json}
 * @param outcomes          per setting, one outcome per counted line, ordered by task then index
 * @param duplicatesIgnored lines dropped because their (id, setting) had already been seen
 */
public record Evaluation(Summary summary, Map<Setting, List<SampleOutcome>> outcomes, int duplicatesIgnored) {

    public Evaluation {
        EnumMap<Setting, List<SampleOutcome>> copy = new EnumMap<>(Setting.class);
        outcomes.forEach((s, list) -> copy.put(s, List.copyOf(list)));
        outcomes = Collections.unmodifiableMap(copy);
    }

    /** The outcomes of one setting; empty when the setting has none. */
    public List<SampleOutcome> outcomes(Setting setting) {
        return outcomes.getOrDefault(setting, List.of());
    }
}
