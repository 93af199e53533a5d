package org.omnireward.media.prepare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.omnireward.media.prepare.TestImages.colourAt;
import static org.omnireward.media.prepare.TestImages.decode;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.omnireward.core.InvalidInputException;
import org.omnireward.core.MediaRef;
import org.omnireward.core.Modality;

/** Image preparation with images made in code (pure Java: no natives). */
class MediaPreparerImageTest {

    @TempDir
    Path dir;

    private final MediaPreparer media = MediaPreparer.withDefaults();

    @AfterEach
    void close() {
        media.close();
    }

    private MediaRef file(String name, byte[] bytes) throws Exception {
        Files.write(dir.resolve(name), bytes);
        return MediaRef.underRoot(dir, name, Modality.IMAGE);
    }

    private static void assertRedLeftBlueRight(PreparedImage p, int w, int h) throws Exception {
        assertThat(p.width()).isEqualTo(w);
        assertThat(p.height()).isEqualTo(h);
        BufferedImage back = decode(p.jpeg());
        assertThat(back.getWidth()).isEqualTo(w);
        assertThat(back.getHeight()).isEqualTo(h);
        assertThat(colourAt(back, w / 4, h / 2)).isEqualTo("red");
        assertThat(colourAt(back, 3 * w / 4, h / 2)).isEqualTo("blue");
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpeg", "bmp", "gif", "tiff", "webp"})
    void every_image_format_becomes_a_jpeg_with_the_same_picture(String format) throws Exception {
        int type = format.equals("gif") ? BufferedImage.TYPE_BYTE_INDEXED : BufferedImage.TYPE_INT_RGB;
        BufferedImage picture = TestImages.redLeftBlueRight(64, 32, type);
        byte[] bytes = TestImages.write(picture, format);
        if (bytes == null && format.equals("webp")) {
            bytes = TinyWebp.encode(64, 32, picture.getRGB(0, 0, 64, 32, null, 0, 64)); // no WebP writer: our own
        }
        if (bytes == null) {
            String msg = "SKIPPED every_image_format_becomes_a_jpeg_with_the_same_picture[" + format
                    + "]: no ImageIO writer for " + format + " on this class path";
            System.err.println("[omni-reward tests] " + msg);
            Assumptions.abort(msg);
        }
        String ext = format.equals("jpeg") ? "jpg" : format;
        PreparedImage p = media.image(file("img." + ext, bytes));
        assertThat(p.jpeg()).startsWith(0xFF, 0xD8, 0xFF);
        assertRedLeftBlueRight(p, 64, 32);
        assertThat(p.source()).isEqualTo("img." + ext);
    }

    @Test
    void a_16_bit_png_is_prepared() throws Exception {
        byte[] png = TestImages.write(TestImages.rgb16(40, 20), "png");
        assertThat(png[24]).as("IHDR bit depth").isEqualTo((byte) 16);
        assertRedLeftBlueRight(media.image(file("deep.png", png)), 40, 20);
    }

    @Test
    void a_palette_png_is_prepared() throws Exception {
        byte[] png = TestImages.write(TestImages.palette(40, 20), "png");
        assertThat(png[25]).as("IHDR colour type: palette").isEqualTo((byte) 3);
        assertRedLeftBlueRight(media.image(file("pal.png", png)), 40, 20);
    }

    @Test
    void transparent_pixels_become_white() throws Exception {
        byte[] png = TestImages.write(TestImages.halfTransparent(40, 20), "png");
        BufferedImage back = decode(media.image(file("alpha.png", png)).jpeg());
        assertThat(colourAt(back, 5, 10)).isEqualTo("white");
        assertThat(colourAt(back, 35, 10)).isEqualTo("blue");
    }

    @Test
    void a_gif_gives_its_first_frame() throws Exception {
        byte[] gif = TestImages.write(TestImages.redLeftBlueRight(30, 30, BufferedImage.TYPE_BYTE_INDEXED), "gif");
        assertRedLeftBlueRight(media.image(MediaRef.ofBytes(gif, "anim.gif", Modality.IMAGE)), 30, 30);
    }

    @Test
    void an_animated_gif_gives_its_first_frame() throws Exception {
        javax.imageio.ImageWriter writer =
                javax.imageio.ImageIO.getImageWritersByFormatName("gif").next();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (javax.imageio.stream.ImageOutputStream ios = javax.imageio.ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.prepareWriteSequence(null);
            BufferedImage first = TestImages.redLeftBlueRight(30, 20, BufferedImage.TYPE_BYTE_INDEXED);
            BufferedImage second = new BufferedImage(30, 20, BufferedImage.TYPE_BYTE_INDEXED); // all black
            writer.writeToSequence(new javax.imageio.IIOImage(first, null, null), null);
            writer.writeToSequence(new javax.imageio.IIOImage(second, null, null), null);
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        assertRedLeftBlueRight(media.image(MediaRef.ofBytes(out.toByteArray(), "anim.gif", Modality.IMAGE)), 30, 20);
    }

    @Test
    void a_cmyk_jpeg_is_prepared_in_the_right_colours() throws Exception {
        byte[] cmyk = TestImages.cmykJpeg(40, 20);
        Assumptions.assumeTrue(cmyk != null, "no JDK JPEG writer to make a CMYK JPEG");
        PreparedImage p = media.image(file("cmyk.jpg", cmyk));
        assertRedLeftBlueRight(p, 40, 20);
    }

    @ParameterizedTest(name = "orientation {0}")
    @CsvSource({
        // orientation, width, height, colour at the top centre, colour at the bottom centre (after turning)
        "1, 40, 20, other, other",
        "3, 40, 20, other, other",
        "6, 20, 40, red, blue",
        "8, 20, 40, blue, red",
    })
    void exif_orientation_is_applied(int orientation, int w, int h, String top, String bottom) throws Exception {
        byte[] plain = TestImages.write(TestImages.redLeftBlueRight(40, 20, BufferedImage.TYPE_INT_RGB), "jpeg");
        for (boolean bigEndian : new boolean[] {false, true}) {
            byte[] tagged = TestImages.withExifOrientation(plain, orientation, bigEndian);
            PreparedImage p = media.image(MediaRef.ofBytes(tagged, "o" + orientation + ".jpg", Modality.IMAGE));
            assertThat(p.width()).isEqualTo(w);
            assertThat(p.height()).isEqualTo(h);
            BufferedImage back = decode(p.jpeg());
            if (orientation == 1) {
                assertThat(colourAt(back, 5, 10)).isEqualTo("red");
            } else if (orientation == 3) {
                assertThat(colourAt(back, 5, 10)).isEqualTo("blue"); // turned 180°: red is now on the right
                assertThat(colourAt(back, 35, 10)).isEqualTo("red");
            } else {
                assertThat(colourAt(back, w / 2, 5)).isEqualTo(top);
                assertThat(colourAt(back, w / 2, h - 5)).isEqualTo(bottom);
            }
        }
    }

    @Test
    void large_images_are_scaled_to_the_longest_side_and_small_ones_never_enlarged() throws Exception {
        byte[] big = TestImages.write(TestImages.redLeftBlueRight(3000, 1500, BufferedImage.TYPE_INT_RGB), "png");
        assertRedLeftBlueRight(media.image(file("big.png", big)), 1024, 512);
        byte[] small = TestImages.write(TestImages.redLeftBlueRight(100, 50, BufferedImage.TYPE_INT_RGB), "png");
        assertRedLeftBlueRight(media.image(file("small.png", small)), 100, 50);
        try (MediaPreparer m = MediaPreparer.builder().optLongestSide(256).build()) {
            assertRedLeftBlueRight(m.image(MediaRef.ofBytes(big, "big.png", Modality.IMAGE)), 256, 128);
        }
    }

    @Test
    void data_uri_is_base64_jpeg() throws Exception {
        byte[] png = TestImages.write(TestImages.redLeftBlueRight(8, 8, BufferedImage.TYPE_INT_RGB), "png");
        PreparedImage p = media.image(MediaRef.ofBytes(png, "x.png", Modality.IMAGE));
        assertThat(p.dataUri()).startsWith("data:image/jpeg;base64,");
        assertThat(Base64.getDecoder().decode(p.dataUri().substring("data:image/jpeg;base64,".length())))
                .isEqualTo(p.jpeg());
    }

    @Test
    void a_3d_render_image_is_prepared_like_any_image() throws Exception {
        byte[] png = TestImages.write(TestImages.redLeftBlueRight(32, 16, BufferedImage.TYPE_INT_RGB), "png");
        Files.write(dir.resolve("view0.png"), png);
        assertRedLeftBlueRight(media.image(MediaRef.underRoot(dir, "view0.png", Modality.THREE_D)), 32, 16);
    }

    // ---- guards ----

    @Test
    void a_decompression_bomb_is_refused_from_its_header_before_decoding() throws Exception {
        MediaRef bomb = file("bomb.png", TestImages.pngHeaderClaiming(100_000, 100_000));
        assertThatThrownBy(() -> media.image(bomb))
                .isInstanceOf(MediaLimitException.class)
                .hasMessageContaining("bomb.png")
                .hasMessageContaining("100000x100000")
                .satisfies(
                        e -> assertThat(((MediaLimitException) e).limit()).isEqualTo(MediaLimitException.Limit.PIXELS));
    }

    @Test
    void a_file_over_the_size_limit_is_refused_before_reading() throws Exception {
        byte[] png = TestImages.write(TestImages.redLeftBlueRight(64, 64, BufferedImage.TYPE_INT_RGB), "png");
        MediaRef ref = file("large.png", png);
        try (MediaPreparer m = MediaPreparer.builder().optMaxFileBytes(100).build()) {
            assertThatThrownBy(() -> m.image(ref))
                    .isInstanceOf(MediaLimitException.class)
                    .hasMessageContaining("large.png")
                    .hasMessageContaining("limit of 100 bytes")
                    .satisfies(e -> assertThat(((MediaLimitException) e).limit())
                            .isEqualTo(MediaLimitException.Limit.FILE_SIZE));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpeg", "gif", "bmp", "tiff"})
    void a_truncated_image_is_refused_as_corrupt(String format) throws Exception {
        byte[] full = TestImages.write(TestImages.redLeftBlueRight(200, 100, BufferedImage.TYPE_INT_RGB), format);
        byte[] cut = Arrays.copyOf(full, full.length / 2);
        String ext = format.equals("jpeg") ? "jpg" : format;
        assertThatThrownBy(() -> media.image(file("cut." + ext, cut)))
                .isInstanceOf(CorruptMediaException.class)
                .hasMessageContaining("cut." + ext);
    }

    @Test
    void garbage_inside_a_valid_signature_is_refused_as_corrupt() throws Exception {
        byte[] png = TestImages.write(TestImages.redLeftBlueRight(64, 64, BufferedImage.TYPE_INT_RGB), "png");
        for (int i = 40; i < png.length - 20; i++) {
            png[i] = (byte) (i * 31);
        }
        assertThatThrownBy(() -> media.image(file("garbled.png", png)))
                .isInstanceOf(CorruptMediaException.class)
                .hasMessageContaining("garbled.png");
    }

    @Test
    void content_that_does_not_match_its_extension_is_refused_naming_both() throws Exception {
        byte[] png = TestImages.write(TestImages.redLeftBlueRight(8, 8, BufferedImage.TYPE_INT_RGB), "png");
        assertThatThrownBy(() -> media.image(file("photo.jpg", png)))
                .isInstanceOf(MediaTypeMismatchException.class)
                .hasMessageContaining("photo.jpg")
                .hasMessageContaining("JPEG")
                .hasMessageContaining("PNG");
        assertThatThrownBy(() -> media.image(file("notes.png", "just some text".getBytes())))
                .isInstanceOf(MediaTypeMismatchException.class)
                .hasMessageContaining("notes.png")
                .hasMessageContaining("not PNG");
    }

    @Test
    void audio_or_video_content_handed_in_as_an_image_is_refused() throws Exception {
        byte[] wav = org.omnireward.media.Wav.toBytes(org.omnireward.media.AudioClip.silence(0.1, 16000));
        assertThatThrownBy(() -> media.image(MediaRef.ofBytes(wav, "", Modality.IMAGE)))
                .isInstanceOf(MediaTypeMismatchException.class)
                .hasMessageContaining("WAV")
                .hasMessageContaining("not an image");
    }

    @Test
    void unknown_content_without_a_known_extension_is_unsupported() {
        assertThatThrownBy(() -> media.image(MediaRef.ofBytes("hello".getBytes(), "blob", Modality.IMAGE)))
                .isInstanceOf(UnsupportedMediaException.class)
                .hasMessageContaining("blob");
    }

    @Test
    void empty_and_missing_files_are_refused_naming_them() throws Exception {
        MediaRef empty = file("empty.png", new byte[0]);
        assertThatThrownBy(() -> media.image(empty))
                .isInstanceOf(CorruptMediaException.class)
                .hasMessageContaining("empty.png")
                .hasMessageContaining("empty");
        MediaRef missing = MediaRef.underRoot(dir, "nowhere.png", Modality.IMAGE);
        assertThatThrownBy(() -> media.image(missing))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("nowhere.png")
                .hasMessageContaining("not found");
    }

    // ---- cache ----

    @Test
    void equal_content_from_a_file_and_from_bytes_is_prepared_once() throws Exception {
        byte[] png = TestImages.write(TestImages.redLeftBlueRight(64, 32, BufferedImage.TYPE_INT_RGB), "png");
        PreparedImage fromFile = media.image(file("a.png", png));
        PreparedImage fromBytes = media.image(MediaRef.ofBytes(png.clone(), "row-17.png", Modality.IMAGE));
        assertThat(media.cacheStats().hits()).isEqualTo(1);
        assertThat(media.cacheStats().misses()).isEqualTo(1);
        assertThat(fromBytes.jpeg()).isSameAs(fromFile.jpeg());
        assertThat(fromBytes.source()).isEqualTo("row-17.png");
        // different content misses
        byte[] other = TestImages.write(TestImages.redLeftBlueRight(64, 30, BufferedImage.TYPE_INT_RGB), "png");
        media.image(MediaRef.ofBytes(other, "b.png", Modality.IMAGE));
        assertThat(media.cacheStats().misses()).isEqualTo(2);
    }

    @Test
    void the_cache_stays_within_its_byte_budget_evicting_the_least_recently_used() throws Exception {
        try (MediaPreparer m = MediaPreparer.builder().optCacheBytes(3_000).build()) {
            for (int i = 0; i < 20; i++) {
                byte[] png =
                        TestImages.write(TestImages.redLeftBlueRight(16 + i, 16, BufferedImage.TYPE_INT_RGB), "png");
                m.image(MediaRef.ofBytes(png, "i" + i + ".png", Modality.IMAGE));
            }
            assertThat(m.cacheStats().bytes()).isLessThanOrEqualTo(3_000);
            assertThat(m.cacheStats().entries()).isBetween(1, 19);
        }
        try (MediaPreparer off = MediaPreparer.builder().optCacheBytes(0).build()) {
            byte[] png = TestImages.write(TestImages.redLeftBlueRight(16, 16, BufferedImage.TYPE_INT_RGB), "png");
            off.image(MediaRef.ofBytes(png, "x.png", Modality.IMAGE));
            off.image(MediaRef.ofBytes(png, "x.png", Modality.IMAGE));
            assertThat(off.cacheStats().hits()).isZero();
        }
    }

    @Test
    void settings_are_checked_when_building() {
        assertThatThrownBy(() -> MediaPreparer.builder().optJpegQuality(0f)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> MediaPreparer.builder().optLongestSide(0)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> MediaPreparer.builder().optMaxFileBytes(0)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> MediaPreparer.builder().optCacheBytes(-1)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void a_closed_preparer_refuses_work() throws Exception {
        MediaPreparer m = MediaPreparer.withDefaults();
        m.close();
        assertThatThrownBy(() -> m.image(MediaRef.ofBytes(new byte[] {1}, "x.png", Modality.IMAGE)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
