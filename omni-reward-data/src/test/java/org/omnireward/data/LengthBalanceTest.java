package org.omnireward.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.omnireward.core.PreferencePair;

class LengthBalanceTest {

    @Test
    void length_balanced_means_the_chosen_is_strictly_shorter() {
        assertThat(LengthBalance.isLengthBalanced(Fixtures.text("a", "Q", "short", "much longer")))
                .isTrue();
        assertThat(LengthBalance.isLengthBalanced(Fixtures.text("b", "Q", "much longer", "short")))
                .isFalse();
        assertThat(LengthBalance.isLengthBalanced(Fixtures.text("c", "Q", "same", "four")))
                .isFalse();
        assertThat(LengthBalance.direction(Fixtures.text("d", "Q", "  x  ", "yy")))
                .isEqualTo(LengthBalance.Direction.CHOSEN_SHORTER);
    }

    private static List<PreferencePair> skewed() {
        List<PreferencePair> ps = new ArrayList<>();
        for (int i = 0; i < 84; i++) {
            ps.add(Fixtures.text("L" + i, "Q" + i, "a longer answer " + i, "short"));
        }
        for (int i = 0; i < 16; i++) {
            ps.add(Fixtures.text("S" + i, "P" + i, "brief", "a longer answer " + i));
        }
        ps.add(Fixtures.text("E", "E", "same", "size"));
        ps.add(new PreferencePair(
                "T",
                org.omnireward.core.Task.T2T,
                "g",
                "c",
                "p",
                List.of(),
                org.omnireward.core.Response.text("a long tie"),
                org.omnireward.core.Response.text("x"),
                true,
                ""));
        return ps;
    }

    @Test
    void balancing_keeps_equal_numbers_of_longer_and_shorter_chosen_and_keeps_equal_lengths_and_ties() {
        List<PreferencePair> b = LengthBalance.balance(skewed(), 5);
        assertThat(b.stream().filter(p -> !p.tie()).filter(LengthBalance::chosenIsLonger))
                .hasSize(16);
        assertThat(b.stream().filter(LengthBalance::isLengthBalanced)).hasSize(16);
        assertThat(Fixtures.ids(b)).contains("E", "T");
        assertThat(LengthBalance.chosenLongerFraction(
                        b.stream().filter(p -> !p.tie()).toList()))
                .isEqualTo(0.5);
        assertThat(LengthBalance.chosenLongerFraction(skewed())).isGreaterThan(0.8);
    }

    @Test
    void balancing_is_seeded_and_ignores_input_order() {
        List<PreferencePair> ps = skewed();
        List<PreferencePair> shuffled = new ArrayList<>(ps);
        Collections.shuffle(shuffled, new Random(9));
        List<String> a =
                Fixtures.ids(LengthBalance.balance(ps, 5)).stream().sorted().toList();
        assertThat(Fixtures.ids(LengthBalance.balance(shuffled, 5)).stream()
                        .sorted()
                        .toList())
                .isEqualTo(a);
        assertThat(Fixtures.ids(LengthBalance.balance(ps, 6)).stream().sorted().toList())
                .isNotEqualTo(a);
    }
}
