package org.omnireward.media.prepare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.omnireward.core.MediaFormat;

class ExifOrientationTest {

    @Test
    void exif_parsing_never_throws_on_random_or_cut_bytes() {
        SplittableRandom random = new SplittableRandom(3);
        byte[] valid = TestImages.withExifOrientation(
                new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9}, 6, false);
        assertThat(ExifOrientation.read(valid, MediaFormat.JPEG)).isEqualTo(6);
        for (int cut = 0; cut < valid.length; cut++) {
            int o = ExifOrientation.read(Arrays.copyOf(valid, cut), MediaFormat.JPEG);
            assertThat(o).isBetween(1, 8);
        }
        for (int i = 0; i < 2000; i++) {
            byte[] b = new byte[random.nextInt(64)];
            for (int k = 0; k < b.length; k++) {
                b[k] = (byte) random.nextInt(256);
            }
            if (b.length > 2) {
                b[0] = (byte) 0xFF;
                b[1] = (byte) 0xD8;
            }
            for (MediaFormat f :
                    new MediaFormat[] {MediaFormat.JPEG, MediaFormat.TIFF, MediaFormat.PNG, MediaFormat.WEBP}) {
                assertThat(ExifOrientation.read(b, f)).isBetween(1, 8);
            }
        }
    }
}
