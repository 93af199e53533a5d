package org.omnireward.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.InvalidInputException;

/** Our small WAV writer; decoding what it writes is covered by {@code AudioDecoderIT}. */
class WavTest {

    @TempDir
    Path dir;

    @Test
    void writes_a_44_byte_pcm16_mono_header_and_the_samples_little_endian() throws Exception {
        AudioClip tone = AudioClip.sine(440, 0.5, 16_000, 0.8);
        Path file = dir.resolve("sub/tone.wav");
        Wav.write(tone, file);

        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes).hasSize(44 + 2 * 8_000);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(ascii(bytes, 0)).isEqualTo("RIFF");
        assertThat(b.getInt(4)).isEqualTo(bytes.length - 8);
        assertThat(ascii(bytes, 8)).isEqualTo("WAVE");
        assertThat(ascii(bytes, 12)).isEqualTo("fmt ");
        assertThat(b.getInt(16)).isEqualTo(16);
        assertThat(b.getShort(20)).isEqualTo((short) 1); // PCM
        assertThat(b.getShort(22)).isEqualTo((short) 1); // mono
        assertThat(b.getInt(24)).isEqualTo(16_000); // sample rate
        assertThat(b.getInt(28)).isEqualTo(32_000); // byte rate
        assertThat(b.getShort(32)).isEqualTo((short) 2); // block align
        assertThat(b.getShort(34)).isEqualTo((short) 16); // bits per sample
        assertThat(ascii(bytes, 36)).isEqualTo("data");
        assertThat(b.getInt(40)).isEqualTo(16_000);
        short[] pcm = Wav.toPcm16(tone.samples());
        for (int i = 0; i < pcm.length; i += 101) {
            assertThat(b.getShort(44 + 2 * i)).isEqualTo(pcm[i]);
        }
    }

    @Test
    void samples_outside_full_scale_are_clipped_not_wrapped() {
        short[] pcm = Wav.toPcm16(new float[] {1.5f, -2f, 0.5f});
        assertThat(pcm).containsExactly((short) 32767, (short) -32768, (short) 16384);
    }

    @Test
    void to_bytes_and_write_give_the_same_bytes() throws Exception {
        AudioClip noise = AudioClip.whiteNoise(0.05, 8_000, 0.3, 3);
        Path file = dir.resolve("noise.wav");
        Wav.write(noise, file);
        assertThat(Files.readAllBytes(file)).isEqualTo(Wav.toBytes(noise));
    }

    @Test
    void rejects_a_non_positive_sample_rate() {
        assertThatThrownBy(() -> Wav.pcm16Bytes(new short[] {1}, 0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("sample rate");
    }

    private static String ascii(byte[] bytes, int at) {
        return new String(bytes, at, 4, StandardCharsets.US_ASCII);
    }
}
