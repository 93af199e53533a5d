package org.omnireward.media.prepare;

import org.omnireward.core.InvalidInputException;

/**
 * Media refused because it exceeds a limit of the {@link MediaPreparer}: its file size (checked before
 * any byte is read), its pixel count (read from the header before decoding, so a decompression bomb
 * never allocates), or its duration.
 */
public class MediaLimitException extends InvalidInputException {

    /** Which limit was exceeded. */
    public enum Limit {
        /** {@code optMaxFileBytes} */
        FILE_SIZE,
        /** {@code optMaxPixels} */
        PIXELS,
        /** {@code optMaxDuration} */
        DURATION
    }

    private final Limit limit;

    public MediaLimitException(Limit limit, String message) {
        super(message);
        this.limit = limit;
    }

    /** The limit that was exceeded. */
    public Limit limit() {
        return limit;
    }
}
