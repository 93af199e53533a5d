package org.omnireward.bench.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import org.omnireward.core.Preference;
import org.omnireward.core.Task;
import org.omnireward.runtime.ErrorKind;

/**
 * One line of {@code predictions.jsonl}: the outcome for one (sample, setting). See
 * {@code docs/results-format.md} for the meaning of each field.
 */
@JsonPropertyOrder({
    "id",
    "task",
    "setting",
    "index",
    "label",
    "prediction",
    "swapped",
    "scores",
    "failed",
    "invalid",
    "error",
    "error_kind",
    "finish_reason",
    "attempts",
    "latency_ms",
    "rationale",
    "raw_output",
    "input_tokens",
    "output_tokens",
    "swap_consistent"
})
@JsonInclude(JsonInclude.Include.ALWAYS)
public record PredictionRecord(
        @JsonProperty("id") String id,
        @JsonProperty("task") String task,
        @JsonProperty("setting") String setting,
        @JsonProperty("index") int index,
        @JsonProperty("label") String label,
        @JsonProperty("prediction") String prediction,
        @JsonProperty("swapped") Boolean swapped,
        @JsonProperty("scores") List<Double> scores,
        @JsonProperty("failed") boolean failed,
        @JsonProperty("invalid") boolean invalid,
        @JsonProperty("error") String error,
        @JsonProperty("attempts") int attempts,
        @JsonProperty("latency_ms") long latencyMs,

        @JsonProperty("rationale") @JsonInclude(JsonInclude.Include.NON_NULL)
        String rationale,

        @JsonProperty("raw_output") @JsonInclude(JsonInclude.Include.NON_NULL)
        String rawOutput,

        @JsonProperty("input_tokens") @JsonInclude(JsonInclude.Include.NON_NULL)
        Long inputTokens,

        @JsonProperty("output_tokens") @JsonInclude(JsonInclude.Include.NON_NULL)
        Long outputTokens,

        @JsonProperty("swap_consistent") @JsonInclude(JsonInclude.Include.NON_NULL)
        Boolean swapConsistent,

        @JsonProperty("error_kind") @JsonInclude(JsonInclude.Include.NON_NULL)
        String errorKind,

        @JsonProperty("finish_reason") @JsonInclude(JsonInclude.Include.NON_NULL)
        String finishReason) {

    /** A line without a finish reason (models that report none, files of earlier versions). */
    public PredictionRecord(
            String id,
            String task,
            String setting,
            int index,
            String label,
            String prediction,
            Boolean swapped,
            List<Double> scores,
            boolean failed,
            boolean invalid,
            String error,
            int attempts,
            long latencyMs,
            String rationale,
            String rawOutput,
            Long inputTokens,
            Long outputTokens,
            Boolean swapConsistent,
            String errorKind) {
        this(
                id,
                task,
                setting,
                index,
                label,
                prediction,
                swapped,
                scores,
                failed,
                invalid,
                error,
                attempts,
                latencyMs,
                rationale,
                rawOutput,
                inputTokens,
                outputTokens,
                swapConsistent,
                errorKind,
                null);
    }

    /** A line without raw output or token usage (baselines, scalar models). */
    public PredictionRecord(
            String id,
            String task,
            String setting,
            int index,
            String label,
            String prediction,
            Boolean swapped,
            List<Double> scores,
            boolean failed,
            boolean invalid,
            String error,
            int attempts,
            long latencyMs,
            String rationale) {
        this(
                id,
                task,
                setting,
                index,
                label,
                prediction,
                swapped,
                scores,
                failed,
                invalid,
                error,
                attempts,
                latencyMs,
                rationale,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    /**
     * The failed line of a record that could not become a sample: {@code invalid}, error kind {@code
     * invalid_record}, no model call.
     *
     * @param error what is wrong and where, e.g. {@code invalid: … (file:line)}
     */
    public static PredictionRecord invalidLine(
            String id, String task, String setting, int index, String label, String error) {
        return new PredictionRecord(
                id,
                task,
                setting,
                index,
                label,
                null,
                null,
                null,
                true,
                true,
                error,
                0,
                0,
                null,
                null,
                null,
                null,
                null,
                ErrorKind.INVALID_RECORD.wireName());
    }

    /** Whether this line failed because no decision could be read from the model's output. */
    public boolean unparseable() {
        return failed && ErrorKind.UNPARSEABLE.wireName().equals(errorKind);
    }

    /** Whether this line failed because the model's answer was cut off at the token limit. */
    public boolean truncated() {
        return failed && ErrorKind.TRUNCATED.wireName().equals(errorKind);
    }

    /** Whether this line failed because the model declined to answer. */
    public boolean refused() {
        return failed && ErrorKind.REFUSED.wireName().equals(errorKind);
    }

    /** The task as an enum. */
    public Task taskValue() {
        return Task.parse(task);
    }

    /** The setting as an enum. */
    public Setting settingValue() {
        return Setting.parse(setting);
    }

    /** The label as an enum, or null. */
    public Preference labelValue() {
        return label == null ? null : Preference.parse(label);
    }

    /** The prediction as an enum, or null. */
    public Preference predictionValue() {
        return prediction == null ? null : Preference.parse(prediction);
    }

    /** Whether this line came from a scalar model (it has two scores). */
    public boolean hasScores() {
        return scores != null && scores.size() == 2;
    }

    /** r1 − r2, for scalar lines. */
    public double margin() {
        return scores.get(0) - scores.get(1);
    }

    /** The (task, setting, id) triple that identifies the line within a run (ids may repeat across tasks). */
    public String key() {
        return key(task, id, setting);
    }

    /** The (task, setting, id) key for lookups; {@code task} is the short id. */
    public static String key(String task, String id, String setting) {
        return task + "/" + setting + "\u0000" + id;
    }
}
