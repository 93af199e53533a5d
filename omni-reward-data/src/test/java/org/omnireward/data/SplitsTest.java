package org.omnireward.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.PreferencePair;
import org.omnireward.data.testing.PreferenceFixtures;

class SplitsTest {

    /** 400 prompts, each with 5 pairs (as instructions recur across AlpacaEval files). */
    private static List<PreferencePair> pairs() {
        List<PreferencePair> out = new ArrayList<>();
        for (int q = 0; q < 400; q++) {
            for (int k = 0; k < 5; k++) {
                out.add(PreferenceFixtures.text("q" + q + "-" + k, "Question number " + q, "a" + k, "b" + k));
            }
        }
        return out;
    }

    @Test
    void no_group_is_on_both_sides() {
        Splits.Split s = Splits.split(pairs(), 7, 0.1);
        Set<String> train = new HashSet<>();
        s.train().forEach(p -> train.add(p.group()));
        assertThat(s.valid()).isNotEmpty().noneMatch(p -> train.contains(p.group()));
        assertThat(s.stats().trainGroups() + s.stats().validGroups()).isEqualTo(400);
        assertThat(s.stats().trainPairs() + s.stats().validPairs()).isEqualTo(2000);
    }

    @Test
    void the_valid_share_of_groups_is_close_to_the_fraction() {
        Splits.Stats st = Splits.split(pairs(), 7, 0.1).stats();
        assertThat(st.validGroups() / 400.0).isBetween(0.06, 0.14);
        assertThat(st.validPairFraction()).isBetween(0.06, 0.14);
    }

    @Test
    void the_split_depends_on_seed_but_not_on_order() {
        List<PreferencePair> ps = pairs();
        List<PreferencePair> shuffled = new ArrayList<>(ps);
        Collections.shuffle(shuffled, new Random(3));
        Set<String> a = ids(Splits.split(ps, 7, 0.1).valid());
        assertThat(ids(Splits.split(shuffled, 7, 0.1).valid())).isEqualTo(a);
        assertThat(ids(Splits.split(ps, 8, 0.1).valid())).isNotEqualTo(a);
    }

    @Test
    void fraction_zero_puts_everything_in_training_and_bad_fractions_are_refused() {
        assertThat(Splits.split(pairs(), 1, 0).valid()).isEmpty();
        assertThatThrownBy(() -> Splits.split(pairs(), 1, 1.0)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Splits.side("g", 1, -0.1)).isInstanceOf(InvalidInputException.class);
    }

    private static Set<String> ids(List<PreferencePair> ps) {
        return new HashSet<>(PreferenceFixtures.ids(ps));
    }
}
