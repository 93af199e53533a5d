package org.omnireward.media.prepare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Modality;
import org.omnireward.media.AudioClip;

/** Video frame sampling and audio preparation with clips made in code (FFmpeg natives, hence an IT). */
class MediaPreparerVideoAudioIT {

    @TempDir
    static Path dir;

    static MediaPreparer media;

    @BeforeAll
    static void open() {
        media = MediaPreparer.withDefaults();
    }

    @AfterAll
    static void close() {
        media.close();
    }

    private static MediaRef ref(Path file, Modality m) {
        return MediaRef.underRoot(dir, dir.relativize(file).toString(), m);
    }

    private static void skipUnlessEncoder(String test, String codec) {
        if (!TestClips.hasEncoder(codec)) {
            String msg = "SKIPPED " + test + ": the bundled FFmpeg has no " + codec + " encoder";
            System.err.println("[omni-reward tests] " + msg);
            Assumptions.abort(msg);
        }
    }

    @ParameterizedTest(name = "{0} ({1}, {2})")
    @CsvSource({
        "clip.mp4,  mp4,      libopenh264",
        "clip2.mp4, mp4,      mpeg4",
        "clip.avi,  avi,      mpeg4",
        "clip.webm, webm,     libvpx",
        "clip.mkv,  matroska, libvpx-vp9",
        "clip.mov,  mov,      libopenh264",
    })
    void every_container_gives_uniformly_spaced_frames(String name, String format, String codec) throws Exception {
        skipUnlessEncoder("every_container_gives_uniformly_spaced_frames[" + name + "]", codec);
        Path file = TestClips.video(dir.resolve("v/" + name), format, codec, 160, 96, 12, 4.0);
        List<PreparedImage> frames = media.videoFrames(ref(file, Modality.VIDEO), 4);
        assertThat(frames).hasSize(4).allSatisfy(f -> {
            assertThat(f.width()).isEqualTo(160);
            assertThat(f.height()).isEqualTo(96);
            assertThat(f.jpeg()).startsWith(0xFF, 0xD8, 0xFF);
        });
        assertThat(frames)
                .extracting(f -> TestClips.dominant(TestImages.decode(f.jpeg())))
                .containsExactly("red", "red", "blue", "blue");
        assertThat(frames.get(0).source()).isEqualTo("v/" + name + "@0.50s");
        assertThat(frames.get(3).source()).isEqualTo("v/" + name + "@3.50s");
        assertThat(media.videoFrames(ref(file, Modality.VIDEO), MediaPreparer.T2V_FRAMES_PER_VIDEO))
                .hasSize(5);
        assertThat(media.videoFrames(ref(file, Modality.VIDEO), MediaPreparer.TV2T_INPUT_FRAMES))
                .hasSize(10);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"webm, libvpx", "matroska, libvpx-vp9"})
    void a_container_that_states_no_duration_is_measured_by_its_packets(String format, String codec) throws Exception {
        skipUnlessEncoder("a_container_that_states_no_duration_is_measured_by_its_packets[" + format + "]", codec);
        byte[] streamed = TestClips.streamedVideo(format, codec, 128, 80, 10, 6.0);
        Path file = dir.resolve("streamed." + (format.equals("webm") ? "webm" : "mkv"));
        Files.write(file, streamed);
        try (org.bytedeco.javacv.FFmpegFrameGrabber g = new org.bytedeco.javacv.FFmpegFrameGrabber(file.toFile())) {
            g.start();
            var oc = g.getFormatContext();
            assertThat(oc.duration() == org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE
                            || oc.duration_estimation_method()
                                    == org.bytedeco.ffmpeg.global.avformat.AVFMT_DURATION_FROM_BITRATE)
                    .as("the streamed file states no duration (or only a bit-rate guess)")
                    .isTrue();
        }
        VideoSampler.Source src = new VideoSampler.Source(file.toString(), file, null);
        assertThat(VideoSampler.scanDuration(src, new java.util.concurrent.atomic.AtomicBoolean()))
                .isCloseTo(6.0, within(0.2));
        for (MediaRef r : List.of(ref(file, Modality.VIDEO), MediaRef.ofBytes(streamed, "streamed", Modality.VIDEO))) {
            try (MediaPreparer m = MediaPreparer.builder().optCacheBytes(0).build()) {
                List<PreparedImage> frames = m.videoFrames(r, 6);
                assertThat(frames)
                        .extracting(f -> TestClips.dominant(TestImages.decode(f.jpeg())))
                        .containsExactly("red", "red", "red", "blue", "blue", "blue");
                assertThat(frames.get(5).source()).endsWith("@5.50s");
            }
        }
    }

    @Test
    void frames_larger_than_the_longest_side_are_scaled_down() throws Exception {
        Path file = TestClips.video(dir.resolve("wide.mp4"), "mp4", "mpeg4", 640, 360, 10, 2.0);
        try (MediaPreparer m = MediaPreparer.builder().optLongestSide(320).build()) {
            List<PreparedImage> frames = m.videoFrames(ref(file, Modality.VIDEO), 2);
            assertThat(frames).allSatisfy(f -> {
                assertThat(f.width()).isEqualTo(320);
                assertThat(f.height()).isEqualTo(180);
            });
            assertThat(TestClips.dominant(TestImages.decode(frames.get(0).jpeg())))
                    .isEqualTo("red");
        }
    }

    @Test
    void equal_video_content_from_a_file_and_from_bytes_is_sampled_once() throws Exception {
        Path file = TestClips.video(dir.resolve("cache/c.mp4"), "mp4", "mpeg4", 96, 64, 12, 2.0);
        try (MediaPreparer m = MediaPreparer.withDefaults()) {
            List<PreparedImage> a = m.videoFrames(ref(file, Modality.VIDEO), 3);
            List<PreparedImage> b =
                    m.videoFrames(MediaRef.ofBytes(Files.readAllBytes(file), "row.mp4", Modality.VIDEO), 3);
            assertThat(m.cacheStats().hits()).isEqualTo(1);
            assertThat(b.get(0).jpeg()).isSameAs(a.get(0).jpeg());
            assertThat(b.get(0).source()).isEqualTo("row.mp4@0.33s");
            m.videoFrames(ref(file, Modality.VIDEO), 4); // another count is another entry
            assertThat(m.cacheStats().misses()).isEqualTo(2);
        }
    }

    @Test
    void in_memory_video_bytes_are_sampled_like_the_file() throws Exception {
        Path file = TestClips.video(dir.resolve("mem/m.mp4"), "mp4", "mpeg4", 96, 64, 12, 2.0);
        try (MediaPreparer m = MediaPreparer.builder().optCacheBytes(0).build()) {
            List<PreparedImage> fromFile = m.videoFrames(ref(file, Modality.VIDEO), 4);
            List<PreparedImage> fromBytes =
                    m.videoFrames(MediaRef.ofBytes(Files.readAllBytes(file), "m.mp4", Modality.VIDEO), 4);
            for (int i = 0; i < 4; i++) {
                assertThat(fromBytes.get(i).jpeg()).isEqualTo(fromFile.get(i).jpeg());
            }
        }
    }

    // ---- video guards ----

    @Test
    void a_truncated_video_is_refused_as_corrupt() throws Exception {
        Path file = TestClips.video(dir.resolve("t/full.mp4"), "mp4", "mpeg4", 96, 64, 12, 3.0);
        byte[] all = Files.readAllBytes(file);
        Path cut = dir.resolve("t/cut.mp4");
        Files.write(cut, Arrays.copyOf(all, all.length / 2));
        assertThatThrownBy(() -> media.videoFrames(ref(cut, Modality.VIDEO), 3))
                .isInstanceOf(CorruptMediaException.class)
                .hasMessageContaining("cut.mp4");
        Path garbage = dir.resolve("t/garbage.mkv");
        byte[] g = new byte[4096];
        System.arraycopy(new byte[] {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3}, 0, g, 0, 4);
        Arrays.fill(g, 4, g.length, (byte) 0x5A);
        Files.write(garbage, g);
        assertThatThrownBy(() -> media.videoFrames(ref(garbage, Modality.VIDEO), 3))
                .isInstanceOf(CorruptMediaException.class)
                .hasMessageContaining("garbage.mkv");
    }

    @Test
    void a_mislabelled_video_is_refused_naming_both_formats() throws Exception {
        Path file = TestClips.video(dir.resolve("ml/real-mp4.avi"), "mp4", "mpeg4", 96, 64, 12, 1.0);
        assertThatThrownBy(() -> media.videoFrames(ref(file, Modality.VIDEO), 3))
                .isInstanceOf(MediaTypeMismatchException.class)
                .hasMessageContaining("real-mp4.avi")
                .hasMessageContaining("AVI")
                .hasMessageContaining("MP4/MOV");
    }

    @Test
    void audio_or_images_handed_in_as_video_are_refused() throws Exception {
        byte[] wav = org.omnireward.media.Wav.toBytes(AudioClip.sine(440, 0.5, 16000, 0.3));
        assertThatThrownBy(() -> media.videoFrames(MediaRef.ofBytes(wav, "sound.wav", Modality.VIDEO), 3))
                .isInstanceOf(MediaTypeMismatchException.class)
                .hasMessageContaining("sound.wav")
                .hasMessageContaining("not a video");
        byte[] png =
                TestImages.write(TestImages.redLeftBlueRight(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB), "png");
        assertThatThrownBy(() -> media.videoFrames(MediaRef.ofBytes(png, "still.png", Modality.VIDEO), 3))
                .isInstanceOf(MediaTypeMismatchException.class)
                .hasMessageContaining("PNG image");
    }

    @Test
    void video_guards_refuse_long_large_and_slow_decoding() throws Exception {
        Path file = TestClips.video(dir.resolve("g/long.mp4"), "mp4", "mpeg4", 160, 96, 12, 3.0);
        MediaRef r = ref(file, Modality.VIDEO);
        try (MediaPreparer m =
                MediaPreparer.builder().optMaxDuration(Duration.ofSeconds(2)).build()) {
            assertThatThrownBy(() -> m.videoFrames(r, 3))
                    .isInstanceOf(MediaLimitException.class)
                    .hasMessageContaining("long.mp4")
                    .hasMessageContaining("3.0 s")
                    .satisfies(e -> assertThat(((MediaLimitException) e).limit())
                            .isEqualTo(MediaLimitException.Limit.DURATION));
        }
        try (MediaPreparer m = MediaPreparer.builder().optMaxPixels(160 * 95).build()) {
            assertThatThrownBy(() -> m.videoFrames(r, 3))
                    .isInstanceOf(MediaLimitException.class)
                    .hasMessageContaining("160x96");
        }
        try (MediaPreparer m = MediaPreparer.builder().optMaxFileBytes(1000).build()) {
            assertThatThrownBy(() -> m.videoFrames(r, 3))
                    .isInstanceOf(MediaLimitException.class)
                    .hasMessageContaining("limit of 1,000 bytes");
        }
        try (MediaPreparer m =
                MediaPreparer.builder().optDecodeTimeout(Duration.ofNanos(1000)).build()) {
            assertThatThrownBy(() -> m.videoFrames(r, 10))
                    .isInstanceOf(MediaTimeoutException.class)
                    .hasMessageContaining("long.mp4")
                    .hasMessageContaining("optDecodeTimeout");
        }
        assertThatThrownBy(() -> media.videoFrames(r, 0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("frame count");
        assertThat(media.videoFrames(r, 3)).hasSize(3); // nothing above broke the shared preparer
    }

    // ---- audio ----

    @ParameterizedTest(name = "{0} ({1}, {2})")
    @CsvSource({
        "tone.wav,  wav,  pcm_s16le,  44100",
        "tone.mp3,  mp3,  libmp3lame, 44100",
        "tone.flac, flac, flac,       48000",
        "tone.ogg,  ogg,  libopus,    48000",
        "tone.m4a,  ipod, aac,        44100",
    })
    void every_audio_format_becomes_16khz_mono_wav(String name, String format, String codec, int rate)
            throws Exception {
        skipUnlessEncoder("every_audio_format_becomes_16khz_mono_wav[" + name + "]", codec);
        Path file = TestClips.audio(dir.resolve("a/" + name), format, codec, rate, 440, 2.0);
        PreparedAudio a = media.audio(ref(file, Modality.AUDIO));
        assertWav16kMono(a.wav());
        assertThat(a.seconds()).isCloseTo(2.0, within(0.1));
        assertThat(a.source()).isEqualTo("a/" + name);
        assertThat(toClip(a.wav()).dominantFrequencyHz()).isCloseTo(440, within(5.0));
        assertThat(java.util.Base64.getDecoder().decode(a.base64())).isEqualTo(a.wav());
    }

    @Test
    void two_clips_are_joined_with_one_second_of_silence() throws Exception {
        Path a = TestClips.audio(dir.resolve("c/a.wav"), "wav", "pcm_s16le", 16000, 440, 1.5);
        Path b = TestClips.audio(dir.resolve("c/b.flac"), "flac", "flac", 16000, 880, 0.5);
        PreparedAudio first = media.audio(ref(a, Modality.AUDIO));
        PreparedAudio second = media.audio(ref(b, Modality.AUDIO));
        PreparedAudio both = media.concat(first, second);
        assertWav16kMono(both.wav());
        assertThat(both.seconds()).isCloseTo(3.0, within(0.01));
        assertThat(both.source()).isEqualTo("c/a.wav + c/b.flac");
        AudioClip clip = toClip(both.wav());
        assertThat(slice(clip, 0.2, 1.3).dominantFrequencyHz()).isCloseTo(440, within(5.0));
        assertThat(slice(clip, 1.55, 2.45).rms()).isLessThan(1e-4);
        assertThat(slice(clip, 2.55, 2.95).dominantFrequencyHz()).isCloseTo(880, within(10.0));
        assertThatThrownBy(() -> media.concat(first, new PreparedAudio(new byte[10], 1, "junk")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("junk");
    }

    @Test
    void audio_guards_refuse_long_mislabelled_and_corrupt_audio() throws Exception {
        Path tone = TestClips.audio(dir.resolve("ag/tone.mp3"), "mp3", "libmp3lame", 44100, 440, 3.0);
        try (MediaPreparer m =
                MediaPreparer.builder().optMaxDuration(Duration.ofSeconds(2)).build()) {
            assertThatThrownBy(() -> m.audio(ref(tone, Modality.AUDIO)))
                    .isInstanceOf(MediaLimitException.class)
                    .hasMessageContaining("tone.mp3")
                    .hasMessageContaining("limit of 2 s");
        }
        try (MediaPreparer m = MediaPreparer.builder()
                .optMaxDuration(Duration.ofSeconds(2))
                .optTruncateLongAudio(true)
                .build()) {
            assertThat(m.audio(ref(tone, Modality.AUDIO)).seconds()).isCloseTo(2.0, within(0.001));
        }
        Path mislabelled = dir.resolve("ag/tone.wav");
        Files.copy(tone, mislabelled);
        assertThatThrownBy(() -> media.audio(ref(mislabelled, Modality.AUDIO)))
                .isInstanceOf(MediaTypeMismatchException.class)
                .hasMessageContaining("tone.wav")
                .hasMessageContaining("WAV")
                .hasMessageContaining("MP3");
        Path wav = TestClips.audio(dir.resolve("ag/long.wav"), "wav", "pcm_s16le", 16000, 440, 2.0);
        byte[] all = Files.readAllBytes(wav);
        Path cut = dir.resolve("ag/cut.wav");
        Files.write(cut, Arrays.copyOf(all, all.length / 2));
        assertThatThrownBy(() -> media.audio(ref(cut, Modality.AUDIO)))
                .isInstanceOf(CorruptMediaException.class)
                .hasMessageContaining("cut.wav")
                .hasMessageContaining("truncated");
        byte[] png =
                TestImages.write(TestImages.redLeftBlueRight(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB), "png");
        assertThatThrownBy(() -> media.audio(MediaRef.ofBytes(png, "x.png", Modality.AUDIO)))
                .isInstanceOf(MediaTypeMismatchException.class)
                .hasMessageContaining("not audio");
        try (MediaPreparer m =
                MediaPreparer.builder().optDecodeTimeout(Duration.ofNanos(1000)).build()) {
            assertThatThrownBy(() -> m.audio(ref(tone, Modality.AUDIO)))
                    .isInstanceOf(MediaTimeoutException.class)
                    .hasMessageContaining("tone.mp3");
        }
    }

    static void assertWav16kMono(byte[] wav) {
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(wav, 0, 4, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("RIFF");
        assertThat(new String(wav, 8, 4, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("WAVE");
        assertThat(b.getShort(20)).as("PCM").isEqualTo((short) 1);
        assertThat(b.getShort(22)).as("channels").isEqualTo((short) 1);
        assertThat(b.getInt(24)).as("sample rate").isEqualTo(16000);
        assertThat(b.getShort(34)).as("bits").isEqualTo((short) 16);
    }

    static AudioClip toClip(byte[] wav) {
        ByteBuffer b = ByteBuffer.wrap(wav, 44, wav.length - 44).order(ByteOrder.LITTLE_ENDIAN);
        float[] s = new float[b.remaining() / 2];
        for (int i = 0; i < s.length; i++) {
            s[i] = b.getShort() / 32768f;
        }
        return new AudioClip(16000, s);
    }

    private static AudioClip slice(AudioClip c, double from, double to) {
        return new AudioClip(c.sampleRate(), Arrays.copyOfRange(c.samples(), (int) (from * c.sampleRate()), (int)
                (to * c.sampleRate())));
    }
}
