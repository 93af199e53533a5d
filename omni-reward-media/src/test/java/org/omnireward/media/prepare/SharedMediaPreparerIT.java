package org.omnireward.media.prepare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Modality;
import org.omnireward.testing.SharedTestData;

/**
 * Every file in {@code ../shared/data/media} (real third-party media) through the preparer: images to
 * upright JPEGs, videos to sampled frames, audio to 16 kHz mono WAV of the documented length. Skipped,
 * with a message, when the folder is absent.
 */
class SharedMediaPreparerIT {

    /** Durations from shared/data/README.md (4.mp3 is not documented; measured, not asserted). */
    private static final Map<String, Double> AUDIO_SECONDS = Map.of("1.mp3", 4.0, "2.wav", 2.9, "3.flac", 5.9);

    static MediaPreparer media;

    @BeforeAll
    static void open() {
        media = MediaPreparer.withDefaults();
    }

    @AfterAll
    static void close() {
        if (media != null) {
            media.close();
        }
    }

    private static Path root() {
        return SharedTestData.require("SharedMediaPreparerIT").resolve("media");
    }

    @Test
    void every_shared_media_file_is_prepared() throws Exception {
        Path root = root();
        List<Path> files;
        try (Stream<Path> s = Files.list(root)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        int images = 0;
        int videos = 0;
        int audios = 0;
        for (Path f : files) {
            String name = f.getFileName().toString();
            String ext = name.substring(name.lastIndexOf('.') + 1);
            switch (ext) {
                case "jpg" -> {
                    checkImage(root, name);
                    images++;
                }
                case "mp4", "avi" -> {
                    checkVideo(root, name);
                    videos++;
                }
                case "mp3", "wav", "flac" -> {
                    checkAudio(root, name);
                    audios++;
                }
                case "json" -> {
                    // LLaMA-Factory examples that reference the media: not media themselves
                }
                default -> throw new AssertionError("no rule for shared media file " + name);
            }
        }
        assertThat(images).isEqualTo(3);
        assertThat(videos).isEqualTo(4);
        assertThat(audios).isEqualTo(4);
    }

    private static void checkImage(Path root, String name) throws Exception {
        byte[] raw = Files.readAllBytes(root.resolve(name));
        BufferedImage stored = ImageIO.read(root.resolve(name).toFile());
        int orientation = ExifOrientation.read(raw, MediaFormat.JPEG);
        PreparedImage p = media.image(MediaRef.underRoot(root, name, Modality.IMAGE));
        boolean turned = orientation >= 5;
        assertThat(p.width())
                .as(name + " width (EXIF orientation " + orientation + ")")
                .isEqualTo(turned ? stored.getHeight() : stored.getWidth());
        assertThat(p.height()).as(name + " height").isEqualTo(turned ? stored.getWidth() : stored.getHeight());
        BufferedImage back = TestImages.decode(p.jpeg());
        assertThat(back.getWidth()).isEqualTo(p.width());
        if (orientation == ExifOrientation.NORMAL) {
            // not turned: the picture is the stored one (mean difference small, JPEG re-encoding only)
            assertThat(meanAbsDiff(stored, back)).as(name).isLessThan(4);
        } else {
            // turned: compare with the stored image turned the same way
            BufferedImage rgb = ImagePipeline.flattenAndFit(stored, 4096);
            assertThat(meanAbsDiff(ExifOrientation.apply(rgb, orientation), back))
                    .as(name)
                    .isLessThan(4);
        }
        assertThat(p.dataUri()).startsWith("data:image/jpeg;base64,/9j/");
    }

    private static void checkVideo(Path root, String name) {
        MediaRef ref = MediaRef.underRoot(root, name, Modality.VIDEO);
        List<PreparedImage> ten = media.videoFrames(ref, MediaPreparer.TV2T_INPUT_FRAMES);
        List<PreparedImage> five = media.videoFrames(ref, MediaPreparer.T2V_FRAMES_PER_VIDEO);
        assertThat(ten).as(name).hasSize(10);
        assertThat(five).as(name).hasSize(5);
        assertThat(ten).allSatisfy(f -> {
            assertThat(Math.max(f.width(), f.height())).isLessThanOrEqualTo(MediaPreparer.DEFAULT_LONGEST_SIDE);
            assertThat(f.jpeg()).startsWith(0xFF, 0xD8, 0xFF);
        });
        assertThat(ten.get(0).jpeg())
                .as(name + ": first and last frames differ")
                .isNotEqualTo(ten.get(9).jpeg());
    }

    private static void checkAudio(Path root, String name) {
        PreparedAudio a = media.audio(MediaRef.underRoot(root, name, Modality.AUDIO));
        MediaPreparerVideoAudioIT.assertWav16kMono(a.wav());
        assertThat(a.wav().length).isEqualTo(44 + 2 * (int) Math.round(a.seconds() * 16000));
        Double expected = AUDIO_SECONDS.get(name);
        if (expected != null) {
            assertThat(a.seconds()).as(name).isCloseTo(expected, within(0.15));
        } else {
            assertThat(a.seconds()).as(name).isBetween(0.5, 600.0);
        }
        assertThat(MediaPreparerVideoAudioIT.toClip(a.wav()).rms())
                .as(name + " is not silent")
                .isGreaterThan(0.001);
    }

    @Test
    void decoding_forward_gives_the_same_frames_as_seeking_to_each() throws Exception {
        Path root = root();
        try (MediaPreparer forward = MediaPreparer.builder().optCacheBytes(0).build();
                MediaPreparer seeking = MediaPreparer.builder()
                        .optCacheBytes(0)
                        .optForwardDecoding(false)
                        .build()) {
            for (String name : List.of("1.mp4", "2.avi", "3.mp4", "4.mp4")) {
                MediaRef ref = MediaRef.underRoot(root, name, Modality.VIDEO);
                for (int count : new int[] {5, 10, 37}) {
                    List<PreparedImage> a = forward.videoFrames(ref, count);
                    List<PreparedImage> b = seeking.videoFrames(ref, count);
                    for (int i = 0; i < count; i++) {
                        assertThat(meanAbsDiff(
                                        TestImages.decode(a.get(i).jpeg()),
                                        TestImages.decode(b.get(i).jpeg())))
                                .as(name + " frame " + i + " of " + count)
                                .isLessThan(0.5);
                    }
                }
            }
        }
    }

    @Test
    void a_real_exif_photo_whose_orientation_tag_says_turn_comes_out_upright() throws Exception {
        Path root = root();
        byte[] raw = Files.readAllBytes(root.resolve("2.jpg"));
        // 2.jpg and 3.jpg carry orientation 1 in a big-endian EXIF block; set the tag's value to 6 and 8
        int tag = indexOf(raw, new byte[] {0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01});
        assertThat(tag).as("orientation entry in 2.jpg").isPositive();
        BufferedImage stored = ImageIO.read(root.resolve("2.jpg").toFile());
        BufferedImage rgb = ImagePipeline.flattenAndFit(stored, 4096);
        for (int o : new int[] {3, 6, 8}) {
            byte[] patched = raw.clone();
            patched[tag + 9] = (byte) o;
            assertThat(ExifOrientation.read(patched, MediaFormat.JPEG)).isEqualTo(o);
            PreparedImage p = media.image(MediaRef.ofBytes(patched, "2-orientation-" + o + ".jpg", Modality.IMAGE));
            assertThat(p.width()).isEqualTo(o == 3 ? stored.getWidth() : stored.getHeight());
            assertThat(meanAbsDiff(ExifOrientation.apply(rgb, o), TestImages.decode(p.jpeg())))
                    .as("orientation " + o)
                    .isLessThan(4);
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (hay[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static double meanAbsDiff(BufferedImage a, BufferedImage b) {
        assertThat(b.getWidth()).isEqualTo(a.getWidth());
        assertThat(b.getHeight()).isEqualTo(a.getHeight());
        long sum = 0;
        int n = 0;
        for (int y = 0; y < a.getHeight(); y += 3) {
            for (int x = 0; x < a.getWidth(); x += 3) {
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
