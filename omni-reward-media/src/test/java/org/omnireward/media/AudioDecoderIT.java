package org.omnireward.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Modality;

/** Decodes fixtures made here (our WAV writer, FFmpeg's encoders) back through FFmpeg: natives, hence an IT. */
class AudioDecoderIT {

    private static final Duration CAP = AudioDecoder.DEFAULT_MAX_DURATION;

    @TempDir
    Path dir;

    @Test
    void a_written_tone_decodes_back_sample_for_sample_at_its_own_rate() throws Exception {
        AudioClip tone = AudioClip.sine(440, 0.5, 16_000, 0.8);
        Path file = dir.resolve("tone.wav");
        Wav.write(tone, file);

        DecodedAudio d = AudioDecoder.decode(file);

        assertThat(d.container()).isEqualTo("wav");
        assertThat(d.codec()).isEqualTo("pcm_s16le");
        assertThat(d.sourceSampleRate()).isEqualTo(16_000);
        assertThat(d.sourceChannels()).isEqualTo(1);
        assertThat(d.truncated()).isFalse();
        assertThat(d.name()).endsWith("tone.wav");
        assertThat(d.clip().sampleRate()).isEqualTo(16_000);
        assertThat(Wav.toPcm16(d.clip().samples())).containsExactly(Wav.toPcm16(tone.samples()));
        assertThat(d.clip().dominantFrequencyHz()).isCloseTo(440, within(2.0));
    }

    @Test
    void a_44_1_khz_tone_is_resampled_to_16_khz_keeping_length_pitch_and_level() throws Exception {
        Path file = dir.resolve("cd-rate.wav");
        Wav.write(AudioClip.sine(1000, 1.5, 44_100, 0.5), file);

        AudioClip clip = AudioDecoder.decode(file).clip();

        assertThat(clip.sampleRate()).isEqualTo(16_000);
        assertThat(clip.samples().length).isCloseTo(24_000, within(40));
        assertThat(clip.dominantFrequencyHz()).isCloseTo(1000, within(2.0));
        assertThat(clip.rms()).isCloseTo(0.5 / Math.sqrt(2), within(0.01));
    }

    @Test
    void decodes_to_the_rate_asked_for() throws Exception {
        Path file = dir.resolve("tone.wav");
        Wav.write(AudioClip.sine(300, 1.0, 16_000, 0.5), file);
        AudioClip clip = AudioDecoder.decode(file, 8_000, Duration.ofSeconds(5)).clip();
        assertThat(clip.sampleRate()).isEqualTo(8_000);
        assertThat(clip.samples().length).isCloseTo(8_000, within(20));
        assertThat(clip.dominantFrequencyHz()).isCloseTo(300, within(2.0));
    }

    /** 2 s of a 600 Hz tone (stereo: the same tone in both channels) in each format FFmpeg can write here. */
    @ParameterizedTest(name = "{0} ({2})")
    @CsvSource({
        "tagged.mp3, mp3, libmp3lame, 44100",
        "tone.flac, flac, flac, 22050",
        "opus.ogg, ogg, libopus, 48000",
        "vorbis.ogg, ogg, vorbis, 44100",
        "tone.m4a, ipod, aac, 44100",
        "stereo.wav, wav, pcm_s16le, 48000",
    })
    void decodes_every_common_format_to_16_khz_mono(String fileName, String muxer, String encoder, int rate)
            throws Exception {
        AudioClip tone = AudioClip.sine(600, 2.0, rate, 0.5);
        Path file = encode(dir.resolve(fileName), muxer, encoder, rate, tone, tone);

        DecodedAudio d = AudioDecoder.decode(file);

        assertThat(d.sourceChannels()).isEqualTo(2);
        assertThat(d.sourceSampleRate()).isEqualTo(rate);
        assertThat(d.clip().sampleRate()).isEqualTo(16_000);
        assertThat(d.durationSeconds()).isCloseTo(2.0, within(0.08));
        assertThat(d.clip().dominantFrequencyHz()).isCloseTo(600, within(4.0));
        assertThat(d.clip().rms()).as("stereo averaged, not summed").isCloseTo(0.5 / Math.sqrt(2), within(0.04));
        assertThat(d.truncated()).isFalse();
    }

