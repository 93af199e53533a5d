package org.omnireward.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.omnireward.core.Preference;
import org.omnireward.core.UnparseableOutputException;

class VerdictParserTest {

    @Test
    void reads_a_bracketed_verdict_and_the_analysis_before_it() {
        VerdictParser.Parsed p = VerdictParser.pairwise("A is clearer.\nB rambles.\n[[A]]", false);
        assertThat(p.preference()).isEqualTo(Preference.RESPONSE1);
        assertThat(p.rationale()).isEqualTo("A is clearer.\nB rambles.");
        assertThat(VerdictParser.pairwise("analysis [[ B ]]", false).preference()).isEqualTo(Preference.RESPONSE2);
    }

    @Test
    void reads_boxed_verdicts_plain_and_with_text() {
        assertThat(VerdictParser.pairwise("so the answer is \\boxed{B}", false).preference()).isEqualTo(Preference.RESPONSE2);
        assertThat(VerdictParser.pairwise("final: \\boxed{\\text{A}}", false).preference()).isEqualTo(Preference.RESPONSE1);
        assertThat(VerdictParser.pairwise("equal. \\boxed{C}", true).preference()).isEqualTo(Preference.TIE);
    }

    @Test
    void the_same_letter_twice_is_one_verdict() {
        assertThat(VerdictParser.pairwise("[[A]] ... so \\boxed{A}", false).preference()).isEqualTo(Preference.RESPONSE1);
    }

    @Test
    void c_is_a_tie_only_when_ties_are_allowed() {
        assertThat(VerdictParser.pairwise("they are equal [[C]]", true).preference()).isEqualTo(Preference.TIE);
        assertThatThrownBy(() -> VerdictParser.pairwise("they are equal [[C]]", false))
                .isInstanceOf(UnparseableOutputException.class).hasMessageContaining("ties are not allowed");
    }

    @Test
    void both_letters_are_unparseable_and_carry_the_output() {
        String out = "A is good [[A]] but B is better [[B]]";
        assertThatThrownBy(() -> VerdictParser.pairwise(out, true))
                .isInstanceOf(UnparseableOutputException.class)
                .hasMessageContaining("more than one verdict")
                .satisfies(e -> assertThat(((UnparseableOutputException) e).rawOutput()).isEqualTo(out));
        assertThatThrownBy(() -> VerdictParser.pairwise("[[A]] or \\boxed{C}", true)).isInstanceOf(UnparseableOutputException.class);
    }

    @Test
    void no_verdict_is_unparseable() {
        assertThatThrownBy(() -> VerdictParser.pairwise("I prefer A.", false))
                .isInstanceOf(UnparseableOutputException.class).hasMessageContaining("no verdict");
        assertThatThrownBy(() -> VerdictParser.pairwise("", true))
                .isInstanceOf(UnparseableOutputException.class).hasMessageContaining("empty answer");
        assertThatThrownBy(() -> VerdictParser.pairwise(null, true)).isInstanceOf(UnparseableOutputException.class);
        assertThatThrownBy(() -> VerdictParser.pairwise("[A] [[D]] [[a]]", true)).isInstanceOf(UnparseableOutputException.class);
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
        assertThatThrownBy(() -> VerdictParser.pointwise("[[2]] or [[4]]")).isInstanceOf(UnparseableOutputException.class)
                .hasMessageContaining("more than one score");
        assertThatThrownBy(() -> VerdictParser.pointwise("[[7]]")).isInstanceOf(UnparseableOutputException.class);
        assertThatThrownBy(() -> VerdictParser.pointwise("good")).isInstanceOf(UnparseableOutputException.class)
                .hasMessageContaining("no score");
    }
}
