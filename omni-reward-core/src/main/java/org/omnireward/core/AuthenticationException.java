package org.omnireward.core;

/** The remote service refused our credentials (HTTP 401/403). Never carries the secret itself. */
public class AuthenticationException extends NonRetriableException {

    public AuthenticationException(String message) {
        super(message);
    }
}
