package org.omnireward.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.omnireward.core.InvalidInputException;
import org.omnireward.testing.SharedTestData;

/** Decodes the real third-party clips in {@code ../shared/data/media}; skipped when that folder is absent. */
class SharedVideoIT {

    private static Path media(String name) {
        return SharedTestData.file("SharedVideoIT", "media/" + name);
    }

    @Test
    void probes_the_h264_mp4_as_documented() throws Exception {
        VideoInfo info = VideoFrames.probe(media("1.mp4"));
        assertThat(info.width()).isEqualTo(640);
        assertThat(info.height()).isEqualTo(360);
        assertThat(info.frameRate()).isCloseTo(25, within(0.1));
        assertThat(info.durationSeconds()).isCloseTo(9.7, within(0.2));
        assertThat(info.codec()).isEqualTo("h264");
    }

    @Test
    void samples_ten_distinct_frames_uniformly_from_a_real_mp4() throws Exception {
        Path file = media("1.mp4");
        List<BufferedImage> frames = VideoFrames.sampleUniformly(file, 10);
        assertThat(frames).hasSize(10).allSatisfy(f -> {
            assertThat(f.getWidth()).isEqualTo(640);
            assertThat(f.getHeight()).isEqualTo(360);
        });
        // frames are independent copies with real content: the first and the last differ clearly
        assertThat(meanAbsDiff(frames.get(0), frames.get(9))).isGreaterThan(5);
        // a seek gives the same picture as the sample taken at the same time
        BufferedImage at =
                VideoFrames.frameAt(file, 0.5 * VideoFrames.probe(file).durationSeconds() / 10);
        assertThat(meanAbsDiff(at, frames.get(0))).isLessThan(3);
    }

    @Test
    void reads_every_frame_of_an_h264_avi() throws Exception {
        List<BufferedImage> frames = VideoFrames.readAll(media("2.avi"));
        assertThat(frames.size()).isBetween(265, 275);
        assertThat(frames.get(0).getWidth()).isEqualTo(320);
    }

    @Test
    void an_audio_file_is_rejected_as_having_no_video_stream() {
        Path wav = media("2.wav");
        assertThatThrownBy(() -> VideoFrames.probe(wav))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("2.wav")
                .hasMessageContaining("no video stream");
    }

    @Test
    void the_shared_jpeg_reads() throws Exception {
        BufferedImage img = Images.read(media("1.jpg"));
        assertThat(img.getWidth()).isEqualTo(300);
    }

    private static double meanAbsDiff(BufferedImage a, BufferedImage b) {
        long sum = 0;
        int n = 0;
        for (int y = 0; y < a.getHeight(); y += 4) {
            for (int x = 0; x < a.getWidth(); x += 4) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int s = 0; s <= 16; s += 8) {
                    sum += Math.abs(((p >> s) & 0xFF) - ((q >> s) & 0xFF));
                    n++;
                }
            }
        }
        return sum / (double) n;
    }
}
