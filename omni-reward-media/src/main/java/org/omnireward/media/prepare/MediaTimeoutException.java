package org.omnireward.media.prepare;

import org.omnireward.core.InvalidInputException;

/**
 * Native (FFmpeg) decoding of one media item took longer than {@code optDecodeTimeout}. The same
 * content would take as long again, so this is bad input, not a retriable failure.
 */
public class MediaTimeoutException extends InvalidInputException {

    public MediaTimeoutException(String message) {
        super(message);
    }
}
