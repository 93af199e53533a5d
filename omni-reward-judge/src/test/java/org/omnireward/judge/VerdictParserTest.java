package org.omnireward.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.omnireward.core.Preference;
import org.omnireward.core.UnparseableOutputException;
import org.omnireward.core.Usage;

class VerdictParserTest {

    @Test
    void reads_a_bracketed_verdict_and_the_analysis_before_it() {
        VerdictParser.Parsed p = VerdictParser.pairwise("A is clearer.\nB rambles.\n[[A]]", false);
        assertThat(p.preference()).isEqualTo(Preference.RESPONSE1);
        assertThat(p.rationale()).isEqualTo("A is clearer.\nB rambles.");
        assertThat(VerdictParser.pairwise("analysis [[ B ]]", false).preference())
                .isEqualTo(Preference.RESPONSE2);
    }

    @Test
    void reads_boxed_verdicts_plain_and_with_text() {
        assertThat(VerdictParser.pairwise("so the answer is \\boxed{B}", false).preference())
                .isEqualTo(Preference.RESPONSE2);
        assertThat(VerdictParser.pairwise("final: \\boxed{\\text{A}}", false).preference())
                .isEqualTo(Preference.RESPONSE1);
        assertThat(VerdictParser.pairwise("equal. \\boxed{C}", true).preference())
                .isEqualTo(Preference.TIE);
    }

    @Test
    void the_same_letter_twice_is_one_verdict() {
        assertThat(VerdictParser.pairwise("[[A]] ... so \\boxed{A}", false).preference())
                .isEqualTo(Preference.RESPONSE1);
    }

    @Test
    void c_is_a_tie_only_when_ties_are_allowed() {
        assertThat(VerdictParser.pairwise("they are equal [[C]]", true).preference())
                .isEqualTo(Preference.TIE);
        assertThatThrownBy(() -> VerdictParser.pairwise("they are equal [[C]]", false))
                .isInstanceOf(UnparseableOutputException.class)
                .hasMessageContaining("ties are not allowed");
    }

    @Test
    void both_letters_are_unparseable_and_carry_the_output() {
        String out = "A is good [[A]] but B is better [[B]]";
        assertThatThrownBy(() -> VerdictParser.pairwise(out, true))
                .isInstanceOf(UnparseableOutputException.class)
                .hasMessageContaining("more than one verdict")
                .satisfies(e ->
                        assertThat(((UnparseableOutputException) e).rawOutput()).isEqualTo(out));
        assertThatThrownBy(() -> VerdictParser.pairwise("[[A]] or \\boxed{C}", true))
                .isInstanceOf(UnparseableOutputException.class);
    }

    @Test
    void no_verdict_is_unparseable() {
        assertThatThrownBy(() -> VerdictParser.pairwise("I prefer A.", false))
                .isInstanceOf(UnparseableOutputException.class)
                .hasMessageContaining("no verdict");
        assertThatThrownBy(() -> VerdictParser.pairwise("", true))
                .isInstanceOf(UnparseableOutputException.class)
                .hasMessageContaining("empty answer");
        assertThatThrownBy(() -> VerdictParser.pairwise((String) null, true))
                .isInstanceOf(UnparseableOutputException.class);
        assertThatThrownBy(() -> VerdictParser.pairwise("[A] [[D]] [[a]]", true))
                .isInstanceOf(UnparseableOutputException.class);
    }

    @Test
    void reads_one_pointwise_score() {
        VerdictParser.Score s = VerdictParser.pointwise("Decent but incomplete.\n[[3]]");
        assertThat(s.value()).isEqualTo(3);
        assertThat(s.rationale()).isEqualTo("Decent but incomplete.");
        assertThat(VerdictParser.pointwise("\\boxed{5}").value()).isEqualTo(5);
    }

    @Test
    void pointwise_needs_exactly_one_score_from_1_to_5() {
        assertThatThrownBy(() -> VerdictParser.pointwise("[[2]] or [[4]]"))
                .isInstanceOf(UnparseableOutputException.class)
                .hasMessageContaining("more than one score");
        assertThatThrownBy(() -> VerdictParser.pointwise("[[7]]")).isInstanceOf(UnparseableOutputException.class);
        assertThatThrownBy(() -> VerdictParser.pointwise("good"))
                .isInstanceOf(UnparseableOutputException.class)
                .hasMessageContaining("no score");
    }

