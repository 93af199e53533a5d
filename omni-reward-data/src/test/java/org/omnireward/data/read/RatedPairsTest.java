package org.omnireward.data.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RatedPairsTest {

    private record Rated(String name, double rating) {}

    private static List<String> pairs(List<Rated> candidates, double minGap) {
        List<String> out = new ArrayList<>();
        RatedPairs.forEach(candidates, Rated::rating, minGap, (c, r) -> out.add(c.name() + ">" + r.name()));
        return out;
    }

    @Test
    void every_two_candidates_far_enough_apart_make_a_pair_in_candidate_order_the_better_chosen() {
        List<Rated> c = List.of(new Rated("a", 2), new Rated("b", 5), new Rated("c", 4), new Rated("d", 1));
        assertThat(pairs(c, 2)).containsExactly("b>a", "c>a", "b>d", "c>d");
        assertThat(pairs(c, 3)).containsExactly("b>a", "b>d", "c>d");
    }

    @Test
    void a_gap_allows_for_rounding_unrated_candidates_make_no_pair_and_a_tie_chooses_the_later() {
        // 0.7 - 0.4 is 0.29999999999999993 in doubles
        List<Rated> c = List.of(new Rated("a", 0.7), new Rated("b", 0.4), new Rated("n", Double.NaN));
        assertThat(pairs(c, 0.3)).containsExactly("a>b");
        List<Rated> tie = List.of(new Rated("x", 3), new Rated("y", 3));
        assertThat(pairs(tie, 0)).containsExactly("y>x");
        assertThat(pairs(tie, 1)).isEmpty();
    }
}
