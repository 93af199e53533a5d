package org.omnireward.core;

/** Input that does not meet a contract: a missing field, an unknown task name, a bad label, … */
public class InvalidInputException extends NonRetriableException {

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
