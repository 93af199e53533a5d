package org.omnireward.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.InvalidInputException;

class WavTest {

    @TempDir
    Path dir;

    @Test
    void written_wav_reads_back_with_same_header_and_samples() throws Exception {
        AudioClip tone = AudioClip.sine(440, 0.5, 16_000, 0.8);
        Path file = dir.resolve("sub/tone.wav");
        Wav.write(tone, file);

        Wav.Header h = Wav.readHeader(file);
        assertThat(h.audioFormat()).isEqualTo(1);
        assertThat(h.channels()).isEqualTo(1);
        assertThat(h.sampleRate()).isEqualTo(16_000);
        assertThat(h.bitsPerSample()).isEqualTo(16);
        assertThat(h.frames()).isEqualTo(8_000);
        assertThat(Files.size(file)).isEqualTo(44 + 2 * 8_000);

        AudioClip back = Wav.read(file);
        assertThat(back.sampleRate()).isEqualTo(16_000);
        assertThat(Wav.toPcm16(back.samples())).containsExactly(Wav.toPcm16(tone.samples()));
        for (int i = 0; i < tone.samples().length; i += 97) {
            assertThat(back.samples()[i]).isCloseTo(tone.samples()[i], within(1e-4f));
        }
    }

    @Test
    void samples_outside_full_scale_are_clipped_not_wrapped() {
        short[] pcm = Wav.toPcm16(new float[] {1.5f, -2f, 0.5f});
        assertThat(pcm).containsExactly((short) 32767, (short) -32768, (short) 16384);
    }

    @Test
    void reads_24_bit_stereo_with_extra_chunks_as_mono_average() {
        // fmt (24-bit, 2 channels, 8 kHz), a LIST chunk of odd size (padded), then data
        ByteBuffer b = ByteBuffer.allocate(12 + 24 + 8 + 4 + 8 + 12).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(b.capacity() - 8).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 2)
                .putInt(8000).putInt(8000 * 6).putShort((short) 6).putShort((short) 24);
        b.put("LIST".getBytes(StandardCharsets.US_ASCII)).putInt(3).put(new byte[] {1, 2, 3, 0});
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(12);
        put24(b, 4_194_304);  // frame 0 left  = +0.5
        put24(b, 0);          // frame 0 right = 0
        put24(b, -8_388_608); // frame 1 left  = -1
        put24(b, -8_388_608); // frame 1 right = -1
        AudioClip clip = Wav.read(b.array(), "fixture.wav");
        assertThat(clip.sampleRate()).isEqualTo(8000);
        assertThat(clip.samples()).containsExactly(0.25f, -1f);
    }

    @Test
    void reads_32_bit_float_wav() {
        ByteBuffer b = ByteBuffer.allocate(44 + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(44).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 3).putShort((short) 1)
                .putInt(22050).putInt(22050 * 4).putShort((short) 4).putShort((short) 32);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(8).putFloat(0.125f).putFloat(-0.75f);
        AudioClip clip = Wav.read(b.array(), "float.wav");
        assertThat(clip.sampleRate()).isEqualTo(22050);
        assertThat(clip.samples()).containsExactly(0.125f, -0.75f);
    }

    @Test
    void rejects_a_file_that_is_not_wav_naming_it() throws Exception {
        Path file = dir.resolve("not-audio.wav");
        Files.writeString(file, "hello, this is text and not audio");
        assertThatThrownBy(() -> Wav.read(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not-audio.wav")
                .hasMessageContaining("RIFF/WAVE");
    }

    @Test
    void rejects_unsupported_encoding_saying_what_is_supported() {
        byte[] wav = Wav.pcm16Bytes(new short[] {1, 2}, 8000);
        ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).putShort(20, (short) 6); // A-law
        assertThatThrownBy(() -> Wav.read(wav, "alaw.wav"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("alaw.wav")
                .hasMessageContaining("format 6");
    }

    @Test
    void missing_file_is_reported_as_such() {
        assertThatThrownBy(() -> Wav.read(dir.resolve("absent.wav"))).isInstanceOf(NoSuchFileException.class);
    }

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

    private static void put24(ByteBuffer b, int v) {
        b.put((byte) v).put((byte) (v >> 8)).put((byte) (v >> 16));
    }
}
