package org.omnireward.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.omnireward.core.PreferencePair;

class CriterionSynthesisTest {

    final CriterionSynthesis synthesis = new CriterionSynthesis(11);

    static final String LIST = "Options:\n- walk\n- cycle\n- take the bus";
    static final String NUMBERED = "1. Preheat the oven.\n2. Mix.\n3) Bake.";
    static final String PROSE = "You can walk, cycle or take the bus; walking is the cheapest and the bus the fastest.";

    @Test
    void concise_prefers_the_shorter_and_detailed_the_longer_response() {
        PreferencePair base = Fixtures.text(
                "b1",
                "How do I get there?",
                "Take the bus.",
                "Take the number 5 bus from the station; it runs every ten minutes and stops right outside.");
        List<PreferencePair> made = synthesis.lengthPairs(base);
        assertThat(made).hasSize(2);
        PreferencePair concise = made.get(0);
        PreferencePair detailed = made.get(1);
        assertThat(CriterionSynthesis.Kind.ofCriterion(concise.criteria())).contains(CriterionSynthesis.Kind.CONCISE);
        assertThat(CriterionSynthesis.Kind.ofCriterion(detailed.criteria())).contains(CriterionSynthesis.Kind.DETAILED);
        assertThat(LengthBalance.isLengthBalanced(concise)).isTrue();
        assertThat(LengthBalance.chosenIsLonger(detailed)).isTrue();
        assertThat(concise.chosen()).isEqualTo(detailed.rejected());
        assertThat(made).allSatisfy(p -> {
            assertThat(p.group()).isEqualTo(base.group());
            assertThat(p.prompt()).isEqualTo(base.prompt());
            assertThat(p.tie()).isFalse();
        });
        assertThat(concise.source()).isEqualTo("synthetic:concise<-fixture:b1");
        assertThat(concise.id()).isEqualTo("synthetic:concise<-b1");
        assertThat(Sources.category(concise)).isEqualTo("synthetic:concise");
    }

    @Test
    void length_criteria_need_a_ratio_of_at_least_one_and_a_half_and_two_nonblank_texts() {
        assertThat(synthesis.lengthPairs(Fixtures.text("a", "Q", "12345678", "123456789012")))
                .hasSize(2); // 1.5x
        assertThat(synthesis.lengthPairs(Fixtures.text("b", "Q", "12345678", "12345678901")))
                .isEmpty(); // 1.375x
        assertThat(synthesis.lengthPairs(Fixtures.text("c", "Q", "   ", "anything at all")))
                .isEmpty();
    }

    @Test
    void ties_can_be_a_base_and_give_decisive_synthetic_pairs() {
        PreferencePair tie = new PreferencePair(
                "t",
                org.omnireward.core.Task.T2T,
                "g",
                Criteria.GENERAL,
                "Q",
                List.of(),
                org.omnireward.core.Response.text("a long long answer"),
                org.omnireward.core.Response.text("short"),
                true,
                "");
        assertThat(synthesis.lengthPairs(tie)).hasSize(2).noneMatch(PreferencePair::tie);
    }

    @Test
    void list_detection_needs_two_item_lines_outside_code_blocks() {
        assertThat(CriterionSynthesis.hasList(LIST)).isTrue();
        assertThat(CriterionSynthesis.hasList(NUMBERED)).isTrue();
        assertThat(CriterionSynthesis.hasList("* one\n* two")).isTrue();
        assertThat(CriterionSynthesis.hasList("• one\n• two")).isTrue();
        assertThat(CriterionSynthesis.hasList("- only one item")).isFalse();
        assertThat(CriterionSynthesis.hasList("**Bold**\n**Also bold**")).isFalse();
        assertThat(CriterionSynthesis.hasList("1.5 is a number\n2.5 is too")).isFalse();
        assertThat(CriterionSynthesis.hasList("```\n- a\n- b\n```")).isFalse();
        assertThat(CriterionSynthesis.isProse(PROSE)).isTrue();
        assertThat(CriterionSynthesis.isProse("Intro\n- one item")).isFalse();
        assertThat(CriterionSynthesis.isProse("Run:\n```\nls\n```")).isFalse();
        assertThat(CriterionSynthesis.isProse("# Title\nText")).isFalse();
    }

