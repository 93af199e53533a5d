package org.omnireward.data.mix;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.omnireward.core.PreferencePair;
import org.omnireward.data.Sources;

/** The quality-vs-length pairs and the criterion flips. */
class QualityPairsTest {

    @Test
    void quality_pairs_pad_repeat_and_remove_the_key_sentence_and_flips_are_found() {
        PreferencePair base = PreferencePair.text(
                "b",
                "g",
                "Be right.",
                "Why is the sky blue?",
                "Rayleigh scattering. Blue light scatters more. So the sky looks blue.",
                "Because.",
                "test:x");
        List<PreferencePair> q = new QualityPairs(42).pairs(base);
        assertThat(q)
                .extracting(Sources::category)
                .containsExactly("synthetic:padded", "synthetic:repeated", "synthetic:key-removed");
        assertThat(q.get(0).rejected().requireText())
                .startsWith(base.chosen().requireText())
                .hasSizeGreaterThan(base.chosen().requireText().length());
        assertThat(q.get(2).rejected().requireText()).isEqualTo("Blue light scatters more. So the sky looks blue.");
        PreferencePair fluent = PreferencePair.text("f", "g", "fluency", "p", "A", "B", "n:1");
        PreferencePair informative = PreferencePair.text("i", "g", "informativeness", "p", "B", "A", "n:2");
        PreferencePair flip = QualityPairs.flip(fluent, informative.id());
        assertThat(flip.id()).isEqualTo("f~flip~i");
        assertThat(Sources.category(flip)).isEqualTo("flip");
        assertThat(flip.chosen()).isEqualTo(fluent.chosen());
        assertThat(flip.criteria()).isEqualTo("fluency");
    }
}
