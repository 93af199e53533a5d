package org.omnireward.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScoreResultTest {

    @Test
    void a_scored_item_is_ok_and_returns_its_score() {
        ScoreResult r = ScoreResult.of(2.5);
        assertThat(r.ok()).isTrue();
        assertThat(r.error()).isNull();
        assertThat(r.orThrow()).isEqualTo(2.5);
    }

    @Test
    void a_failed_item_is_not_ok_has_nan_and_throws_its_own_error() {
        InvalidInputException e = new InvalidInputException("bad image");
        ScoreResult r = ScoreResult.failed(e);
        assertThat(r.ok()).isFalse();
        assertThat(r.score()).isNaN();
        assertThat(r.error()).isSameAs(e);
        assertThatThrownBy(r::orThrow).isSameAs(e);
    }

    @Test
    void a_failure_needs_an_error() {
        assertThatThrownBy(() -> ScoreResult.failed(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void a_success_must_be_finite() {
        assertThatThrownBy(() -> ScoreResult.of(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("finite")
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> ScoreResult.of(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ScoreResult(Double.NEGATIVE_INFINITY, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
