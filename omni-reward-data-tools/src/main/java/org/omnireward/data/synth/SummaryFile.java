package org.omnireward.data.synth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * {@code <out>.summary.json} of {@code data synthesize}: the job's counts over every run on the same files, its
 * settings, and the tokens per model. The field order is the file's key order; {@code cost} is written as
 * {@code null} when no model had a price.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record SummaryFile(
        long processed,
        @JsonProperty("resumed_from_audit") long resumedFromAudit,
        long kept,
        long dropped,
        @JsonProperty("dropped_by_reason") Map<String, Long> droppedByReason,
        @JsonProperty("kept_favouring_chosen") long keptFavouringChosen,
        @JsonProperty("kept_favouring_rejected") long keptFavouringRejected,
        String agree,
        String teacher,
        List<String> verifiers,
        Map<String, ModelTokens> tokens,
        Double cost,
        @JsonProperty("input_records_skipped") long inputRecordsSkipped) {

    /** The calls and tokens of one model. */
    record ModelTokens(
            long calls,
            long input,
            long output,
            @JsonProperty("calls_without_usage") long callsWithoutUsage) {}
}
