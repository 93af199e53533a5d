package org.omnireward.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.omnireward.core.InvalidInputException;

/** Encodes clips with FFmpeg and decodes them again (natives, hence an IT). */
class Mp4RoundTripIT {

    @TempDir
    Path dir;

    /** 24 frames at 12 fps: the first 12 red, the last 12 blue, with a small white square moving right. */
    private static List<BufferedImage> redThenBlue() {
        List<BufferedImage> frames = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            BufferedImage img = new BufferedImage(96, 64, BufferedImage.TYPE_INT_ARGB);
            Graphics2D g = img.createGraphics();
            g.setColor(i < 12 ? new Color(220, 20, 20) : new Color(20, 20, 220));
            g.fillRect(0, 0, 96, 64);
            g.setColor(Color.WHITE);
            g.fillRect(2 + i * 3, 2, 8, 8);
            g.dispose();
            frames.add(img);
        }
        return frames;
    }

    @ParameterizedTest
    @EnumSource(VideoCodec.class)
    void encoded_clip_decodes_to_the_same_frames_and_colours(VideoCodec codec) throws Exception {
        Assumptions.assumeTrue(
                codec.isAvailable(), () -> "the bundled FFmpeg has no " + codec.encoderName() + " encoder");
        Path file = dir.resolve("clips/rb-" + codec + ".mp4");
        try (Mp4Encoder enc =
                Mp4Encoder.builder(96, 64).frameRate(12).codec(codec).open(file)) {
            for (BufferedImage f : redThenBlue()) {
                enc.add(f);
            }
            assertThat(enc.framesWritten()).isEqualTo(24);
        }

        VideoInfo info = VideoFrames.probe(file);
        assertThat(info.width()).isEqualTo(96);
        assertThat(info.height()).isEqualTo(64);
        assertThat(info.frameRate()).isCloseTo(12, within(0.01));
        assertThat(info.durationSeconds()).isCloseTo(2.0, within(0.1));
        assertThat(info.codec()).isEqualTo(codec == VideoCodec.H264 ? "h264" : "mpeg4");

        List<BufferedImage> frames = VideoFrames.readAll(file);
        assertThat(frames).hasSize(24);
        assertThat(dominant(frames.get(0))).isEqualTo("red");
        assertThat(dominant(frames.get(23))).isEqualTo("blue");
        // the moving square: in frame 20 it sits at x = 62..69
        assertThat(new Color(frames.get(20).getRGB(65, 5)).getGreen()).isGreaterThan(150);
        assertThat(new Color(frames.get(0).getRGB(65, 5)).getGreen()).isLessThan(100);

        assertThat(dominant(VideoFrames.frameAt(file, 0.2))).isEqualTo("red");
        assertThat(dominant(VideoFrames.frameAt(file, 1.5))).isEqualTo("blue");
        assertThat(VideoFrames.sampleUniformly(file, 4))
                .extracting(Mp4RoundTripIT::dominant)
                .containsExactly("red", "red", "blue", "blue");
    }

    @Test
    void same_frames_give_byte_identical_files() throws Exception {
        Path a = dir.resolve("a.mp4");
        Path b = dir.resolve("b.mp4");
        Mp4Encoder.write(a, redThenBlue(), 12);
        Mp4Encoder.write(b, redThenBlue(), 12);
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
    }

    @Test
    void preferred_codec_is_h264_with_the_bundled_ffmpeg() {
        assertThat(VideoCodec.preferred()).isEqualTo(VideoCodec.H264);
    }

    @Test
    void rejects_odd_frame_sizes_and_mismatched_frames() throws Exception {
        assertThatThrownBy(() -> Mp4Encoder.builder(95, 64))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("even");
        try (Mp4Encoder enc = Mp4Encoder.builder(32, 32).open(dir.resolve("m.mp4"))) {
            assertThatThrownBy(() -> enc.add(new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB)))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("16x16")
                    .hasMessageContaining("32x32");
            enc.add(new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB));
        }
    }

    @Test
    void a_file_that_is_not_video_is_rejected_naming_it() throws Exception {
        Path file = dir.resolve("garbage.mp4");
        Files.writeString(file, "this is not a video at all");
        assertThatThrownBy(() -> VideoFrames.probe(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("garbage.mp4");
    }

    /** "red", "green", "blue" or "other" by the mean colour of the image. */
    static String dominant(BufferedImage img) {
        long r = 0;
        long g = 0;
        long b = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                r += (rgb >> 16) & 0xFF;
                g += (rgb >> 8) & 0xFF;
                b += rgb & 0xFF;
            }
        }
        if (r > 2 * g && r > 2 * b) {
            return "red";
        }
        if (g > 2 * r && g > 2 * b) {
            return "green";
        }
        if (b > 2 * r && b > 2 * g) {
            return "blue";
        }
        return "other";
    }
}
