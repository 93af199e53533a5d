package org.omnireward.media.prepare;

import org.omnireward.core.InvalidInputException;

/**
 * Media whose content cannot be decoded: truncated, damaged, empty, or without a stream of the kind
 * asked for (a video file with no video stream, an audio file with no audio).
 */
public class CorruptMediaException extends InvalidInputException {

    public CorruptMediaException(String message) {
        super(message);
    }

    public CorruptMediaException(String message, Throwable cause) {
        super(message, cause);
    }
}
