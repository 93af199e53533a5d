package org.omnireward.media.prepare;

import org.omnireward.core.InvalidInputException;

/**
 * Media whose content (by its magic bytes) is not what its file extension says, or not the kind of
 * media asked for (an MP3 handed in as an image). The message names the file, what the name says and
 * what the content is.
 */
public class MediaTypeMismatchException extends InvalidInputException {

    private final String declared;
    private final String detected;

    public MediaTypeMismatchException(String message, String declared, String detected) {
        super(message);
        this.declared = declared;
        this.detected = detected;
    }

    /** What the name (extension) or the caller said the media is. */
    public String declared() {
        return declared;
    }

    /** What the content is by its magic bytes ({@code unknown} when no known format matched). */
    public String detected() {
        return detected;
    }
}
