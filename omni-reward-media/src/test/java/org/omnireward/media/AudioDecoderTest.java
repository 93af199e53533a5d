package org.omnireward.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Modality;

/** The checks {@link AudioDecoder} makes before FFmpeg is involved (no natives are loaded here). */
class AudioDecoderTest {

    @TempDir
    Path dir;

    @Test
    void a_missing_file_is_reported_as_missing_with_its_name() {
        assertThatThrownBy(() -> AudioDecoder.decode(dir.resolve("absent.wav")))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("absent.wav")
                .hasMessageContaining("not found");
    }

    @Test
    void a_missing_file_under_a_media_root_names_the_relative_path() {
        MediaRef ref = MediaRef.underRoot(dir, "clips/absent.mp3", Modality.AUDIO);
        assertThatThrownBy(() -> AudioDecoder.decode(ref))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("clips/absent.mp3");
    }

    @Test
    void an_empty_file_or_empty_bytes_are_refused_as_empty() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.flac"));
        assertThatThrownBy(() -> AudioDecoder.decode(empty))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("empty.flac")
                .hasMessageContaining("empty (0 bytes)");
        assertThatThrownBy(() -> AudioDecoder.decode(MediaRef.ofBytes(new byte[0], "upload.ogg", Modality.AUDIO)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("upload.ogg")
                .hasMessageContaining("empty");
    }

    @Test
    void a_folder_is_not_audio() {
        assertThatThrownBy(() -> AudioDecoder.decode(dir))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not a regular file");
    }

    @Test
    void a_wav_cut_in_half_is_refused_as_truncated_naming_the_file() throws Exception {
        byte[] wav = Wav.toBytes(AudioClip.sine(440, 1.0, 16_000, 0.5));
        Path half = Files.write(dir.resolve("half.wav"), Arrays.copyOf(wav, wav.length / 2));
        assertThatThrownBy(() -> AudioDecoder.decode(half))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("half.wav")
                .hasMessageContaining("truncated")
                .hasMessageContaining(wav.length + " bytes")
                .hasMessageContaining("50%");
        MediaRef inMemory = MediaRef.ofBytes(Arrays.copyOf(wav, wav.length / 2), "half-upload.wav", Modality.AUDIO);
        assertThatThrownBy(() -> AudioDecoder.decode(inMemory))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("half-upload.wav")
                .hasMessageContaining("truncated");
    }

    @Test
    void riff_sizes_that_mean_unknown_or_count_the_chunk_header_are_accepted() {
        byte[] wav = Wav.toBytes(AudioClip.silence(0.01, 8_000));
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        assertThatCode(() -> AudioDecoder.checkRiffComplete(wav, wav.length, "ok.wav"))
                .doesNotThrowAnyException();
        b.putInt(4, wav.length); // a writer that counted the 8-byte chunk header too
        assertThatCode(() -> AudioDecoder.checkRiffComplete(wav, wav.length, "plus8.wav"))
                .doesNotThrowAnyException();
        b.putInt(4, 0xFFFF_FFFF); // streamed: size unknown
        assertThatCode(() -> AudioDecoder.checkRiffComplete(wav, wav.length, "stream.wav"))
                .doesNotThrowAnyException();
        b.putInt(4, 0);
        assertThatCode(() -> AudioDecoder.checkRiffComplete(wav, wav.length, "zero.wav"))
                .doesNotThrowAnyException();
        assertThatCode(() -> AudioDecoder.checkRiffComplete("ID3".getBytes(), 3, "tag.mp3"))
                .doesNotThrowAnyException();
    }

    @Test
    void target_rate_and_duration_cap_are_validated() throws Exception {
        Path wav = dir.resolve("tone.wav");
        Wav.write(AudioClip.sine(440, 0.1, 16_000, 0.5), wav);
        assertThatThrownBy(() -> AudioDecoder.decode(wav, 10, Duration.ofSeconds(1)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("between 1000 and 384000 Hz, got 10");
        assertThatThrownBy(() -> AudioDecoder.decode(wav, 16_000, Duration.ZERO))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("must be positive");
        assertThatThrownBy(() -> AudioDecoder.decode(wav, 16_000, Duration.ofSeconds(-1)))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> AudioDecoder.decode(wav, 48_000, Duration.ofDays(2)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("exceeds what one clip can hold");
        assertThat(AudioDecoder.DEFAULT_SAMPLE_RATE).isEqualTo(16_000);
    }
}
