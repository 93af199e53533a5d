package org.omnireward.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Modality;
import org.omnireward.testing.SharedTestData;

/**
 * Decodes the real third-party audio in {@code ../shared/data/media} to 16 kHz mono (natives and
 * shared files, hence an IT); skipped, with a message in the build log, when that folder is absent.
 * Prints the decode time of each file.
 */
class SharedAudioIT {

    private static Path media(String name) {
        return SharedTestData.file("SharedAudioIT", "media/" + name);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // file,   container, codec,     source rate, channels, seconds
        "1.mp3,    mp3,       mp3,       48000,       2,        4.03",
        "4.mp3,    mp3,       mp3,       44100,       2,        5.00",
        "2.wav,    wav,       pcm_s16le, 16000,       1,        2.90",
        "3.flac,   flac,      flac,      16000,       1,        5.86",
    })
    void decodes_the_shared_audio_files_to_16_khz_mono_with_their_documented_length(
            String file, String container, String codec, int sourceRate, int channels, double seconds)
            throws Exception {
        Path path = media(file);
        long start = System.nanoTime();
        DecodedAudio d = AudioDecoder.decode(path);
        double ms = (System.nanoTime() - start) / 1e6;
        System.out.printf(
                Locale.ROOT,
                "[SharedAudioIT] %s: %s/%s %d Hz x%d -> %.3f s at 16 kHz in %.0f ms%n",
                file,
                d.container(),
                d.codec(),
                d.sourceSampleRate(),
                d.sourceChannels(),
                d.durationSeconds(),
                ms);

        assertThat(d.container()).isEqualTo(container);
        assertThat(d.codec()).isEqualTo(codec);
        assertThat(d.sourceSampleRate()).isEqualTo(sourceRate);
        assertThat(d.sourceChannels()).isEqualTo(channels);
        assertThat(d.clip().sampleRate()).isEqualTo(16_000);
        assertThat(d.durationSeconds()).isCloseTo(seconds, within(0.05));
        assertThat(d.truncated()).isFalse();
        assertThat(d.clip().rms()).as("real sound, not silence").isGreaterThan(0.001);
        for (float v : d.clip().samples()) {
            // decoded MP3 may overshoot full scale a little (1.mp3 peaks at 1.07): kept, not clipped
            assertThat(Float.isFinite(v) && Math.abs(v) < 2f).isTrue();
        }
    }

    @Test
    void the_id3_tagged_mp3_decodes_the_same_from_memory_as_from_disk() throws Exception {
        Path path = media("4.mp3");
        assertThat(new String(Files.readAllBytes(path), 0, 3, java.nio.charset.StandardCharsets.US_ASCII))
                .as("the file starts with an ID3v2 tag")
                .isEqualTo("ID3");
        DecodedAudio fromDisk = AudioDecoder.decode(path);
        DecodedAudio fromMemory =
                AudioDecoder.decode(MediaRef.ofBytes(Files.readAllBytes(path), "4.mp3", Modality.AUDIO));
        assertThat(fromMemory.clip().samples()).containsExactly(fromDisk.clip().samples());
    }

    @Test
    void the_cap_cuts_a_shared_file_short_and_says_so() throws Exception {
        DecodedAudio d = AudioDecoder.decode(media("3.flac"), 16_000, Duration.ofSeconds(2));
        assertThat(d.truncated()).isTrue();
        assertThat(d.clip().samples()).hasSize(32_000);
    }

    @Test
    void the_mp4_whose_sound_is_kept_in_a_separate_mp3_has_no_audio_stream() {
        Path mp4 = media("4.mp4");
        assertThatThrownBy(() -> AudioDecoder.decode(mp4))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("4.mp4")
                .hasMessageContaining("no audio stream");
    }

    @Test
    void a_shared_jpeg_is_not_audio() {
        Path jpg = media("1.jpg");
        assertThatThrownBy(() -> AudioDecoder.decode(jpg))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("1.jpg")
                .hasMessageContaining("no audio stream");
    }
}
