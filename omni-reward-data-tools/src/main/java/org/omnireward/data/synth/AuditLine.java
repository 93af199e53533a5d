package org.omnireward.data.synth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;
import org.omnireward.core.Usage;

/**
 * One line of {@code <out>.audit.jsonl}: the pair's id, its {@link Trail} (what the teacher and the verifiers said),
 * whether it was kept, why not, and the record line written for it. Each record's field order is the line's key
 * order; parts a pair did not reach (no criterion, no verdicts) are left out.
 *
 * @param status {@code kept} or {@code dropped}
 * @param reason why a pair was dropped ({@code teacher_failed}, {@code teacher_declined}, {@code
 *     teacher_without_criterion}, {@code verifier_failed}, {@code verifiers_disagree}); null when kept
 * @param detail the reason in words; null when kept
 * @param record the unified JSONL line written for a kept pair; null when dropped
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record AuditLine(String id, @JsonUnwrapped Trail trail, String status, String reason, String detail, String record) {

    static final String KEPT = "kept";

    /** The line of a kept pair whose record line is {@code record}. */
    static AuditLine kept(String id, Trail trail, String record) {
        return new AuditLine(id, trail, KEPT, null, null, record);
    }

    /** The line of a dropped pair. */
    static AuditLine dropped(String id, Trail trail, String reason, String detail) {
        return new AuditLine(id, trail, "dropped", reason, detail, null);
    }

    /**
     * What happened to one pair, as the audit line and the kept record's {@code provenance.synthesis} both hold it.
     *
     * @param favoured {@code chosen} or {@code rejected}: the side the criterion had to favour
     * @param criterion the teacher's criterion; null when it gave none
     * @param verdicts one per verifier, in the order given; null when there was no criterion to verify
     * @param agreeRule {@code all} or {@code majority}; null without verdicts
     * @param agreeing verifiers that picked the favoured side; null without verdicts
     * @param verifiers how many verifiers voted; null without verdicts
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Trail(
            String source,
            String favoured,
            TeacherCall teacher,
            String criterion,
            List<VerifierCall> verdicts,
            @JsonProperty("agree_rule") String agreeRule,
            Integer agreeing,
            Integer verifiers) {

        /** The trail of a pair that got no criterion. */
        static Trail withoutCriterion(String source, String favoured, TeacherCall teacher) {
            return new Trail(source, favoured, teacher, null, null, null, null, null);
        }
    }

    /**
     * The teacher's call.
     *
     * @param order the order it saw the responses in: {@code chosen,rejected} or {@code rejected,chosen}
     * @param error why the call failed; null when it answered
     * @param output what it wrote; null when the call failed
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TeacherCall(
            String model,
            String order,
            int attempts,
            String error,
            String output,
            @JsonProperty("input_tokens") Long inputTokens,
            @JsonProperty("output_tokens") Long outputTokens) {

        static TeacherCall failed(String model, String order, int attempts, String error) {
            return new TeacherCall(model, order, attempts, error, null, null, null);
        }

        static TeacherCall answered(String model, String order, int attempts, String output, Usage usage) {
            Tokens t = Tokens.of(usage);
            return new TeacherCall(model, order, attempts, null, output, t.input(), t.output());
        }
    }

    /**
     * One verifier's call.
     *
     * @param shownFirst {@code favoured} or {@code other}: which response it saw as A
     * @param error why the call failed; null when it answered
     * @param picked {@code favoured}, {@code other} or {@code tie}; null when the call failed
     * @param agrees whether it picked the favoured response; null when the call failed
     * @param rationale its reasons, when it gave some
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record VerifierCall(
            String verifier,
            @JsonProperty("shown_first") String shownFirst,
            int attempts,
            String error,
            String picked,
            Boolean agrees,
            String rationale,
            @JsonProperty("input_tokens") Long inputTokens,
            @JsonProperty("output_tokens") Long outputTokens) {

        static VerifierCall failed(String verifier, String shownFirst, int attempts, String error) {
            return new VerifierCall(verifier, shownFirst, attempts, error, null, null, null, null, null);
        }

        static VerifierCall answered(
                String verifier, String shownFirst, int attempts, String picked, String rationale, Usage usage) {
            Tokens t = Tokens.of(usage);
            boolean agrees = picked.equals("favoured");
            String said = rationale == null || rationale.isBlank() ? null : rationale;
            return new VerifierCall(verifier, shownFirst, attempts, null, picked, agrees, said, t.input(), t.output());
        }
    }

    /** A kept record's {@code provenance.synthesis}: the trail and the id of the pair it was made from. */
    record Synthesis(
            @JsonUnwrapped Trail trail,
            @JsonProperty("base_id") String baseId) {}

    /** The token counts a line shows: both or neither (a call that reported none). */
    private record Tokens(Long input, Long output) {
        static Tokens of(Usage u) {
            return u != null && u.inputTokens() >= 0
                    ? new Tokens(u.inputTokens(), u.outputTokens())
                    : new Tokens(null, null);
        }
    }
}
