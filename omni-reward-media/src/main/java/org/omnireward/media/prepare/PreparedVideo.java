package org.omnireward.media.prepare;

import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;

/**
 * A whole video file for a judge that samples frames itself (vLLM's {@code video_url}), after the
 * preparer's guards: size, type and duration checked, the bytes as they are.
 *
 * <p>The byte array is shared (with the preparer's cache, too): do not modify it.
 *
 * @param bytes the file's bytes
 * @param mimeType its content type, e.g. {@code video/mp4}
 * @param seconds its duration
 * @param source what it was made from, for messages: the media name
 */
public record PreparedVideo(byte[] bytes, String mimeType, double seconds, String source) {

    public PreparedVideo {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(mimeType, "mimeType");
        Objects.requireNonNull(source, "source");
    }

    /** {@code data:<mimeType>;base64,…} of the file. */
    public String dataUri() {
        return "data:" + mimeType + ";base64," + Base64.getEncoder().encodeToString(bytes);
    }

    PreparedVideo withSource(String newSource) {
        return newSource.equals(source) ? this : new PreparedVideo(bytes, mimeType, seconds, newSource);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PreparedVideo p
                && Double.compare(p.seconds, seconds) == 0
                && Arrays.equals(p.bytes, bytes)
                && p.mimeType.equals(mimeType)
                && p.source.equals(source);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(bytes), mimeType, seconds, source);
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT, "PreparedVideo[%.3f s, %d bytes %s, %s]", seconds, bytes.length, mimeType, source);
    }
}
