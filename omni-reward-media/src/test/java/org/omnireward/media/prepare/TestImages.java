package org.omnireward.media.prepare;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Images made in code for the preparer's tests. */
final class TestImages {

    private TestImages() {}

    /** {@code w}x{@code h}, the left half red, the right half blue. */
    static BufferedImage redLeftBlueRight(int w, int h, int type) {
        BufferedImage img = new BufferedImage(w, h, type);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(220, 20, 20));
        g.fillRect(0, 0, w / 2, h);
        g.setColor(new Color(20, 20, 220));
        g.fillRect(w / 2, 0, w - w / 2, h);
        g.dispose();
        return img;
    }

    /** Encodes with the first ImageIO writer of {@code format}, or null when there is none. */
    static byte[] write(BufferedImage img, String format) throws IOException {
        Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName(format);
        if (!it.hasNext()) {
            return null;
        }
        ImageWriter w = it.next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            w.setOutput(ios);
            w.write(img);
        } finally {
            w.dispose();
        }
        return out.toByteArray();
    }

    /** A 16-bit-per-channel RGB image (PNG writes it as bit depth 16). */
    static BufferedImage rgb16(int w, int h) {
        java.awt.color.ColorSpace cs = java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_sRGB);
        java.awt.image.ComponentColorModel cm = new java.awt.image.ComponentColorModel(
                cs, false, false, java.awt.Transparency.OPAQUE, java.awt.image.DataBuffer.TYPE_USHORT);
        WritableRaster r = cm.createCompatibleWritableRaster(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean left = x < w / 2;
                r.setPixel(x, y, left ? new int[] {56000, 5000, 5000} : new int[] {5000, 5000, 56000});
            }
        }
        return new BufferedImage(cm, r, false, null);
    }

    /** A 2-colour palette image (red, blue) with the red half on the left. */
    static BufferedImage palette(int w, int h) {
        IndexColorModel cm = new IndexColorModel(
                1, 2, new byte[] {(byte) 220, 20}, new byte[] {20, 20}, new byte[] {20, (byte) 220});
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_BINARY, cm);
        WritableRaster r = img.getRaster();
        for (int y = 0; y < h; y++) {
            for (int x = w / 2; x < w; x++) {
                r.setSample(x, y, 0, 1);
            }
        }
        return img;
    }

    /** Left half fully transparent, right half opaque blue. */
    static BufferedImage halfTransparent(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(20, 20, 220));
        g.fillRect(w / 2, 0, w - w / 2, h);
        g.dispose();
        return img;
    }

    /**
     * A CMYK JPEG (Adobe APP14, four components), written from a raster: the JDK's own decoder
     * cannot read these; TwelveMonkeys' can. Null when there is no JDK JPEG writer. Left half red (C=0 M=255 Y=255 K=0), right half blue.
     */
    static byte[] cmykJpeg(int w, int h) throws IOException {
        WritableRaster r = Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_BYTE, w, h, 4, null);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                // Adobe CMYK JPEGs store inverted values (255 = no ink)
                int[] cmyk = x < w / 2 ? new int[] {0, 235, 235, 0} : new int[] {235, 235, 0, 0};
                r.setPixel(x, y, new int[] {255 - cmyk[0], 255 - cmyk[1], 255 - cmyk[2], 255 - cmyk[3]});
            }
        }
        ImageWriter writer = null;
        for (Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("jpeg"); it.hasNext(); ) {
            ImageWriter cand = it.next();
            if (cand.getClass().getName().startsWith("com.sun.imageio")) {
                writer = cand;
            }
        }
        if (writer == null) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.write(null, new IIOImage(r, null, null), writer.getDefaultWriteParam());
        } finally {
            writer.dispose();
        }
        // the JDK writes no Adobe segment for a raster; add one saying "CMYK, no transform" (APP14 transform 0)
        byte[] plain = out.toByteArray();
        ByteArrayOutputStream withAdobe = new ByteArrayOutputStream();
        withAdobe.write(plain, 0, 2);
        withAdobe.writeBytes(
                new byte[] {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0});
        withAdobe.write(plain, 2, plain.length - 2);
        return withAdobe.toByteArray();
    }

    /** {@code jpeg} with an APP1 Exif segment carrying orientation {@code o}, right after SOI. */
    static byte[] withExifOrientation(byte[] jpeg, int o, boolean bigEndian) {
        ByteBuffer tiff = ByteBuffer.allocate(26)
                .order(bigEndian ? java.nio.ByteOrder.BIG_ENDIAN : java.nio.ByteOrder.LITTLE_ENDIAN);
        tiff.put(bigEndian ? "MM".getBytes(StandardCharsets.US_ASCII) : "II".getBytes(StandardCharsets.US_ASCII));
        tiff.putShort((short) 42).putInt(8); // header, IFD0 at 8
        tiff.putShort((short) 1); // one entry
        tiff.putShort((short) 0x0112)
                .putShort((short) 3)
                .putInt(1)
                .putShort((short) o)
                .putShort((short) 0);
        tiff.putInt(0); // no next IFD
        byte[] t = tiff.array();
        int len = 2 + 6 + t.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xFF);
        out.write(0xD8);
        out.write(0xFF);
        out.write(0xE1);
        out.write(len >> 8);
        out.write(len & 0xFF);
        out.writeBytes("Exif\0\0".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(t);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /** A tiny valid PNG signature and IHDR claiming {@code w}x{@code h} RGBA pixels, then an IDAT of nothing. */
    static byte[] pngHeaderClaiming(int w, int h) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        ByteBuffer ihdr = ByteBuffer.allocate(13)
                .putInt(w)
                .putInt(h)
                .put((byte) 8)
                .put((byte) 6)
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** Decodes JPEG bytes (for checks). */
    static BufferedImage decode(byte[] bytes) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }

    /** "red", "blue", "white" or "other" at one pixel. */
    static String colourAt(BufferedImage img, int x, int y) {
        Color c = new Color(img.getRGB(x, y));
        if (c.getRed() > 180 && c.getGreen() < 80 && c.getBlue() < 80) {
            return "red";
        }
        if (c.getBlue() > 180 && c.getRed() < 80 && c.getGreen() < 80) {
            return "blue";
        }
        if (c.getRed() > 240 && c.getGreen() > 240 && c.getBlue() > 240) {
            return "white";
        }
        return "other(" + c.getRed() + "," + c.getGreen() + "," + c.getBlue() + ")";
    }
}
