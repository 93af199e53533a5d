package org.omnireward.media;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Objects;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.omnireward.core.InvalidInputException;

/**
 * Reads and writes images with the JDK's ImageIO (PNG, JPEG, GIF, BMP). JPEG output is always
 * flattened on white first, because JPEG has no alpha channel and judges receive images as JPEG
 * (protocol.md, "Evaluation protocol"): a transparent pixel must reach the model as white, not black.
 */
public final class Images {

    private Images() {}

    /**
     * Reads an image file.
     *
     * @throws NoSuchFileException when the file does not exist
     * @throws InvalidInputException when the file is not an image ImageIO can decode
     */
    public static BufferedImage read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "image file not found");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return decode(in, file.toString());
        }
    }

    /**
     * Decodes image bytes; {@code name} is only used in error messages.
     *
     * @throws InvalidInputException when the bytes are not an image ImageIO can decode
     */
    public static BufferedImage read(byte[] bytes, String name) {
        try {
            return decode(new ByteArrayInputStream(bytes), name);
        } catch (IOException e) {
            throw new InvalidInputException("cannot decode image " + name + ": " + e.getMessage(), e);
        }
    }

    private static BufferedImage decode(InputStream in, String name) throws IOException {
        BufferedImage image;
        try {
            image = ImageIO.read(in);
        } catch (javax.imageio.IIOException | IllegalArgumentException e) {
            throw new InvalidInputException("cannot decode image " + name + ": " + e.getMessage(), e);
        }
        if (image == null) {
            throw new InvalidInputException(
                    "cannot decode image " + name + ": not a format this JVM reads (expected PNG, JPEG, GIF or BMP)");
        }
        return image;
    }

    /** Writes a PNG file (alpha kept), creating parent folders. */
    public static void writePng(BufferedImage image, Path file) throws IOException {
        writeBytes(toPngBytes(image), file);
    }

    /**
     * Writes a JPEG file, creating parent folders; transparency is flattened on white.
     *
     * @param quality JPEG quality in (0, 1]
     */
    public static void writeJpeg(BufferedImage image, Path file, float quality) throws IOException {
        writeBytes(toJpegBytes(image, quality), file);
    }

    /** Encodes as PNG. */
    public static byte[] toPngBytes(BufferedImage image) {
        Objects.requireNonNull(image, "image");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new InvalidInputException("no PNG writer accepts an image of type " + image.getType());
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("PNG encoding failed", e);
        }
        return out.toByteArray();
    }

    /**
     * Encodes as baseline JPEG after flattening transparency on white.
     *
     * @param quality JPEG quality in (0, 1]; 0.9 is a good default for judges
     * @throws InvalidInputException when quality is out of range
     */
    public static byte[] toJpegBytes(BufferedImage image, float quality) {
        Objects.requireNonNull(image, "image");
        if (!(quality > 0f && quality <= 1f)) {
            throw new InvalidInputException("JPEG quality must be in (0, 1], got " + quality);
        }
        return encodeOpaqueJpeg(flattenOnWhite(image), quality);
    }

    /**
     * Baseline JPEG of an image that is already opaque RGB (no flattening) at {@code quality} in
     * (0, 1], encoded through an in-memory stream (ImageIO's default stream may go through a
     * temporary file).
     */
    public static byte[] encodeOpaqueJpeg(BufferedImage rgb, float quality) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        if (!writers.hasNext()) {
            throw new IllegalStateException("this JVM has no JPEG writer");
        }
        ImageWriter writer = writers.next();
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(4096, rgb.getWidth() * rgb.getHeight() / 4));
        try (ImageOutputStream ios = new javax.imageio.stream.MemoryCacheImageOutputStream(out)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.setOutput(ios);
            writer.write(null, new IIOImage(rgb, null, null), param);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("JPEG encoding failed", e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /**
     * Returns an opaque RGB copy of the image drawn over white, so transparent pixels become white
     * and half-transparent ones are blended with white. Opaque images are copied unchanged.
     */
    public static BufferedImage flattenOnWhite(BufferedImage image) {
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, rgb.getWidth(), rgb.getHeight());
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return rgb;
    }

    private static void writeBytes(byte[] bytes, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(bytes);
        }
    }
}
