package org.omnireward.media.prepare;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes lossless WebP (VP8L) files of opaque images with at most two values per colour channel,
 * with "simple" prefix codes and no transforms: enough to make WebP test fixtures in code, since
 * TwelveMonkeys' WebP plugin only reads. Written from the WebP lossless bitstream specification.
 */
final class TinyWebp {

    private TinyWebp() {}

    /** Encodes {@code argb} pixels (row by row; alpha must be 255; each channel at most two distinct values). */
    static byte[] encode(int width, int height, int[] argb) {
        Bits bits = new Bits();
        bits.put(width - 1, 14).put(height - 1, 14).put(0, 1).put(0, 3); // no alpha, version 0
        bits.put(0, 1); // no transforms
        bits.put(0, 1); // no colour cache
        bits.put(0, 1); // no meta prefix codes
        int[][] symbols = new int[4][];
        int[] shifts = {8, 16, 0, 24}; // green, red, blue, alpha: the order of the codes and of each pixel's symbols
        for (int c = 0; c < 4; c++) {
            symbols[c] = distinct(argb, shifts[c]);
            writeSimpleCode(bits, symbols[c]);
        }
        writeSimpleCode(bits, new int[] {0}); // distance code (unused)
        for (int p : argb) {
            for (int c = 0; c < 4; c++) {
                int[] s = symbols[c];
                if (s.length == 2) {
                    bits.put(((p >>> shifts[c]) & 0xFF) == s[0] ? 0 : 1, 1);
                }
            }
        }
        byte[] data = bits.bytes();
        int chunk = 1 + data.length;
        int padded = chunk + (chunk & 1);
        ByteBuffer b = ByteBuffer.allocate(20 + padded).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII))
                .putInt(12 + padded)
                .put("WEBP".getBytes(StandardCharsets.US_ASCII));
        b.put("VP8L".getBytes(StandardCharsets.US_ASCII))
                .putInt(chunk)
                .put((byte) 0x2F)
                .put(data);
        return b.array();
    }

    private static int[] distinct(int[] argb, int shift) {
        int a = -1;
        int b = -1;
        for (int p : argb) {
            int v = (p >>> shift) & 0xFF;
            if (a < 0 || v == a) {
                a = v;
            } else if (b < 0 || v == b) {
                b = v;
            } else {
                throw new IllegalArgumentException("more than two values in one channel");
            }
        }
        return b < 0 ? new int[] {a} : new int[] {Math.min(a, b), Math.max(a, b)};
    }

    /** A simple prefix code of one or two 8-bit symbols (the smaller gets code 0). */
    private static void writeSimpleCode(Bits bits, int[] s) {
        bits.put(1, 1).put(s.length - 1, 1).put(1, 1).put(s[0], 8);
        if (s.length == 2) {
            bits.put(s[1], 8);
        }
    }

    /** Least-significant-bit-first bit writer. */
    private static final class Bits {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private long acc;
        private int n;

        Bits put(int value, int count) {
            acc |= ((long) value & ((1L << count) - 1)) << n;
            n += count;
            while (n >= 8) {
                out.write((int) (acc & 0xFF));
                acc >>>= 8;
                n -= 8;
            }
            return this;
        }

        byte[] bytes() {
            if (n > 0) {
                out.write((int) (acc & 0xFF));
                acc = 0;
                n = 0;
            }
            return out.toByteArray();
        }
    }
}