    @Test
    void stereo_channels_are_averaged_into_one() throws Exception {
        AudioClip left = AudioClip.sine(500, 1.0, 16_000, 0.6);
        AudioClip right = AudioClip.silence(1.0, 16_000);
        Path file = encode(dir.resolve("left-only.flac"), "flac", "flac", 16_000, left, right);

        AudioClip mono = AudioDecoder.decode(file).clip();

        assertThat(mono.rms()).isCloseTo(left.rms() / 2, within(0.002));
        assertThat(mono.dominantFrequencyHz()).isCloseTo(500, within(2.0));
    }

    @Test
    void in_memory_bytes_decode_like_the_file_they_came_from() throws Exception {
        AudioClip tone = AudioClip.sine(700, 1.0, 44_100, 0.4);
        Path file = encode(dir.resolve("memory.m4a"), "ipod", "aac", 44_100, tone, tone);
        DecodedAudio fromFile = AudioDecoder.decode(file);

        DecodedAudio fromBytes =
                AudioDecoder.decode(MediaRef.ofBytes(Files.readAllBytes(file), "memory.m4a", Modality.AUDIO));

        assertThat(fromBytes.name()).contains("memory.m4a");
        assertThat(fromBytes.codec()).isEqualTo("aac");
        assertThat(fromBytes.clip().samples()).containsExactly(fromFile.clip().samples());
        DecodedAudio underRoot = AudioDecoder.decode(MediaRef.underRoot(dir, "memory.m4a", Modality.AUDIO));
        assertThat(underRoot.clip().samples()).containsExactly(fromFile.clip().samples());
    }

    @Test
    void reading_stops_at_the_duration_cap_and_says_so() throws Exception {
        Path file = dir.resolve("long.wav");
        Wav.write(AudioClip.sine(440, 3.0, 16_000, 0.5), file);

        DecodedAudio capped = AudioDecoder.decode(file, 16_000, Duration.ofSeconds(1));
        assertThat(capped.truncated()).isTrue();
        assertThat(capped.clip().samples()).hasSize(16_000);

        DecodedAudio halfSecond = AudioDecoder.decode(file, 8_000, Duration.ofMillis(500));
        assertThat(halfSecond.truncated()).isTrue();
        assertThat(halfSecond.clip().samples()).hasSize(4_000);

        DecodedAudio exact = AudioDecoder.decode(file, 16_000, Duration.ofSeconds(3));
        assertThat(exact.truncated()).isFalse();
        assertThat(exact.clip().samples()).hasSize(48_000);
    }

    @Test
    void the_cap_applies_to_compressed_audio_too() throws Exception {
        AudioClip tone = AudioClip.sine(440, 4.0, 44_100, 0.5);
        Path file = encode(dir.resolve("long.mp3"), "mp3", "libmp3lame", 44_100, tone, tone);
        DecodedAudio d = AudioDecoder.decode(file, 16_000, Duration.ofMillis(1500));
        assertThat(d.truncated()).isTrue();
        assertThat(d.clip().samples()).hasSize(24_000);
    }

    @Test
    void a_jpeg_named_wav_is_refused_as_having_no_audio_stream() throws Exception {
        BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, 64, 48);
        g.dispose();
        Path file = dir.resolve("photo.wav");
        assertThat(ImageIO.write(img, "jpeg", file.toFile())).isTrue();

