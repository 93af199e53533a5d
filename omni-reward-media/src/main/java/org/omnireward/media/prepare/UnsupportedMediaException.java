package org.omnireward.media.prepare;

import org.omnireward.core.InvalidInputException;

/** Media in a format the preparer cannot read (no decoder recognises its content). */
public class UnsupportedMediaException extends InvalidInputException {

    public UnsupportedMediaException(String message) {
        super(message);
    }
}