    @Test
    void list_criterion_chooses_the_response_that_really_has_the_list_and_prose_the_other() {
        List<PreferencePair> fromListChosen = synthesis.formatPairs(Fixtures.text("f1", "How?", LIST, PROSE));
        List<PreferencePair> fromProseChosen = synthesis.formatPairs(Fixtures.text("f2", "How?", PROSE, NUMBERED));
        for (List<PreferencePair> made : List.of(fromListChosen, fromProseChosen)) {
            assertThat(made).hasSize(2);
            assertThat(CriterionSynthesis.Kind.ofCriterion(made.get(0).criteria()))
                    .contains(CriterionSynthesis.Kind.LIST);
            assertThat(CriterionSynthesis.hasList(made.get(0).chosen().requireText()))
                    .isTrue();
            assertThat(CriterionSynthesis.hasList(made.get(0).rejected().requireText()))
                    .isFalse();
            assertThat(CriterionSynthesis.Kind.ofCriterion(made.get(1).criteria()))
                    .contains(CriterionSynthesis.Kind.PROSE);
            assertThat(CriterionSynthesis.isProse(made.get(1).chosen().requireText()))
                    .isTrue();
        }
        assertThat(synthesis.formatPairs(Fixtures.text("f3", "How?", LIST, NUMBERED)))
                .isEmpty();
        assertThat(synthesis.formatPairs(Fixtures.text("f4", "How?", LIST, "Run:\n```\nls\n```")))
                .isEmpty();
    }

    @Test
    void declines_and_complies_follow_the_human_labels_and_leave_partial_refusals_out() {
        var comply = new XsTestReader.Completion(
                "v2-1",
                "homonyms",
                "Kill a process?",
                "a",
                "Use kill.",
                XsTestReader.Label.FULL_COMPLIANCE,
                "a.csv",
                2);
        var refuse = new XsTestReader.Completion(
                "v2-1",
                "homonyms",
                "Kill a process?",
                "b",
                "I can't help.",
                XsTestReader.Label.FULL_REFUSAL,
                "b.csv",
                2);
        var partial = new XsTestReader.Completion(
                "v2-1",
                "homonyms",
                "Kill a process?",
                "c",
                "Hmm, maybe.",
                XsTestReader.Label.PARTIAL_REFUSAL,
                "c.csv",
                2);
        List<PreferencePair> made = synthesis.refusalPairs(List.of(comply, refuse, partial));
        assertThat(made).hasSize(2);
        assertThat(CriterionSynthesis.Kind.ofCriterion(made.get(0).criteria()))
                .contains(CriterionSynthesis.Kind.DECLINES);
        assertThat(made.get(0).chosen().requireText()).isEqualTo("I can't help.");
        assertThat(CriterionSynthesis.Kind.ofCriterion(made.get(1).criteria()))
                .contains(CriterionSynthesis.Kind.COMPLIES);
        assertThat(made.get(1).chosen().requireText()).isEqualTo("Use kill.");
        assertThat(made.get(0).source()).isEqualTo("synthetic:declines<-xstest:v2-1/b>a");
        assertThat(made.get(0).group()).isEqualTo(Groups.ofPrompt("Kill a process?"));
    }

    @Test
    void every_kind_has_five_or_more_distinct_paraphrases_chosen_reproducibly_by_seed() {
        for (CriterionSynthesis.Kind k : CriterionSynthesis.Kind.values()) {
            assertThat(k.paraphrases()).hasSizeGreaterThanOrEqualTo(5).doesNotHaveDuplicates();
        }
        Set<String> used = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String c = synthesis.criterion(CriterionSynthesis.Kind.CONCISE, "id" + i);
            assertThat(new CriterionSynthesis(11).criterion(CriterionSynthesis.Kind.CONCISE, "id" + i))
                    .isEqualTo(c);
            used.add(c);
        }
        assertThat(used).containsExactlyInAnyOrderElementsOf(CriterionSynthesis.Kind.CONCISE.paraphrases());
        long differ = java.util.stream.IntStream.range(0, 50)
                .filter(i -> !new CriterionSynthesis(12)
                        .criterion(CriterionSynthesis.Kind.LIST, "id" + i)
                        .equals(synthesis.criterion(CriterionSynthesis.Kind.LIST, "id" + i)))
                .count();
        assertThat(differ).isGreaterThan(10);
    }
}
