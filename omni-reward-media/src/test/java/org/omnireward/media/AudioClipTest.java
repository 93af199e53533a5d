package org.omnireward.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.omnireward.core.InvalidInputException;

/** Test and demo sounds and their measures; no natives needed. */
class AudioClipTest {

    @Test
    void sine_tone_has_its_frequency_as_dominant_frequency() {
        assertThat(AudioClip.sine(2000, 1, 16_000, 0.5).dominantFrequencyHz()).isCloseTo(2000, within(4.0));
        assertThat(AudioClip.sine(200, 1, 16_000, 0.5).dominantFrequencyHz()).isCloseTo(200, within(4.0));
        assertThat(AudioClip.silence(1, 16_000).dominantFrequencyHz()).isZero();
    }

    @Test
    void white_noise_is_repeatable_for_a_seed_and_differs_between_seeds() {
        AudioClip a = AudioClip.whiteNoise(0.1, 16_000, 0.5, 7);
        AudioClip b = AudioClip.whiteNoise(0.1, 16_000, 0.5, 7);
        AudioClip c = AudioClip.whiteNoise(0.1, 16_000, 0.5, 8);
        assertThat(a.samples()).containsExactly(b.samples());
        assertThat(a.samples()).isNotEqualTo(c.samples());
        assertThat(a.rms()).isCloseTo(0.5 / Math.sqrt(3), within(0.03));
        for (float v : a.samples()) {
            assertThat(Math.abs(v)).isLessThanOrEqualTo(0.5f);
        }
    }

    @Test
    void concat_puts_the_requested_silence_between_the_clips() {
        AudioClip a = AudioClip.sine(1000, 0.25, 16_000, 0.5);
        AudioClip b = AudioClip.whiteNoise(0.5, 16_000, 0.5, 1);
        AudioClip joined = AudioClip.concat(a, b, 1.0);
        assertThat(joined.samples()).hasSize(4_000 + 16_000 + 8_000);
        assertThat(joined.durationSeconds()).isCloseTo(1.75, within(1e-9));
        for (int i = 4_000; i < 20_000; i++) {
            assertThat(joined.samples()[i]).isZero();
        }
        assertThat(joined.samples()[20_000]).isEqualTo(b.samples()[0]);
        assertThat(joined.samples()[3_999]).isEqualTo(a.samples()[3_999]);
    }

    @Test
    void concat_rejects_clips_of_different_rates() {
        assertThatThrownBy(() -> AudioClip.concat(AudioClip.silence(1, 16_000), AudioClip.silence(1, 44_100), 1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("16000 Hz and 44100 Hz");
    }
}