    // ---- reasoning models ----------------------------------------------------------------------

    @Test
    void letters_weighed_inside_think_do_not_count_the_verdict_after_it_does() {
        String out = "<think>\nIf A were better I would say [[A]]; but B handles the criterion, so [[B]]? "
                + "Let me check again... A misses it.\n</think>\n\nB follows the criterion.\n[[B]]";
        VerdictParser.Parsed p = VerdictParser.pairwise(out, false);
        assertThat(p.preference()).isEqualTo(Preference.RESPONSE2);
        assertThat(p.rationale()).isEqualTo("B follows the criterion.");
    }

    @Test
    void a_lone_closing_tag_ends_reasoning_as_r1_templates_write_it() {
        // chat templates of R1-style models put <think> into the prompt, so the reply starts inside it
        VerdictParser.Parsed p = VerdictParser.pairwise("A has [[A]]-like merits... </think>\n[[A]]", true);
        assertThat(p.preference()).isEqualTo(Preference.RESPONSE1);
        assertThat(p.rationale())
                .as("no analysis after the reasoning: the reasoning is the rationale")
                .isEqualTo("A has [[A]]-like merits...");
    }

    @Test
    void answer_tags_are_read_and_a_bare_letter_inside_counts() {
        assertThat(VerdictParser.pairwise("<think>[[A]] vs [[B]]</think><answer>B</answer>", false)
                        .preference())
                .isEqualTo(Preference.RESPONSE2);
        assertThat(VerdictParser.pairwise("<think>hmm</think>\n<answer>\\boxed{A}</answer>", false)
                        .preference())
                .isEqualTo(Preference.RESPONSE1);
        assertThat(VerdictParser.pairwise("<think>x</think> Both fine. <answer>(C)</answer>", true)
                        .preference())
                .isEqualTo(Preference.TIE);
        VerdictParser.Parsed p = VerdictParser.pairwise("Short analysis. <answer>Response A</answer>", false);
        assertThat(p.preference()).isEqualTo(Preference.RESPONSE1);
        assertThat(p.rationale()).isEqualTo("Short analysis.");
        assertThatThrownBy(() -> VerdictParser.pairwise("<answer>A or B</answer>", false))
                .isInstanceOf(UnparseableOutputException.class);
        assertThatThrownBy(() -> VerdictParser.pairwise("<answer>[[A]]</answer> <answer>[[B]] [[A]]</answer>", false))
                .isInstanceOf(UnparseableOutputException.class)
                .hasMessageContaining("more than one verdict");
        assertThat(VerdictParser.pairwise("<answer>[[A]]</answer> later <answer>[[B]]</answer>", false)
                        .preference())
                .as("the last answer block counts")
                .isEqualTo(Preference.RESPONSE2);
    }

    @Test
    void reasoning_that_never_finished_has_no_verdict() {
        assertThatThrownBy(() -> VerdictParser.pairwise("<think>Comparing... A seems [[A]]", false))
                .isInstanceOf(UnparseableOutputException.class)
                .hasMessageContaining("after its reasoning")
                .satisfies(e ->
                        assertThat(((UnparseableOutputException) e).rawOutput()).startsWith("<think>Comparing"));
    }

    @Test
    void a_separate_reasoning_field_is_reasoning_and_joins_the_raw_output() {
        ReplyParts parts = ReplyParts.of(new ChatBackend.Reply("[[A]]", Usage.UNKNOWN, "B? no, [[A]].", "stop", null));
        VerdictParser.Parsed p = VerdictParser.pairwise(parts, false);
        assertThat(p.preference()).isEqualTo(Preference.RESPONSE1);
        assertThat(p.rationale()).isEqualTo("B? no, [[A]].");
        assertThat(parts.rawOutput()).isEqualTo("<think>\nB? no, [[A]].\n</think>\n[[A]]");
        assertThat(parts.finishReason()).isEqualTo("stop");
    }

    @Test
    void pointwise_scores_follow_the_same_reasoning_rules() {
        assertThat(VerdictParser.pointwise("<think>[[2]] or [[4]]?</think>Good.\n[[4]]")
                        .value())
                .isEqualTo(4);
        assertThat(VerdictParser.pointwise("<think>..</think><answer>5</answer>")
                        .value())
                .isEqualTo(5);
    }
}
