package org.omnireward.media.prepare;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MediaFormatTest {

    private static MediaFormat sniff(byte[] b) {
        return MediaFormat.sniff(b, b.length).orElse(null);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] padded(byte[] head) {
        return Arrays.copyOf(head, Math.max(head.length, 32));
    }

    @Test
    void magic_bytes_name_the_container() {
        assertThat(sniff(padded(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0})))
                .isEqualTo(MediaFormat.JPEG);
        assertThat(sniff(padded(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A})))
                .isEqualTo(MediaFormat.PNG);
        assertThat(sniff(padded(ascii("GIF89a")))).isEqualTo(MediaFormat.GIF);
        assertThat(sniff(padded(ascii("BM")))).isEqualTo(MediaFormat.BMP);
        assertThat(sniff(padded(ascii("RIFF\0\0\0\0WEBPVP8L")))).isEqualTo(MediaFormat.WEBP);
        assertThat(sniff(padded(ascii("RIFF\0\0\0\0WAVEfmt ")))).isEqualTo(MediaFormat.WAV);
        assertThat(sniff(padded(ascii("RIFF\0\0\0\0AVI LIST")))).isEqualTo(MediaFormat.AVI);
        assertThat(sniff(padded(ascii("II*\0")))).isEqualTo(MediaFormat.TIFF);
        assertThat(sniff(padded(ascii("MM\0*")))).isEqualTo(MediaFormat.TIFF);
        assertThat(sniff(padded(ascii("\0\0\0\u0020ftypisom")))).isEqualTo(MediaFormat.ISO_BMFF);
        assertThat(sniff(padded(new byte[] {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3})))
                .isEqualTo(MediaFormat.MATROSKA);
        assertThat(sniff(padded(ascii("OggS")))).isEqualTo(MediaFormat.OGG);
        assertThat(sniff(padded(ascii("fLaC")))).isEqualTo(MediaFormat.FLAC);
        assertThat(sniff(padded(ascii("ID3\u0004")))).isEqualTo(MediaFormat.MP3);
        assertThat(sniff(padded(new byte[] {(byte) 0xFF, (byte) 0xFB, (byte) 0x90})))
                .isEqualTo(MediaFormat.MP3);
        byte[] ts = new byte[400];
        ts[0] = 0x47;
        ts[188] = 0x47;
        assertThat(sniff(ts)).isEqualTo(MediaFormat.MPEG_TS);
    }

    @Test
    void text_and_short_or_empty_input_match_nothing() {
        assertThat(sniff(ascii("Good morning, this is plain text."))).isNull();
        assertThat(sniff(new byte[0])).isNull();
        assertThat(sniff(ascii("RIFF"))).isNull();
        assertThat(sniff(ascii("G"))).isNull();
    }

    @Test
    void extensions_map_to_formats_case_insensitively() {
        assertThat(MediaFormat.byExtension("JPG")).contains(MediaFormat.JPEG);
        assertThat(MediaFormat.byExtension("mov")).contains(MediaFormat.ISO_BMFF);
        assertThat(MediaFormat.byExtension("m4a")).contains(MediaFormat.ISO_BMFF);
        assertThat(MediaFormat.byExtension("webm")).contains(MediaFormat.MATROSKA);
        assertThat(MediaFormat.byExtension("")).isEmpty();
        assertThat(MediaFormat.byExtension("xyz")).isEmpty();
    }

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

    @Test
    void the_cache_evicts_the_least_recently_used_entry_first() {
        PreparedCache cache = new PreparedCache(100);
        cache.put("a", "A", 40);
        cache.put("b", "B", 40);
        assertThat(cache.get("a")).isEqualTo("A"); // a is now the most recently used
        cache.put("c", "C", 40);
        assertThat(cache.get("b")).isNull();
        assertThat(cache.get("a")).isEqualTo("A");
        assertThat(cache.get("c")).isEqualTo("C");
        cache.put("huge", "H", 101);
        assertThat(cache.get("huge")).isNull();
        assertThat(cache.stats().bytes()).isEqualTo(80);
    }
}
