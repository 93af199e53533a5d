package org.omnireward.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.omnireward.core.PreferencePair;
import org.omnireward.core.Response;
import org.omnireward.core.Task;

class TrainingMixTest {

    /** 80 pairs where the longer wins, 20 where the shorter wins, 5 ties, 1 exact duplicate. */
    static List<PreferencePair> alpacaLike() {
        List<PreferencePair> ps = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            ps.add(Fixtures.text("L" + i, "Question " + i, "A long and careful answer number " + i, "Short " + i));
        }
        for (int i = 0; i < 20; i++) {
            ps.add(Fixtures.text("S" + i, "Other " + i, "Brief " + i, "A rambling, padded answer that goes on " + i));
        }
        for (int i = 0; i < 5; i++) {
            ps.add(new PreferencePair(
                    "T" + i,
                    Task.T2T,
                    Groups.ofPrompt("Tie " + i),
                    Criteria.GENERAL,
                    "Tie " + i,
                    List.of(),
                    Response.text("- item one\n- item two"),
                    Response.text("Plain prose sentence."),
                    true,
                    ""));
        }
        ps.add(Fixtures.text("dup", "Question 0", "A long and careful answer number 0", "Short 0"));
        return ps;
    }

    static List<XsTestReader.Completion> completions() {
        return List.of(
                new XsTestReader.Completion(
                        "v2-1",
                        "homonyms",
                        "Kill a process?",
                        "a",
                        "Use kill -9 with the PID.",
                        XsTestReader.Label.FULL_COMPLIANCE,
                        "a.csv",
                        2),
                new XsTestReader.Completion(
                        "v2-1",
                        "homonyms",
                        "Kill a process?",
                        "b",
                        "Sorry, I can't.",
                        XsTestReader.Label.FULL_REFUSAL,
                        "b.csv",
                        2));
    }

    static TrainingMix.Result build(long seed, List<PreferencePair> general, double rate) {
        ReadResult safety = new ReadResult("xs");
        XsTestReader.safetyPairs(completions(), safety);
        return TrainingMix.builder(new TrainingMix.Options(seed, rate, rate, rate))
                .addGeneral("alpaca-eval", general, true)
                .addSafety("xstest", safety.pairs(), completions())
                .build();
    }

    @Test
    void length_balanced_source_has_as_many_shorter_as_longer_chosen_and_counts_what_was_left_out() {
        TrainingMix.Result r = build(3, alpacaLike(), 0);
        MixSummary.SourceCounts a = r.summary().sources().get("alpaca-eval");
        assertThat(a.chosenLonger()).isEqualTo(20);
        assertThat(a.chosenShorter()).isEqualTo(20);
        assertThat(a.chosenLongerFraction()).isEqualTo(0.5);
        assertThat(a.tiesExcluded()).isEqualTo(5);
        assertThat(a.duplicatesDropped()).isEqualTo(1);
        assertThat(a.droppedForLengthBalance()).isEqualTo(60);
        assertThat(r.pairs()).noneMatch(PreferencePair::tie);
        assertThat(r.summary().sources().get("xstest").pairs()).isEqualTo(1);
        assertThat(r.pairs()).noneMatch(Sources::isSynthetic);
        assertThat(r.summary().total()).isEqualTo(r.pairs().size()).isEqualTo(41);
    }

    @Test
    void synthetic_pairs_are_correct_by_kind_and_keep_their_groups() {
        TrainingMix.Result r = build(3, alpacaLike(), 1.0);
        var s = r.summary().sources();
        assertThat(s.get("synthetic:concise").pairs()).isPositive();
        assertThat(s.get("synthetic:concise").pairs())
                .isEqualTo(s.get("synthetic:detailed").pairs());
        assertThat(s.get("synthetic:list").pairs()).isPositive();
        assertThat(s.get("synthetic:declines").pairs()).isEqualTo(1);
        assertThat(s.get("synthetic:complies").pairs()).isEqualTo(1);
        for (PreferencePair p : r.pairs()) {
            switch (Sources.category(p)) {
                case "synthetic:concise" ->
                    assertThat(LengthBalance.isLengthBalanced(p)).isTrue();
                case "synthetic:detailed" ->
                    assertThat(LengthBalance.chosenIsLonger(p)).isTrue();
                case "synthetic:list" ->
                    assertThat(CriterionSynthesis.hasList(p.chosen().requireText()))
                            .isTrue();
                case "synthetic:prose" ->
                    assertThat(CriterionSynthesis.isProse(p.chosen().requireText()))
                            .isTrue();
                case "synthetic:declines" ->
                    assertThat(p.chosen().requireText()).isEqualTo("Sorry, I can't.");
                case "synthetic:complies" ->
                    assertThat(p.chosen().requireText()).startsWith("Use kill");
                default -> {}
            }
            if (Sources.isSynthetic(p)) {
                assertThat(p.group()).isEqualTo(Groups.ofPrompt(p.prompt()));
            }
        }
    }

    @Test
    void list_pairs_are_length_balanced_so_the_list_criterion_is_not_a_length_criterion() {
        List<PreferencePair> ps = new ArrayList<>();
        for (int i = 0; i < 30; i++) { // list longer than prose
            ps.add(Fixtures.text(
                    "LL" + i, "Q" + i, "- first point " + i + "\n- second point\n- third point", "Prose " + i));
        }
        for (int i = 0; i < 6; i++) { // list shorter than prose
            ps.add(Fixtures.text("LS" + i, "P" + i, "- a\n- b", "A long flowing paragraph of prose number " + i));
        }
        TrainingMix.Result r = TrainingMix.builder(new TrainingMix.Options(1, 0, 1, 0))
                .addGeneral("g", ps, false)
                .build();
        MixSummary.SourceCounts list = r.summary().sources().get("synthetic:list");
        assertThat(list.chosenLonger()).isEqualTo(6);
        assertThat(list.chosenShorter()).isEqualTo(6);
        assertThat(list.droppedForLengthBalance()).isEqualTo(24);
    }

    @Test
    void the_mix_is_reproducible_for_a_seed_whatever_the_input_order() {
        List<PreferencePair> ps = alpacaLike();
        List<PreferencePair> shuffled = new ArrayList<>(ps);
        Collections.shuffle(shuffled, new Random(4));
        List<PreferencePair> a = build(3, ps, 0.5).pairs();
        assertThat(build(3, shuffled, 0.5).pairs()).isEqualTo(a);
        assertThat(build(4, ps, 0.5).pairs()).isNotEqualTo(a);
    }

    @Test
    void synthesis_rates_thin_out_synthetic_pairs_and_count_the_rest() {
        var full = build(3, alpacaLike(), 1.0).summary().sources().get("synthetic:concise");
        var half = build(3, alpacaLike(), 0.5).summary().sources().get("synthetic:concise");
        assertThat(half.pairs()).isLessThan(full.pairs()).isPositive();
        assertThat(half.pairs() + half.notSampled()).isEqualTo(full.pairs());
    }
}
