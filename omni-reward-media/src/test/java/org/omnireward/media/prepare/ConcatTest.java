package org.omnireward.media.prepare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.omnireward.core.InvalidInputException;
import org.omnireward.media.AudioClip;
import org.omnireward.media.Wav;

/** Joining prepared clips (pure Java: WAV bytes in, WAV bytes out). */
class ConcatTest {

    private final MediaPreparer media = MediaPreparer.withDefaults();

    @AfterEach
    void close() {
        media.close();
    }

    private static PreparedAudio wav(AudioClip clip, String name) {
        return new PreparedAudio(Wav.toBytes(clip), clip.durationSeconds(), name);
    }

    @Test
    void clips_are_joined_with_exactly_one_second_of_silence() {
        PreparedAudio a = wav(AudioClip.sine(440, 0.25, 16000, 0.5), "a.wav");
        PreparedAudio b = wav(AudioClip.sine(880, 0.5, 16000, 0.5), "b.mp3");
        PreparedAudio both = media.concat(a, b);
        assertThat(both.seconds()).isCloseTo(1.75, within(1e-9));
        assertThat(both.wav().length).isEqualTo(44 + 2 * 28_000);
        ByteBuffer pcm = ByteBuffer.wrap(both.wav(), 44, both.wav().length - 44).order(ByteOrder.LITTLE_ENDIAN);
        short[] s = new short[28_000];
        pcm.asShortBuffer().get(s);
        assertThat(Arrays.copyOfRange(s, 0, 4000))
                .isEqualTo(Wav.toPcm16(AudioClip.sine(440, 0.25, 16000, 0.5).samples()));
        for (int i = 4000; i < 20_000; i++) {
            assertThat(s[i]).isZero();
        }
        assertThat(Arrays.copyOfRange(s, 20_000, 28_000))
                .isEqualTo(Wav.toPcm16(AudioClip.sine(880, 0.5, 16000, 0.5).samples()));
        assertThat(both.source()).isEqualTo("a.wav + b.mp3");
    }

    @Test
    void only_16khz_mono_16_bit_wav_is_joined() {
        PreparedAudio ok = wav(AudioClip.silence(0.1, 16000), "ok");
        assertThatThrownBy(() -> media.concat(ok, wav(AudioClip.silence(0.1, 44100), "cd.wav")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("cd.wav");
        assertThatThrownBy(() -> media.concat(new PreparedAudio("not a wav".getBytes(), 0, "txt"), ok))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("txt");
    }

    @Test
    void damaged_wav_headers_never_escape_as_runtime_errors() {
        SplittableRandom random = new SplittableRandom(5);
        byte[] good = Wav.toBytes(AudioClip.sine(440, 0.01, 16000, 0.5));
        for (int i = 0; i < 3000; i++) {
            byte[] b = good.clone();
            for (int k = 0; k < 3; k++) {
                b[12 + random.nextInt(40)] = (byte) random.nextInt(256);
            }
            byte[] cut = Arrays.copyOf(b, random.nextInt(b.length + 1));
            try {
                media.concat(new PreparedAudio(cut, 0, "fuzz"), new PreparedAudio(good, 0.01, "good"));
            } catch (InvalidInputException expected) {
                assertThat(expected).hasMessageContaining("fuzz");
            }
        }
    }
}
