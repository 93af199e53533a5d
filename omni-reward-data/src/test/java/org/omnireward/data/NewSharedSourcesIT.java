package org.omnireward.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.omnireward.core.PreferencePair;
import org.omnireward.testing.SharedTestData;

/** The four sources added for the cross-encoder reward model, read in place from ../shared/data. */
class NewSharedSourcesIT {

    private static Path dir(String relative) {
        return SharedTestData.require("NewSharedSourcesIT")
                .resolve("text-preferences")
                .resolve(relative);
    }

    @Test
    void arena_bench_pairs_graded_answers_three_points_apart() {
        ReadResult r = new ArenaBenchReader(dir("arena-bench-v1"), 3).readAll();
        System.out.println("[arena-bench] " + r.summary());
        assertThat(r.pairs().size()).isBetween(5_000, 15_000);
        PreferencePair p = r.pairs().get(0);
        assertThat(p.criteria()).isEqualTo(ArenaBenchReader.CRITERION);
        assertThat(p.chosen().requireText()).isNotEqualTo(p.rejected().requireText());
    }

    @Test
    void finegrained_qa_gives_six_judgements_per_question_ties_included() {
        ReadResult r = new FineGrainedQaReader(dir("finegrained-rlhf-qa/dev_feedback.json")).readAll();
        System.out.println("[finegrained-qa] " + r.summary());
        assertThat(r.pairs().size() + r.skippedCount()).isEqualTo(500 * 6);
        assertThat(r.decisivePairs().size()).isBetween(2_000, 3_000);
        assertThat(r.ties()).isPositive();
    }

    @Test
    void newsroom_pairs_carry_their_own_criterion() {
        ReadResult r = new NewsroomReader(dir("newsroom-humaneval/newsroom.json"), 1.0).readAll();
        System.out.println("[newsroom] " + r.summary());
        assertThat(r.pairs()).isNotEmpty();
        assertThat(r.pairs().stream().map(PreferencePair::criteria).distinct().count())
                .isEqualTo(4);
        assertThat(r.pairs().get(0).criteria()).startsWith("Prefer the summary that is better on ");
        assertThat(r.pairs().get(0).prompt()).startsWith("Summarise this news article.");
        assertThat(r.pairs().get(0).chosen().requireText()).doesNotContain("###");
        List<PreferencePair> flips =
                QualityPairs.criterionFlips(new NewsroomReader(dir("newsroom-humaneval/newsroom.json"), 0.6)
                        .readAll()
                        .pairs());
        System.out.println("[newsroom] criterion flips at gap 0.6: " + flips.size());
        assertThat(flips).isNotEmpty();
    }

    @Test
    void wmt_mqm_pairs_prefer_the_translation_with_fewer_weighted_errors_and_drop_the_error_marks() {
        ReadResult r = new WmtMqmReader(dir("wmt-mqm-ted/mqm_ted_ende.tsv"), 5).readAll();
        System.out.println("[wmt-mqm ende] " + r.summary());
        assertThat(r.pairs().size()).isGreaterThan(1_000);
        assertThat(r.pairs()).allSatisfy(p -> {
            assertThat(p.chosen().requireText()).doesNotContain("<v>", "</v>");
            assertThat(p.prompt()).startsWith("Translate from English into German:");
        });
    }
}