        assertThatThrownBy(() -> AudioDecoder.decode(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("photo.wav")
                .hasMessageContaining("no audio stream")
                .hasMessageContaining("64x48");
    }

    @Test
    void a_video_without_sound_is_refused_as_having_no_audio_stream() throws Exception {
        List<BufferedImage> frames = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            frames.add(new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB));
        }
        Path file = dir.resolve("silent-film.mp4");
        Mp4Encoder.write(file, frames, 6);
        assertThatThrownBy(() -> AudioDecoder.decode(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("silent-film.mp4")
                .hasMessageContaining("no audio stream");
    }

    @Test
    void random_bytes_and_text_are_refused_as_not_media_naming_the_file() throws Exception {
        byte[] noise = new byte[50_000];
        new SplittableRandom(42).nextBytes(noise);
        Path random = Files.write(dir.resolve("random.wav"), noise);
        assertThatThrownBy(() -> AudioDecoder.decode(random))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("random.wav")
                .hasMessageContaining("cannot be read as audio")
                .hasMessageContaining("Invalid data found");
        assertThatThrownBy(() -> AudioDecoder.decode(MediaRef.ofBytes(noise, "random.bin", Modality.AUDIO)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("random.bin")
                .hasMessageContaining("cannot be read as audio");
        Path text = Files.writeString(dir.resolve("lyrics.mp3"), "la la la, this is text and not audio\n".repeat(200));
        assertThatThrownBy(() -> AudioDecoder.decode(text))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("lyrics.mp3")
                .hasMessageContaining("cannot be read as audio");
    }

    @Test
    void a_wav_with_no_samples_is_refused() throws Exception {
        Path file = dir.resolve("nothing.wav");
        Wav.write(AudioClip.silence(0, 16_000), file);
        assertThatThrownBy(() -> AudioDecoder.decode(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("nothing.wav")
                .hasMessageContaining("no samples could be decoded");
    }

    @Test
    void a_flac_or_mp3_cut_in_half_is_refused_as_truncated() throws Exception {
        AudioClip tone = AudioClip.sine(440, 4.0, 44_100, 0.5);
        for (Path whole : List.of(
                encode(dir.resolve("whole.flac"), "flac", "flac", 44_100, tone, tone),
                encode(dir.resolve("whole.mp3"), "mp3", "libmp3lame", 44_100, tone, tone))) {
            byte[] bytes = Files.readAllBytes(whole);
            Path half = Files.write(dir.resolve("half-" + whole.getFileName()), Arrays.copyOf(bytes, bytes.length / 2));
            assertThatThrownBy(() -> AudioDecoder.decode(half))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining(half.getFileName().toString())
                    .hasMessageContaining("truncated or corrupt")
                    .hasMessageContaining("its header states");
        }
    }

    @Test
    void a_flac_damaged_in_the_middle_is_refused_as_corrupt() throws Exception {
        AudioClip tone = AudioClip.sine(440, 4.0, 16_000, 0.5);
        byte[] bytes = Files.readAllBytes(encode(dir.resolve("whole.flac"), "flac", "flac", 16_000, tone, tone));
        for (int i = bytes.length / 3; i < bytes.length; i += 301) {
            bytes[i] ^= (byte) 0xFF;
        }
        Path damaged = Files.write(dir.resolve("damaged.flac"), bytes);
        assertThatThrownBy(() -> AudioDecoder.decode(damaged))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("damaged.flac")
                .hasMessageContaining("corrupt");
    }

    @Test
    void threads_decode_at_the_same_time_each_with_its_own_decoder() throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Path f = dir.resolve("t" + i + ".wav");
            Wav.write(AudioClip.sine(200 + 100 * i, 1.0, 22_050, 0.5), f);
            files.add(f);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Double>> pitches = new ArrayList<>();
            for (Path f : files) {
                pitches.add(pool.submit(() -> AudioDecoder.decode(f).clip().dominantFrequencyHz()));
            }
            for (int i = 0; i < files.size(); i++) {
                assertThat(pitches.get(i).get()).isCloseTo(200 + 100 * i, within(2.0));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Encodes {@code left}/{@code right} as a stereo file with FFmpeg (a fixture; the decoder under test is separate). */
    static Path encode(Path file, String muxer, String encoder, int rate, AudioClip left, AudioClip right)
            throws Exception {
        float[] interleaved = new float[left.samples().length * 2];
        for (int i = 0; i < left.samples().length; i++) {
            interleaved[2 * i] = left.samples()[i];
            interleaved[2 * i + 1] = right.samples()[i];
        }
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), 2)) {
            r.setFormat(muxer);
            r.setAudioCodecName(encoder);
            r.setSampleRate(rate);
            r.setAudioBitrate(128_000);
            r.setAudioOption("strict", "experimental"); // FFmpeg's own Vorbis encoder is marked experimental
            r.setMetadata("title", "Omni-Reward test tone");
            r.start();
            // one call: JavaCV 1.5.11's recorder distorts the pitch when fed chunks that do not line up
            // with the encoder's frame size (a 600 Hz tone came back at 609 Hz from 2048-frame chunks)
            r.recordSamples(rate, 2, FloatBuffer.wrap(interleaved));
            r.stop();
        }
        return file;
    }
}
