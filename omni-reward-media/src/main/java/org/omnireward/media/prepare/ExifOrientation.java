package org.omnireward.media.prepare;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.nio.charset.StandardCharsets;

/**
 * Reads the EXIF orientation tag (0x0112) from image bytes and applies it. The tag is looked up in
 * the places the formats keep EXIF: a JPEG's APP1 "Exif" segment, a TIFF file's first IFD, a WebP
 * {@code EXIF} chunk and a PNG {@code eXIf} chunk. Every offset is bounds-checked: a damaged EXIF
 * block means "no orientation", never an exception.
 */
final class ExifOrientation {

    /** The value meaning "stored as displayed". */
    static final int NORMAL = 1;

    private ExifOrientation() {}

    /** The orientation (1..8), or {@link #NORMAL} when the bytes carry none or an invalid one. */
    static int read(byte[] b, MediaFormat format) {
        int o = switch (format) {
            case JPEG -> fromJpeg(b);
            case TIFF -> fromTiff(b, 0, b.length);
            case WEBP -> fromWebp(b);
            case PNG -> fromPng(b);
            default -> NORMAL;
        };
        return o >= 1 && o <= 8 ? o : NORMAL;
    }

    private static int fromJpeg(byte[] b) {
        int i = 2;
        while ((long) i + 4 <= b.length) {
            if ((b[i] & 0xFF) != 0xFF) {
                return NORMAL;
            }
            int marker = b[i + 1] & 0xFF;
            if (marker == 0xFF) { // fill byte
                i++;
                continue;
            }
            if (marker == 0xDA || marker == 0xD9) { // start of scan / end of image: no more metadata
                return NORMAL;
            }
            int len = u16(b, i + 2, false);
            if (len < 2) {
                return NORMAL;
            }
            int start = i + 4;
            int end = Math.min(b.length, i + 2 + len);
            if (marker == 0xE1 && end - start >= 6 && ascii(b, start, "Exif\0\0")) {
                return fromTiff(b, start + 6, end);
            }
            i += 2 + len;
        }
        return NORMAL;
    }

    private static int fromWebp(byte[] b) {
        int i = 12;
        while ((long) i + 8 <= b.length) {
            long size = u32(b, i + 4, true);
            int start = i + 8;
            long end = Math.min(b.length, start + size);
            if (ascii(b, i, "EXIF")) {
                int s = start + (end - start >= 6 && ascii(b, start, "Exif\0\0") ? 6 : 0);
                return fromTiff(b, s, (int) end);
            }
            i = (int) Math.min(Integer.MAX_VALUE, start + size + (size & 1));
        }
        return NORMAL;
    }

    private static int fromPng(byte[] b) {
        int i = 8;
        while ((long) i + 8 <= b.length) {
            long size = u32(b, i, false);
            int start = i + 8;
            if (ascii(b, i + 4, "eXIf")) {
                return fromTiff(b, start, (int) Math.min(b.length, start + size));
            }
            if (ascii(b, i + 4, "IDAT") || ascii(b, i + 4, "IEND")) {
                return NORMAL;
            }
            i = (int) Math.min(Integer.MAX_VALUE, start + size + 4);
        }
        return NORMAL;
    }

    /** Orientation from a TIFF structure occupying {@code b[start, end)}: IFD0, tag 0x0112. */
    private static int fromTiff(byte[] b, int start, int end) {
        if (end - start < 8) {
            return NORMAL;
        }
        boolean little;
        if (b[start] == 'I' && b[start + 1] == 'I') {
            little = true;
        } else if (b[start] == 'M' && b[start + 1] == 'M') {
            little = false;
        } else {
            return NORMAL;
        }
        if (u16(b, start + 2, little) != 42) {
            return NORMAL;
        }
        long ifd = u32(b, start + 4, little);
        if (ifd < 8 || start + ifd + 2 > end) {
            return NORMAL;
        }
        int at = (int) (start + ifd);
        int entries = u16(b, at, little);
        for (int k = 0; k < entries; k++) {
            int e = at + 2 + 12 * k;
            if (e + 12 > end) {
                return NORMAL;
            }
            if (u16(b, e, little) == 0x0112) {
                int type = u16(b, e + 2, little);
                return type == 3 ? u16(b, e + 8, little) : NORMAL; // SHORT
            }
        }
        return NORMAL;
    }

    /**
     * The image turned as the orientation says, so it shows upright (an opaque {@code TYPE_INT_RGB}
     * image in, the same type out).
     */
    static BufferedImage apply(BufferedImage src, int orientation) {
        if (orientation == NORMAL) {
            return src;
        }
        int w = src.getWidth();
        int h = src.getHeight();
        boolean swap = orientation >= 5;
        BufferedImage dst = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_RGB);
        int[] in = ((DataBufferInt) src.getRaster().getDataBuffer()).getData();
        int[] out = ((DataBufferInt) dst.getRaster().getDataBuffer()).getData();
        int dw = dst.getWidth();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int dx;
                int dy;
                switch (orientation) {
                    case 2 -> {
                        dx = w - 1 - x;
                        dy = y;
                    } // mirrored horizontally
                    case 3 -> {
                        dx = w - 1 - x;
                        dy = h - 1 - y;
                    } // turned 180°
                    case 4 -> {
                        dx = x;
                        dy = h - 1 - y;
                    } // mirrored vertically
                    case 5 -> {
                        dx = y;
                        dy = x;
                    } // transposed
                    case 6 -> {
                        dx = h - 1 - y;
                        dy = x;
                    } // needs 90° clockwise
                    case 7 -> {
                        dx = h - 1 - y;
                        dy = w - 1 - x;
                    } // transversed
                    default -> {
                        dx = y;
                        dy = w - 1 - x;
                    } // 8: needs 90° counter-clockwise
                }
                out[dy * dw + dx] = in[y * w + x];
            }
        }
        return dst;
    }

    private static int u16(byte[] b, int i, boolean little) {
        if (i < 0 || (long) i + 2 > b.length) {
            return -1;
        }
        int a = b[i] & 0xFF;
        int c = b[i + 1] & 0xFF;
        return little ? a | c << 8 : a << 8 | c;
    }

    private static long u32(byte[] b, int i, boolean little) {
        if (i < 0 || (long) i + 4 > b.length) {
            return Integer.MAX_VALUE;
        }
        long v = 0;
        for (int k = 0; k < 4; k++) {
            int x = b[little ? i + 3 - k : i + k] & 0xFF;
            v = v << 8 | x;
        }
        return v;
    }

    private static boolean ascii(byte[] b, int i, String s) {
        return i >= 0
                && (long) i + s.length() <= b.length
                && new String(b, i, s.length(), StandardCharsets.ISO_8859_1).equals(s);
    }
}
