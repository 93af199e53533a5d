package org.omnireward.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.omnireward.core.PairwiseRequest;
import org.omnireward.core.Preference;
import org.omnireward.core.Usage;
import org.omnireward.core.Verdict;

class ResponseOrderTest {

    @Test
    void swapped_is_deterministic_per_seed_and_key() {
        for (int i = 0; i < 200; i++) {
            assertThat(ResponseOrder.swapped(42, "s" + i, "no_ties"))
                    .isEqualTo(ResponseOrder.swapped(42, "s" + i, "no_ties"));
        }
    }

    @Test
    void swapped_is_about_fair_over_2000_keys() {
        int swapped = 0;
        for (int i = 0; i < 2000; i++) {
            if (ResponseOrder.swapped(0, "sample-" + i, "with_ties")) {
                swapped++;
            }
        }
        // binomial(2000, 0.5): sd ~22; allow ~6 sd
        assertThat(swapped).isBetween(870, 1130);
    }

    @Test
    void swapped_depends_on_the_seed_and_on_every_key_part() {
        int seedDiffers = 0;
        int partDiffers = 0;
        for (int i = 0; i < 2000; i++) {
            boolean base = ResponseOrder.swapped(0, "s" + i, "no_ties");
            if (base != ResponseOrder.swapped(1, "s" + i, "no_ties")) {
                seedDiffers++;
            }
            if (base != ResponseOrder.swapped(0, "s" + i, "with_ties")) {
                partDiffers++;
            }
        }
        assertThat(seedDiffers).isBetween(870, 1130);
        assertThat(partDiffers).isBetween(870, 1130);
    }

    @Test
    void judge_without_swap_shows_the_request_as_is_and_returns_the_verdict_unchanged() {
        PairwiseRequest r = FakeModels.pair("short", "long answer", false);
        FakeModels.Judge judge = new FakeModels.Judge(q -> Verdict.of(Preference.RESPONSE1));
        assertThat(ResponseOrder.judge(judge, r, false).preference()).isEqualTo(Preference.RESPONSE1);
        assertThat(judge.seen).containsExactly(r);
    }

    @Test
    void judge_with_swap_really_shows_the_swapped_request_and_maps_the_verdict_back() {
        PairwiseRequest r = FakeModels.pair("short", "long answer", false);
        // a judge that prefers the longer response, wherever it is shown
        FakeModels.Judge judge = new FakeModels.Judge(q -> new Verdict(
                q.responseA().requireText().length()
                                > q.responseB().requireText().length()
                        ? Preference.RESPONSE1
                        : Preference.RESPONSE2,
                "longer is better",
                "raw",
                new Usage(5, 1)));

        Verdict v = ResponseOrder.judge(judge, r, true);

        assertThat(judge.seen).containsExactly(r.swapped());
        assertThat(judge.seen.get(0).responseA().requireText()).isEqualTo("long answer");
        // the model said RESPONSE1 (A = "long answer"), which is the caller's response B
        assertThat(v.preference()).isEqualTo(Preference.RESPONSE2);
        assertThat(v.rationale()).isEqualTo("longer is better");
        assertThat(v.rawOutput()).isEqualTo("raw");
        assertThat(v.usage()).isEqualTo(new Usage(5, 1));
        assertThat(ResponseOrder.judge(judge, r, false).preference()).isEqualTo(Preference.RESPONSE2);
    }

    @Test
    void a_tie_stays_a_tie_when_swapped() {
        FakeModels.Judge judge = new FakeModels.Judge(q -> Verdict.of(Preference.TIE));
        assertThat(ResponseOrder.judge(judge, FakeModels.pair("a", "b", true), true)
                        .preference())
                .isEqualTo(Preference.TIE);
    }

    @Test
    void a_missing_verdict_is_an_error_naming_the_model() {
        FakeModels.Judge judge = new FakeModels.Judge(q -> null);
        assertThatThrownBy(() -> ResponseOrder.judge(judge, FakeModels.pair("a", "b", true), true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("fake-judge");
    }
}
