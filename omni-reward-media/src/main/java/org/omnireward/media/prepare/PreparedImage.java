package org.omnireward.media.prepare;

import java.util.Base64;
import java.util.Objects;

/**
 * An image ready for a judge: baseline JPEG bytes, opaque (transparency flattened on white), upright
 * (EXIF orientation applied), at most the preparer's longest side.
 *
 * <p>The byte array is shared (with the preparer's cache, too): do not modify it.
 *
 * @param jpeg the JPEG bytes
 * @param width width of the JPEG in pixels
 * @param height height of the JPEG in pixels
 * @param source what it was made from, for messages: the media name, with {@code @12.50s} for a video frame
 */
public record PreparedImage(byte[] jpeg, int width, int height, String source) {

    /** The MIME type of {@link #jpeg()}. */
    public static final String MIME_TYPE = "image/jpeg";

    public PreparedImage {
        Objects.requireNonNull(jpeg, "jpeg");
        Objects.requireNonNull(source, "source");
    }

    /** {@code data:image/jpeg;base64,...}: what OpenAI-compatible APIs take as an {@code image_url}. */
    public String dataUri() {
        return "data:" + MIME_TYPE + ";base64," + base64();
    }

    /** The JPEG bytes in standard base64. */
    public String base64() {
        return Base64.getEncoder().encodeToString(jpeg);
    }

    PreparedImage withSource(String newSource) {
        return newSource.equals(source) ? this : new PreparedImage(jpeg, width, height, newSource);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PreparedImage p
                && p.width == width
                && p.height == height
                && java.util.Arrays.equals(p.jpeg, jpeg)
                && p.source.equals(source);
    }

    @Override
    public int hashCode() {
        return Objects.hash(java.util.Arrays.hashCode(jpeg), width, height, source);
    }

    @Override
    public String toString() {
        return "PreparedImage[" + width + "x" + height + ", " + jpeg.length + " bytes JPEG, " + source + "]";
    }
}
