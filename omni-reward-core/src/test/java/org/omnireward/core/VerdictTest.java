package org.omnireward.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VerdictTest {

    @Test
    void with_winner_changes_only_the_winner() {
        Verdict v = new Verdict(Side.A, "because", "raw text", new Usage(10, 3));
        Verdict w = v.withWinner(Side.B);
        assertThat(w).isEqualTo(new Verdict(Side.B, "because", "raw text", new Usage(10, 3)));
        assertThat(v.winner()).isEqualTo(Side.A);
    }

    @Test
    void a_missing_usage_is_unknown() {
        assertThat(new Verdict(null, null, null, null).usage()).isEqualTo(Usage.UNKNOWN);
        assertThat(Verdict.tie().usage()).isEqualTo(Usage.UNKNOWN);
    }

    @Test
    void a_tie_has_no_winner_and_mirroring_exchanges_the_sides() {
        assertThat(Verdict.tie().isTie()).isTrue();
        assertThat(Verdict.tie().preferred()).isEmpty();
        assertThat(Verdict.tie().answer()).isEqualTo("tie");
        assertThat(Verdict.of(Side.A).isTie()).isFalse();
        assertThat(Verdict.of(Side.A).preferred()).contains(Side.A);
        assertThat(Verdict.of(Side.A).mirrored()).isEqualTo(Verdict.of(Side.B));
        assertThat(Verdict.of(Side.B).mirrored().answer()).isEqualTo("A");
        assertThat(Verdict.tie().mirrored()).isEqualTo(Verdict.tie());
        Verdict rich = new Verdict(Side.B, "r", "raw", new Usage(1, 2), true, "stop");
        assertThat(rich.mirrored()).isEqualTo(new Verdict(Side.A, "r", "raw", new Usage(1, 2), true, "stop"));
        assertThat(Side.A.other()).isEqualTo(Side.B);
        assertThat(Side.B.other()).isEqualTo(Side.A);
    }
}
