package org.omnireward.media.prepare;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.omnireward.core.InvalidInputException;

/**
 * The image steps of {@link MediaPreparer}: header-first decoding with a pixel guard, flattening on
 * white, high-quality downscaling, EXIF orientation and JPEG encoding. Stateless; thread-safe. Streams
 * are memory-cached explicitly: {@code ImageIO.createImageInputStream} would spool bytes through a
 * temporary file whenever ImageIO's disk cache is on (its default).
 */
final class ImagePipeline {

    private ImagePipeline() {}

    /** The ImageIO format name of the decoder for each image format. */
    private static String readerName(MediaFormat f) {
        return switch (f) {
            case JPEG -> "jpeg";
            case PNG -> "png";
            case GIF -> "gif";
            case BMP -> "bmp";
            case WEBP -> "webp";
            case TIFF -> "tiff";
            default -> throw new IllegalArgumentException("not an image format: " + f);
        };
    }

    /**
     * Decodes the first image in {@code bytes}. The dimensions are read from the header first and
     * refused above {@code maxPixels}; images much larger than {@code longestSide} are decoded with
     * source subsampling (at least twice the target size is kept, for a smooth final downscale).
     */
    static BufferedImage decode(byte[] bytes, MediaFormat format, String name, long maxPixels, int longestSide) {
        try (ImageInputStream iis = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(readerName(format));
            if (!readers.hasNext()) {
                throw new UnsupportedMediaException(
                        name + " is a " + format.label() + " image, but this JVM has no ImageIO decoder for it");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(iis, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (w <= 0 || h <= 0) {
                    throw new CorruptMediaException(
                            name + " is a " + format.label() + " image whose header states " + w + "x" + h + " pixels");
                }
                long pixels = (long) w * h;
                if (pixels > maxPixels) {
                    throw new MediaLimitException(
                            MediaLimitException.Limit.PIXELS,
                            String.format(
                                    Locale.ROOT,
                                    "%s is %dx%d = %,d pixels by its %s header, over the limit of %,d pixels (optMaxPixels);"
                                            + " refused before decoding",
                                    name,
                                    w,
                                    h,
                                    pixels,
                                    format.label(),
                                    maxPixels));
                }
                ImageReadParam param = reader.getDefaultReadParam();
                int sub = Math.max(w, h) / (2 * longestSide);
                if (sub >= 2) {
                    param.setSourceSubsampling(sub, sub, 0, 0);
                }
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((r, warning) -> warnings.add(warning));
                BufferedImage image = reader.read(0, param);
                if (image == null) {
                    throw new CorruptMediaException(name + ": the " + format.label() + " decoder returned no image");
                }
                for (String warning : warnings) {
                    if (isDamage(warning)) {
                        throw new CorruptMediaException(
                                name + " is a truncated or corrupt " + format.label() + " image: " + warning);
                    }
                }
                return image;
            } finally {
                reader.dispose();
            }
        } catch (InvalidInputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // ImageIO's decoders report damage as IIOException, EOFException, and for some broken files
            // as IllegalArgumentException, IndexOutOfBoundsException, NegativeArraySizeException, ...
            throw new CorruptMediaException(
                    name + " is a truncated or corrupt " + format.label() + " image: " + describe(e), e);
        }
    }

    /** Warnings that mean missing or damaged data (the JDK's JPEG decoder fills the rest with grey). */
    private static boolean isDamage(String warning) {
        String w = warning.toLowerCase(Locale.ROOT);
        return w.contains("premature end") || w.contains("truncated");
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }

    /**
     * An opaque {@code TYPE_INT_RGB} copy of {@code src} drawn over white and scaled so its longest side
     * is at most {@code longestSide} (never enlarged). Large reductions go by halving steps with
     * bilinear filtering, which keeps fine detail from aliasing the way a single nearest or bilinear
     * step would.
     */
    static BufferedImage flattenAndFit(BufferedImage src, int longestSide) {
        int w = src.getWidth();
        int h = src.getHeight();
        double scale = Math.min(1.0, longestSide / (double) Math.max(w, h));
        int tw = Math.max(1, (int) Math.round(w * scale));
        int th = Math.max(1, (int) Math.round(h * scale));
        BufferedImage cur = src;
        while (cur.getWidth() / 2 >= tw * 2 && cur.getHeight() / 2 >= th * 2) {
            cur = draw(cur, cur.getWidth() / 2, cur.getHeight() / 2);
        }
        if (cur == src || cur.getWidth() != tw || cur.getHeight() != th) {
            cur = draw(cur, tw, th);
        }
        return cur;
    }

    private static BufferedImage draw(BufferedImage src, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            if (w != src.getWidth() || h != src.getHeight()) {
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            }
            g.drawImage(src, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** Baseline JPEG of an opaque image at {@code quality} in (0, 1]. */
    static byte[] encodeJpeg(BufferedImage rgb, float quality) {
        return org.omnireward.media.Images.encodeOpaqueJpeg(rgb, quality);
    }
}
