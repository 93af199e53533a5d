package org.omnireward.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.omnireward.core.InvalidInputException;

class ImagesTest {

    @TempDir
    Path dir;

    /** 32×32, left half transparent, right half opaque red. */
    private static BufferedImage halfTransparent() {
        BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(200, 0, 0));
        g.fillRect(16, 0, 16, 32);
        g.dispose();
        return img;
    }

    @Test
    void jpeg_encoding_turns_transparent_pixels_white() {
        byte[] jpeg = Images.toJpegBytes(halfTransparent(), 0.95f);
        BufferedImage back = Images.read(jpeg, "mem.jpg");
        Color transparentSide = new Color(back.getRGB(4, 16));
        Color redSide = new Color(back.getRGB(28, 16));
        assertThat(transparentSide.getRed()).isGreaterThan(245);
        assertThat(transparentSide.getGreen()).isGreaterThan(245);
        assertThat(transparentSide.getBlue()).isGreaterThan(245);
        assertThat(redSide.getRed()).isGreaterThan(180);
        assertThat(redSide.getGreen()).isLessThan(40);
    }

    @Test
    void flatten_blends_half_transparent_pixels_with_white() {
        BufferedImage img = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(0, 0, new Color(0, 0, 0, 128).getRGB());
        Color c = new Color(Images.flattenOnWhite(img).getRGB(0, 0));
        assertThat(c.getRed()).isBetween(120, 135);
        assertThat(c.getRed()).isEqualTo(c.getBlue());
    }

    @Test
    void png_file_round_trip_keeps_alpha_and_pixels() throws Exception {
        Path file = dir.resolve("a/b/img.png");
        Images.writePng(halfTransparent(), file);
        BufferedImage back = Images.read(file);
        assertThat(back.getWidth()).isEqualTo(32);
        assertThat(back.getRGB(4, 4) >>> 24).isZero();
        assertThat(back.getRGB(20, 4)).isEqualTo(new Color(200, 0, 0).getRGB());
    }

    @Test
    void jpeg_file_is_written_and_readable() throws Exception {
        Path file = dir.resolve("img.jpg");
        Images.writeJpeg(halfTransparent(), file, 0.8f);
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes[0] & 0xFF).isEqualTo(0xFF);
        assertThat(bytes[1] & 0xFF).isEqualTo(0xD8);
        assertThat(Images.read(file).getHeight()).isEqualTo(32);
    }

    @Test
    void higher_jpeg_quality_gives_larger_files() {
        BufferedImage noisy = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        java.util.Random r = new java.util.Random(3);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                noisy.setRGB(x, y, r.nextInt(0xFFFFFF));
            }
        }
        assertThat(Images.toJpegBytes(noisy, 0.95f).length).isGreaterThan(Images.toJpegBytes(noisy, 0.3f).length);
    }

    @Test
    void rejects_quality_out_of_range() {
        assertThatThrownBy(() -> Images.toJpegBytes(halfTransparent(), 0f))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("quality");
    }

    @Test
    void rejects_a_file_that_is_not_an_image_naming_it() throws Exception {
        Path file = dir.resolve("notes.png");
        Files.writeString(file, "not an image");
        assertThatThrownBy(() -> Images.read(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("notes.png");
    }
}
